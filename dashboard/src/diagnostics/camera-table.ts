/** The Diagnostics drawer's cameras, a row each, to tell which leg (camera → relay or relay → browser) is slow. */
import type { CameraDiagnostics } from '../tiles/camera-tile.js';
import { formatFrameAge } from './diagnostics-format.js';
import { el, setAttr, setText } from '../dom.js';

const COLUMNS: Array<[label: string, help: string]> = [
  ['camera', ''],
  [
    'status',
    "The relay's word, and for a camera on screen as this browser shows it: stalled when nothing was drawn here for a while, even if the relay says live.",
  ],
  ['link', 'How frames reach the server from the capture PC.'],
  ['drawn', 'Frames drawn in this browser.'],
  ['lost', 'Frames the camera produced that never reached this browser.'],
  [
    'codec',
    'How the picture comes here: h264 (the camera side’s video, decoded in this browser) or jpeg (the floor that always works); hover for why not H.264.',
  ],
  ['age', 'Since the last frame drawn here (hover a cell for when the server last received one).'],
];

/** The cells of one camera's row, built once and then only re-texted. */
class CameraRow {
  readonly tr = el('tr');
  readonly camera = el('td', 'diag-camera');
  readonly name = el('span', 'diag-camera-name');
  readonly id = el('span', 'diag-camera-id');
  readonly status = el('td', 'diag-camera-status');
  readonly ingest = el('td');
  readonly drawn = el('td', 'diag-num');
  readonly lost = el('td', 'diag-num');
  readonly codec = el('td', undefined, 'diag-codec');
  readonly age = el('td', 'diag-num');

  constructor(cameraId: string) {
    this.tr.dataset.cameraId = cameraId;
    this.camera.append(this.name, this.id);
    this.tr.append(this.camera, this.status, this.ingest, this.drawn, this.lost, this.codec, this.age);
  }

  update(cam: CameraDiagnostics): void {
    setText(this.name, cam.name);
    // Long names are cut with an ellipsis: the tooltip has all of it.
    setAttr(this.camera, 'title', cam.name === cam.id ? cam.id : `${cam.name} (${cam.id})`);
    // The id only adds information when the camera has a name of its own.
    setText(this.id, cam.name === cam.id ? '' : cam.id);
    setText(this.status, cam.status);
    setAttr(this.status, 'data-status', cam.status);
    setText(this.ingest, cam.ingest ?? '—');
    setText(this.drawn, String(cam.drawn));
    setText(this.lost, String(cam.lost));
    setText(this.codec, cam.codec.codec);
    setAttr(this.codec, 'title', cam.codec.why ? `Not H.264: ${cam.codec.why}.` : '');
    setText(this.age, formatFrameAge(cam.drawnAgo));
    setAttr(this.age, 'title', `Last frame drawn here: ${ago(cam.drawnAgo)}. Last frame the server received: ${ago(cam.receivedAgo)}.`);
  }
}

function ago(ms: number | null): string {
  return ms === null ? 'none yet' : `${formatFrameAge(ms)} ago`;
}

/** The panel's per-camera table: one row per camera, updated in place so a refresh moves nothing. */
export class CameraTable {
  readonly root = el('div', 'diag-table-wrap');
  private readonly body = el('tbody');
  private readonly table = el('table', 'diag-table', 'diag-cameras');
  private readonly empty = el('p', 'diag-empty', undefined, 'No cameras.');
  private readonly rows = new Map<string, CameraRow>();

  constructor() {
    const headRow = el('tr');
    for (const [label, help] of COLUMNS) {
      const th = el('th', undefined, undefined, label);
      th.scope = 'col';
      if (help) th.title = help;
      headRow.append(th);
    }
    const head = el('thead');
    head.append(headRow);
    this.table.append(head, this.body);
    this.root.append(this.table, this.empty);
  }

  update(cameras: readonly CameraDiagnostics[]): void {
    const seen = new Set<string>();
    for (const cam of cameras) {
      let row = this.rows.get(cam.id);
      if (!row) {
        row = new CameraRow(cam.id);
        this.rows.set(cam.id, row);
      }
      const at = this.body.children[seen.size] ?? null;
      if (at !== row.tr) this.body.insertBefore(row.tr, at);
      row.update(cam);
      seen.add(cam.id);
    }
    for (const [id, row] of this.rows) {
      if (seen.has(id)) continue;
      row.tr.remove();
      this.rows.delete(id);
    }
    this.table.hidden = this.rows.size === 0;
    this.empty.hidden = this.rows.size > 0;
  }
}
