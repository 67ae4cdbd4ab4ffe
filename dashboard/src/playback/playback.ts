/**
 * Playback in the single view: the day's timeline under the picture, and a `<video>` in place of
 * the live tile once a moment is chosen. Back to live stops the video and lets go of its file.
 * `body[data-playback]` is set while a recording is shown, which hides the live tile (playback.css).
 */
import './playback.css';
import './timeline.css';
import type { RecordingOverview } from '../../../shared/recording-status.js';
import type { ApiResult } from '../api.js';
import { setText } from '../dom.js';
import { loadDay, type DayData } from './day-data.js';
import { ExportPanel } from './export-panel.js';
import { PlaybackMarkup } from './playback-markup.js';
import { icon } from '../icons.js';
import { PlaybackBoxes } from './playback-boxes.js';
import { Player } from './player.js';
import { addLocalDays, clockTime, dayLabel, localDayStart } from './time.js';
import { SoundButton } from './sound-button.js';
import { Timeline, type ScrubPhase } from './timeline.js';

export interface PlaybackDeps {
  get<T>(path: string): Promise<ApiResult<T>>;
  /** A relay path as the page reaches it (a sub-path behind a proxy). */
  url(path: string): string;
  isAdmin(): boolean;
  openAdmin(): void;
  now?: () => number;
}

/** While today is shown, the timeline asks again this often: new recordings, "now" moving on. */
const REFRESH_MS = 15_000;

export class Playback {
  private readonly m: PlaybackMarkup;
  private readonly timeline: Timeline;
  private readonly player: Player;
  private readonly exporter: ExportPanel;
  private readonly sound: SoundButton;
  private readonly boxes: PlaybackBoxes;
  private readonly now: () => number;
  private camera: string | null = null;
  private dayFrom = 0;
  private day: DayData | null = null;
  private loads = 0;
  private refresh: ReturnType<typeof setInterval> | null = null;
  /** Playing when a drag began: it plays on after. */
  private resume = false;
  private lastScrub = 0;
  /** The moment last asked for by the route: the view applies the route again on every camera list. */
  private lastAt: number | null = null;

  constructor(
    root: HTMLElement,
    private readonly deps: PlaybackDeps,
  ) {
    this.now = deps.now ?? Date.now;
    this.m = new PlaybackMarkup(root);
    this.timeline = new Timeline({ scrub: (t, phase) => this.scrub(t, phase) }, this.now);
    this.player = new Player(this.m.video, deps.url, {
      time: (t) => this.showTime(t),
      notice: (text) => {
        setText(this.m.notice, text ?? '');
        this.m.notice.hidden = !text;
      },
      unplayable: (text) => {
        setText(this.m.unplayable, text ?? '');
        this.m.unplayable.hidden = !text;
      },
      state: () => this.showState(),
    });
    this.exporter = new ExportPanel({
      camera: () => this.camera,
      playhead: () => this.player.time,
      day: () => this.day,
      url: deps.url,
      marked: (range) => this.timeline.setMarked(range),
    });
    this.m.dayRow.append(this.timeline.tools, this.exporter.toggle);
    root.append(this.timeline.root, this.exporter.root);
    this.m.prevDay.addEventListener('click', () => void this.load(addLocalDays(this.dayFrom, -1), false));
    this.m.nextDay.addEventListener('click', () => void this.load(addLocalDays(this.dayFrom, 1), false));
    this.m.play.addEventListener('click', () => this.player.toggle());
    this.m.stepBack.addEventListener('click', () => this.player.step(-1));
    this.m.stepForward.addEventListener('click', () => this.player.step(1));
    this.m.live.addEventListener('click', () => this.backToLive());
    this.m.adminLink.addEventListener('click', () => deps.openAdmin());
    this.sound = new SoundButton(this.m.video);
    this.boxes = new PlaybackBoxes(deps.get);
    this.m.video.after(this.boxes.layer);
    this.m.controls.append(this.sound.el, this.boxes.button);
    this.m.rates.forEach((b, i) => b.addEventListener('click', () => this.player.setRate([1, 2, 4, 8][i]!)));
    this.root.hidden = true;
    this.showState();
  }

  private get root(): HTMLElement {
    return this.m.root;
  }

  /** The recorded boxes drawn from now on, the toggle pressed: what the review page plays a moment with. */
  showBoxes(): void {
    this.boxes.turnOn();
  }

  /** The single view shows `camera` (null: the grid), from moment `at` when given. */
  show(camera: string | null, at: number | null = null): void {
    if (camera !== this.camera) {
      this.player.stop();
      this.lastAt = null;
      this.camera = camera;
      this.boxes.setCamera(camera);
      this.day = null;
      this.exporter.reset();
      if (this.refresh) clearInterval(this.refresh);
      this.refresh = null;
      this.root.hidden = camera === null;
      delete document.body.dataset.timeline;
      if (camera === null) return;
      this.refresh = setInterval(() => {
        if (this.dayFrom === localDayStart(this.now()) && !document.hidden) void this.load(this.dayFrom, true);
      }, REFRESH_MS);
      if (at === null) void this.load(localDayStart(this.now()), false);
    }
    if (at === this.lastAt) return;
    this.lastAt = at;
    if (camera !== null && at !== null) void this.load(localDayStart(at), false).then(() => this.player.seek(at, true));
  }

  /** The live tile again: the video stops and its file is let go. */
  backToLive(): void {
    this.player.stop();
    this.lastAt = null;
    const route = this.camera !== null && /\/at\/\d+$/.test(location.hash);
    if (route) history.replaceState(null, '', `#/camera/${encodeURIComponent(this.camera!)}`);
  }

  get active(): boolean {
    return this.player.active;
  }

  /** Space, ',' and '.' while a recording is shown; true when the key was taken. */
  onKey(e: KeyboardEvent): boolean {
    if (!this.player.active) return false;
    if (e.key === ' ') this.player.toggle();
    else if (e.key === ',') this.player.step(-1);
    else if (e.key === '.') this.player.step(1);
    else return false;
    return true;
  }

  private async load(dayFrom: number, keepWindow: boolean): Promise<void> {
    const camera = this.camera;
    if (!camera) return;
    const load = ++this.loads;
    if (this.dayFrom !== dayFrom) this.exporter.reset();
    this.dayFrom = dayFrom;
    const now = this.now();
    setText(this.m.dayName, dayLabel(dayFrom, now));
    this.m.nextDay.disabled = addLocalDays(dayFrom, 1) > now;
    const r = await loadDay(this.deps.get, camera, dayFrom, addLocalDays(dayFrom, 1));
    // A newer load (another day, another camera) has started meanwhile: it wins.
    if (load !== this.loads || camera !== this.camera) return;
    this.m.loadError.hidden = r.ok;
    if (!r.ok) return setText(this.m.loadError, `The recordings could not be listed: ${r.message}`);
    this.day = r.day;
    this.player.setDay(r.day);
    this.timeline.setDay(r.day, keepWindow);
    this.timeline.setPlayhead(this.player.time);
    await this.showNothing(r.day, camera);
  }

  /** No recordings and not recording: no timeline, but a word on why (and for an admin, where to change it). */
  private async showNothing(day: DayData, camera: string): Promise<void> {
    let nothing = day.segments.length === 0 && (day.recording?.settings.mode ?? 'off') === 'off';
    if (nothing) {
      const all = await this.deps.get<RecordingOverview>('/api/recording');
      nothing = !all.ok || !all.body.cameras.some((c) => c.camera === camera);
    }
    if (camera !== this.camera) return;
    if (nothing) this.m.showNothing(this.deps.isAdmin());
    this.m.nothing.hidden = !nothing;
    this.timeline.root.hidden = nothing;
    this.m.dayRow.hidden = nothing;
    this.exporter.toggle.hidden = nothing;
    if (nothing) this.exporter.setOpen(false);
    if (nothing) delete document.body.dataset.timeline;
    else document.body.dataset.timeline = '';
  }

  private scrub(t: number, phase: ScrubPhase): void {
    if (phase === 'start') this.resume = this.player.playing || !this.player.active;
    // While dragging, one seek per 80 ms is plenty for the picture to follow the finger.
    if (phase === 'move' && performance.now() - this.lastScrub < 80) return this.timeline.setPlayhead(t);
    this.lastScrub = performance.now();
    this.player.seek(t, phase === 'end' && this.resume);
  }

  private showTime(t: number | null): void {
    this.timeline.setPlayhead(t);
    this.boxes.show(this.player.current, t);
    setText(this.m.badge, t === null ? '' : `● Recording · ${clockTime(t)}`);
    if (t !== null) this.m.screen.dataset.time = String(Math.round(t));
    else delete this.m.screen.dataset.time;
  }

  private showState(): void {
    const p = this.player;
    const active = p.active;
    this.sound.show(p.current);
    this.m.screen.hidden = !active;
    this.m.controls.hidden = !active;
    if (active) document.body.dataset.playback = '';
    else delete document.body.dataset.playback;
    const playing = p.playing;
    if (this.m.play.dataset.state !== String(playing)) this.m.play.replaceChildren(icon(playing ? 'pause' : 'play'));
    this.m.play.dataset.state = String(playing);
    this.m.play.setAttribute('aria-label', playing ? 'Pause (space)' : 'Play (space)');
    this.m.play.title = this.m.play.getAttribute('aria-label')!;
    const playable = p.current !== null;
    for (const b of [this.m.play, this.m.stepBack, this.m.stepForward]) b.disabled = !playable;
    this.m.rates.forEach((b, i) => b.setAttribute('aria-pressed', String([1, 2, 4, 8][i] === p.rate)));
    const s = p.current;
    if (s) this.m.screen.style.setProperty('--aspect', `${s.width} / ${s.height}`);
    this.m.screen.dataset.state = playing ? 'playing' : 'paused';
  }
}
