/**
 * The owner's known faces (#58): `known-faces.json` in the data folder (each person's id, name and
 * kept faces: the face's id, when it was added and its 128 numbers), written whole through DataFile,
 * and each kept face's crop as `faces/<face id>.jpg` beside it. A crop is written before the list
 * that names it, and removed after the list that no longer does, so the list never names a crop that
 * is not there; crops no list names (a crash between the two) are removed at start. Changes run one
 * at a time; one the disk refuses leaves memory as the disk has it, and throws.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { EMBEDDING_SIZE } from '../../common/faces/face-embedder.js';
import type { KnownFaceVectors } from '../../common/faces/face-match.js';
import { CamrelayError } from '../../shared/errors.js';
import { FACES_PER_PERSON_MAX, KNOWN_PEOPLE_MAX, type KnownPersonShown } from '../../shared/faces.js';
import { DataFile } from '../config/data-file.js';
import { writeWholeAsync } from '../config/write-whole.js';

/** Where a face kept from the review page was seen: the object of an event it names ("This is Alice"). */
export interface FaceSource {
  camera: string;
  event: string;
  object: number;
}

interface StoredFace {
  id: string;
  at: number;
  vector: number[];
  from?: FaceSource;
}

interface StoredPerson {
  id: string;
  name: string;
  faces: StoredFace[];
}

const ID = /^[0-9a-f-]{36}$/;

function valid(raw: unknown): raw is StoredPerson[] {
  return (
    Array.isArray(raw) &&
    raw.length <= KNOWN_PEOPLE_MAX &&
    raw.every(
      (p: Partial<StoredPerson>) =>
        typeof p?.id === 'string' &&
        typeof p.name === 'string' &&
        Array.isArray(p.faces) &&
        p.faces.length <= FACES_PER_PERSON_MAX &&
        p.faces.every(
          (f) =>
            typeof f?.id === 'string' &&
            ID.test(f.id) &&
            typeof f.at === 'number' &&
            Array.isArray(f.vector) &&
            f.vector.length === EMBEDDING_SIZE &&
            (f.from === undefined || (typeof f.from.camera === 'string' && typeof f.from.event === 'string' && Number.isInteger(f.from.object))),
        ),
    )
  );
}

/** A face source's key: the event object it names. */
export const sourceKey = (s: FaceSource): string => `${s.camera}/${s.event}/${s.object}`;

export class KnownFaces {
  private people: StoredPerson[];
  private readonly file: DataFile;
  private readonly crops: string;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<() => void>();
  private namedCache: Map<string, { person: string; name: string }> | null = null;

  constructor(
    dataDir: string,
    private readonly warn: (line: string) => void = () => {},
  ) {
    this.file = new DataFile(path.join(dataDir, 'known-faces.json'), { warn, check: valid });
    this.crops = path.join(dataDir, 'faces');
    const raw = this.file.read();
    this.people = raw === undefined ? [] : valid(raw) ? raw : [];
    mkdirSync(this.crops, { recursive: true });
    this.removeStrayCrops();
  }

  /** Each person with their faces' vectors: what a face is matched against. */
  vectors(): KnownFaceVectors[] {
    return this.people.map((p) => ({ id: p.id, name: p.name, vectors: p.faces.map((f) => f.vector) }));
  }

  shown(urlOf: (face: string) => string): KnownPersonShown[] {
    return this.people.map((p) => ({ id: p.id, name: p.name, faces: p.faces.map((f) => ({ id: f.id, at: f.at, url: urlOf(f.id) })) }));
  }

  /** The people as `[id, name]` pairs, in the list's order: who has a sensor (MQTT). */
  names(): Array<[string, string]> {
    return this.people.map((p) => [p.id, p.name]);
  }

  /**
   * The event objects the owner named from the review page, keyed `camera/event/object`: the person each
   * kept face names (their current name). Removing the face, or the person, unnames the object.
   */
  named(): Map<string, { person: string; name: string }> {
    if (this.namedCache) return this.namedCache;
    const named = new Map<string, { person: string; name: string }>();
    for (const p of this.people) for (const f of p.faces) if (f.from) named.set(sourceKey(f.from), { person: p.id, name: p.name });
    return (this.namedCache = named);
  }

  /** Hears each change of the list once it is on disk (a person added, renamed, merged or removed; a face kept or removed). */
  onChanged(listener: () => void): void {
    this.listeners.add(listener);
  }

  has(person: string): boolean {
    return this.people.some((p) => p.id === person);
  }

  /** A kept face's crop, or null when no person keeps a face of that id. */
  async crop(face: string): Promise<Buffer | null> {
    if (!ID.test(face) || !this.people.some((p) => p.faces.some((f) => f.id === face))) return null;
    return readFile(this.cropFile(face)).catch(() => null);
  }

  /** A new person with no faces yet; KNOWN_FACES_FULL past KNOWN_PEOPLE_MAX. */
  addPerson(name: string): Promise<string> {
    return this.change(async () => {
      if (this.people.length >= KNOWN_PEOPLE_MAX)
        throw new CamrelayError('KNOWN_FACES_FULL', `The known faces hold ${KNOWN_PEOPLE_MAX} people, the most they may: remove one first.`);
      const id = randomUUID();
      await this.save([...this.people, { id, name, faces: [] }]);
      return id;
    });
  }

  /** Keeps a face of `person` (seen on an event's object when `from`): its crop is written first, then the list. */
  addFace(person: string, vector: number[], chip: Uint8Array, from?: FaceSource): Promise<string> {
    return this.change(async () => {
      const p = this.person(person);
      if (p.faces.length >= FACES_PER_PERSON_MAX)
        throw new CamrelayError('KNOWN_FACES_FULL', `${p.name} has ${FACES_PER_PERSON_MAX} faces kept, the most a person may: remove some first.`);
      const id = randomUUID();
      await writeWholeAsync(this.cropFile(id), chip);
      const face: StoredFace = { id, at: Date.now(), vector, ...(from ? { from } : {}) };
      await this.save(this.people.map((q) => (q.id === person ? { ...q, faces: [...q.faces, face] } : q))).catch(async (err: unknown) => {
        await rm(this.cropFile(id), { force: true });
        throw err;
      });
      return id;
    });
  }

  rename(person: string, name: string): Promise<void> {
    return this.change(async () => {
      this.person(person);
      await this.save(this.people.map((q) => (q.id === person ? { ...q, name } : q)));
    });
  }

  /** `from`'s faces go to `into` (at most FACES_PER_PERSON_MAX kept, the newest), and `from` is gone. */
  merge(into: string, from: string): Promise<void> {
    return this.change(async () => {
      const [a, b] = [this.person(into), this.person(from)];
      if (a.id === b.id) return;
      const faces = [...a.faces, ...b.faces].sort((x, y) => x.at - y.at).slice(-FACES_PER_PERSON_MAX);
      const dropped = [...a.faces, ...b.faces].filter((f) => !faces.includes(f));
      await this.save(this.people.filter((q) => q.id !== from).map((q) => (q.id === into ? { ...q, faces } : q)));
      await this.removeCrops(dropped.map((f) => f.id));
    });
  }

  /** Removes one kept face: from the list, then its crop. */
  removeFace(person: string, face: string): Promise<void> {
    return this.change(async () => {
      const p = this.person(person);
      if (!p.faces.some((f) => f.id === face)) throw new CamrelayError('FACE_PERSON_NOT_FOUND', `${p.name} keeps no face of that id: reload the list.`);
      await this.save(this.people.map((q) => (q.id === person ? { ...q, faces: q.faces.filter((f) => f.id !== face) } : q)));
      await this.removeCrops([face]);
    });
  }

  /** Removes a person and all that is kept of them: their embeddings with the list, then their crops. */
  removePerson(person: string): Promise<void> {
    return this.change(async () => {
      const p = this.person(person);
      await this.save(this.people.filter((q) => q.id !== person));
      await this.removeCrops(p.faces.map((f) => f.id));
    });
  }

  flush(): Promise<void> {
    return this.queue.then(
      () => this.file.flush(),
      () => this.file.flush(),
    );
  }

  private person(id: string): StoredPerson {
    const p = this.people.find((q) => q.id === id);
    if (!p) throw new CamrelayError('FACE_PERSON_NOT_FOUND', 'No known person has that id: the list may have changed; reload it.');
    return p;
  }

  private change<T>(op: () => Promise<T>): Promise<T> {
    const next = this.queue.then(op, op);
    this.queue = next.catch(() => {});
    return next;
  }

  /** The list becomes `people` once it is on disk; a write the disk refuses changes nothing and throws. */
  private async save(people: StoredPerson[]): Promise<void> {
    await this.file.write(() => JSON.stringify(people) + '\n');
    this.people = people;
    this.namedCache = null;
    for (const listener of this.listeners) listener();
  }

  private cropFile(face: string): string {
    return path.join(this.crops, `${face}.jpg`);
  }

  private async removeCrops(faces: string[]): Promise<void> {
    for (const f of faces) await rm(this.cropFile(f), { force: true });
  }

  private removeStrayCrops(): void {
    const kept = new Set(this.people.flatMap((p) => p.faces.map((f) => `${f.id}.jpg`)));
    for (const name of readdirSync(this.crops)) if (!kept.has(name)) rmSync(path.join(this.crops, name), { force: true });
  }
}
