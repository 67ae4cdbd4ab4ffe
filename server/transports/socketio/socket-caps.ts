/**
 * How many signed-in `/monitor` connections each user and each address holds. Counted from the
 * moment the handshake is let in, not from `connection`, so sign-ins finishing together cannot
 * all slip under the cap; a slot is given back when its connection ends, however it ends.
 */
import { CamrelayError } from '../../../shared/errors.js';
import type { SocketioSettings } from './settings.js';

export class SocketCaps {
  private readonly perUser = new Map<string, number>();
  private readonly perAddress = new Map<string, number>();

  constructor(private readonly limits: Pick<SocketioSettings, 'maxSocketsPerUser' | 'maxSocketsPerAddress'>) {}

  /** A release function for the slot taken, or the refusal when the user or the address has none left. */
  take(user: string, address: string): (() => void) | CamrelayError {
    const { maxSocketsPerUser: perUser, maxSocketsPerAddress: perAddress } = this.limits;
    if ((this.perUser.get(user) ?? 0) >= perUser) {
      return new CamrelayError('TOO_MANY_SOCKETS', `Too many open Live Monitor tabs for this user (${perUser}, CAMRELAY_MAX_SOCKETS_PER_USER): close some.`);
    }
    if ((this.perAddress.get(address) ?? 0) >= perAddress) {
      return new CamrelayError(
        'TOO_MANY_SOCKETS',
        `Too many open Live Monitor connections from this address (${perAddress}, CAMRELAY_MAX_SOCKETS_PER_ADDRESS): close some tabs or devices.`,
      );
    }
    add(this.perUser, user, 1);
    add(this.perAddress, address, 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      add(this.perUser, user, -1);
      add(this.perAddress, address, -1);
    };
  }

  /** Connections held now by this user (for tests and metrics). */
  ofUser(user: string): number {
    return this.perUser.get(user) ?? 0;
  }

  /** Connections held now from this address. */
  ofAddress(address: string): number {
    return this.perAddress.get(address) ?? 0;
  }
}

function add(map: Map<string, number>, key: string, delta: number): void {
  const n = (map.get(key) ?? 0) + delta;
  if (n > 0) map.set(key, n);
  else map.delete(key);
}
