/** The typed registry behind `ctx.provided`: what each attached module offers, by its name. */
import { CamrelayError } from '../../shared/errors.js';
import type { Attached, ModuleName, Provided, ProvidedMap } from './module.js';

export class Offers implements ProvidedMap {
  // One map for every module: each name's value is that module's own offer, as `add` was given it.
  private readonly byName = new Map<string, Attached>();
  private readonly listeners: Array<(offer: Attached) => void> = [];

  add<N extends ModuleName>(name: N, offer: Provided[N]): void {
    this.byName.set(name, offer as Attached);
    for (const l of this.listeners) l(offer as Attached);
  }

  each(listener: (offer: Attached) => void): void {
    for (const offer of this.byName.values()) listener(offer);
    this.listeners.push(listener);
  }

  get<N extends ModuleName>(name: N): Provided[N] | undefined {
    return this.byName.get(name) as Provided[N] | undefined;
  }

  need<N extends ModuleName>(name: N): Provided[N] {
    const offer = this.get(name);
    if (offer === undefined) throw new CamrelayError('BAD_CONFIG', `The module "${name}" is not in the table, and another one needs it.`);
    return offer;
  }
}
