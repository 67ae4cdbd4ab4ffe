/**
 * "Who is this?" on a review card (#58, docs/faces-and-plates.md): for an event whose person was seen
 * with a face no one enrolled, an admin names them, a known person or a new one, and the relay keeps
 * that face from the person's own picture (`POST /api/faces/<id>/from-event`). Only an admin gets the
 * form: the page asks `/api/faces` once per day shown, and a viewer's refusal means no form.
 */
import type { KnownFacesAnswer } from '../../../shared/faces.js';
import type { MotionEvent } from '../../../shared/events.js';
import { el } from '../dom.js';
import type { Get, Post } from './review-data.js';

/** The known people an admin may choose from, as `/api/faces` lists them. */
export type KnownPeople = ReadonlyArray<{ id: string; name: string }>;

/** Persons named at most on one card: it is small, and the list is untrusted JSON. */
const PERSONS_MAX = 4;
const NEW_PERSON = 'new';

/** The ids of the event's persons seen with a face no one enrolled and with their own picture kept: whom the form can name. */
export function unknownFaces(e: Pick<MotionEvent, 'objects'>): number[] {
  const objects: unknown[] = Array.isArray(e.objects) ? e.objects.slice(0, 64) : [];
  const ids: number[] = [];
  for (const raw of objects) {
    if (typeof raw !== 'object' || raw === null) continue;
    const o = raw as { id?: unknown; label?: unknown; face?: unknown; pictureUrl?: unknown };
    const face = typeof o.face === 'object' && o.face !== null ? (o.face as { name?: unknown }) : null;
    if (o.label === 'person' && face && !face.name && typeof o.pictureUrl === 'string' && Number.isInteger(o.id)) ids.push(o.id as number);
  }
  return ids.slice(0, PERSONS_MAX);
}

/** The known people when the signed-in user may name faces (an admin), null otherwise (a viewer is refused). */
export async function knownPeople(get: Get): Promise<KnownPeople | null> {
  const r = await get<KnownFacesAnswer>('/api/faces');
  if (!r.ok || !Array.isArray(r.body.people)) return null;
  return r.body.people.slice(0, 100).map((p) => ({ id: String(p.id), name: String(p.name).slice(0, 40) }));
}

/**
 * Keeps the face of object `object` of event `e` as `person`'s, or as the first face of a new person
 * named `name`; null when kept, else the relay's words.
 */
export async function keepFace(
  post: Post,
  e: Pick<MotionEvent, 'camera' | 'id'>,
  object: number,
  choice: { person: string } | { name: string },
): Promise<string | null> {
  let person: string;
  if ('person' in choice) person = choice.person;
  else {
    const added = await post<KnownFacesAnswer>('/api/faces', { name: choice.name });
    if (!added.ok) return added.body.message;
    // Added last: the newest of that name.
    const found = [...added.body.people].reverse().find((p) => p.name === choice.name.trim());
    if (!found) return 'The person was added but is not in the list: reload the page.';
    person = found.id;
  }
  const kept = await post<KnownFacesAnswer>(`/api/faces/${encodeURIComponent(person)}/from-event`, { camera: e.camera, event: e.id, object });
  return kept.ok ? null : kept.body.message;
}

export interface NameFaceDeps {
  people: KnownPeople;
  /** Keeps the face (keepFace); null when kept, else the words to show. */
  save(object: number, choice: { person: string } | { name: string }): Promise<string | null>;
  /** Kept: the card's day is asked again, and names it. */
  saved(): void;
}

/** The form for one unknown person of a card: "Who is this?", a known person or "New person…" with a name, and Save. */
export function nameFaceForm(object: number, index: number, deps: NameFaceDeps): HTMLElement {
  const form = el('form', 'rv-name-face', 'review-name-face');
  const id = `rv-who-${object}-${index}`;
  const label = el('label', 'rv-who-label', undefined, 'Who is this?');
  label.htmlFor = id;
  const pick = el('select', 'ev-camera', 'review-name-face-person');
  pick.id = id;
  pick.append(new Option('Choose…', ''), ...deps.people.map((p) => new Option(p.name, p.id)), new Option('New person…', NEW_PERSON));
  const name = el('input', 'ev-camera rv-new-name', 'review-name-face-name');
  name.placeholder = 'Name';
  name.maxLength = 40;
  name.setAttribute('aria-label', 'New person’s name');
  name.hidden = true;
  const save = el('button', 'bar-button', 'review-name-face-save', 'Save');
  save.type = 'submit';
  const status = el('span', 'rv-name-status', 'review-name-face-status');
  status.setAttribute('role', 'status');
  pick.addEventListener('change', () => {
    status.textContent = '';
    name.hidden = pick.value !== NEW_PERSON;
    if (!name.hidden) name.focus();
  });
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const choice = pick.value === NEW_PERSON ? { name: name.value } : pick.value ? { person: pick.value } : null;
    if (!choice) return void (status.textContent = 'Choose who it is first.');
    save.disabled = true;
    status.textContent = 'Saving…';
    void deps.save(object, choice).then((refusal) => {
      save.disabled = false;
      if (refusal) return void (status.textContent = refusal);
      status.textContent = 'Saved.';
      deps.saved();
    });
  });
  form.append(label, pick, name, save, status);
  return form;
}
