/**
 * The recorders of this node's cameras and what they share: the settings (config file, then an
 * admin's changes saved in the data folder), the index, retention and the disk-full state. It reads
 * each recorded kind as a reader of its track (recording-reader.ts): a camera is recorded by the node its
 * capture client is connected to, into the data folder every node shares.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { RecordingStatus } from '../../shared/recording-status.js';
import { memoryCaps } from './byte-budget.js';
import { CameraRecorder, type MotionSignal, type RecorderDeps } from './camera-recorder.js';
import type { EventLog, EventLogDeps } from '../events/event-log.js';
import type { MotionDetection } from './motion/motion-detection.js';
import { RecordingEvents, type RecordingEventsOptions } from './recording-events.js';
import { Retention } from './retention.js';
import { SegmentFiles, type EventRecord, type SegmentRecord } from './segment-files.js';
import { SegmentIndex } from './segment-index.js';
import { scanMedia } from './media-scan.js';
import { RECORDER_DROPS } from './recorder-types.js';
import { openSink, type SegmentSink } from './segment-sink.js';
import { recordedCamera, type RecordedKind, type RecordedTracks, type RecordedUnits } from './record-tracks.js';
import { RecordingReader } from './recording-reader.js';
import { CameraSettingsStore } from './camera-settings-store.js';
import type { CameraRecording, CameraRecordingChange, RecordingConfig } from './settings.js';
import { own, unexpected } from '../../common/own.js';

/** The events' options (recording-events.ts: `onError`, `onEvent`, motion detection's) and the recorders'. */
export interface ManagerOptions extends RecordingEventsOptions {
  dataDir: string;
  config: RecordingConfig;
  /** ffmpeg for the h264 format: a path, or why there is none (then h264 cameras show the error). */
  ffmpeg: () => string;
  silenceMs: number;
  /** Tests: free bytes, a sink of their own, the clock, the sweep interval. */
  freeBytes?: () => Promise<number>;
  openSink?: RecorderDeps['openSink'];
  now?: () => number;
  sweepEveryMs?: number;
  keyframeSeconds?: number;
}

export class RecordingManager {
  readonly files: SegmentFiles;
  readonly index: SegmentIndex;
  readonly retention: Retention;
  readonly events: EventLog;
  readonly detection: MotionDetection;
  private readonly recorders = new Map<string, CameraRecorder>();
  /** Cameras whose capture client here offered H.264 in its handshake, until it leaves. */
  private readonly offering = new Set<string>();
  private readonly settings: CameraSettingsStore;
  private readonly timers: NodeJS.Timeout[] = [];
  private sweepSoon: NodeJS.Timeout | undefined;
  private ffmpegPath: string | null = null;
  /** The byte caps over all cameras are shared by every recorder of this manager. */
  private readonly memory: ReturnType<typeof memoryCaps>;
  /** Events a killed relay left open, closed as cut short at start (repair.ts): off-site copies take them too. */
  cutShort: EventRecord[] = [];
  private readonly recordingEvents: RecordingEvents;
  /** Modules that hear settings changes (mqtt) after construction. */
  private readonly configuredListeners = new Set<(camera: string, settings: CameraRecording) => void>();
  private reader: RecordingReader | null = null;

  constructor(private readonly o: ManagerOptions) {
    this.settings = new CameraSettingsStore(o.dataDir, o.config, (line) => o.onError?.(null, line));
    const root = path.resolve(o.dataDir, o.config.dir);
    mkdirSync(root, { recursive: true });
    this.files = new SegmentFiles(root);
    this.memory = memoryCaps(o.config);
    this.index = new SegmentIndex(this.files, o.now);
    this.retention = new Retention({
      index: this.index,
      settingsOf: (c) => this.settingsOf(c),
      minFreeMb: o.config.minFreeMb,
      freeBytes: o.freeBytes,
      now: o.now,
      onError: (err) => o.onError?.(null, err.message),
    });
    this.recordingEvents = new RecordingEvents(this.files, o, (camera, signal) => this.recorders.get(camera)?.motion(signal));
    this.events = this.recordingEvents.log;
    this.detection = this.recordingEvents.detection;
  }

  /** Closes what a killed relay left open, sweeps once, then ticks every second and sweeps every minute. */
  async start(): Promise<void> {
    this.cutShort = (await this.index.repair()).cutEvents;
    await this.retention.sweep();
    const tick = setInterval(() => {
      for (const r of this.recorders.values()) r.tick();
      this.detection.tick((this.o.now ?? Date.now)(), this.o.silenceMs);
    }, 1000);
    const sweep = setInterval(() => own(this.retention.sweep(), unexpected('a retention sweep')), this.o.sweepEveryMs ?? 60_000);
    for (const t of [tick, sweep]) t.unref();
    this.timers.push(tick, sweep);
  }

  /** Reads every recorded kind from `tracks` (record-tracks.ts), for the cameras that record of those `follow` names. */
  read(tracks: RecordedTracks): RecordingReader {
    this.reader?.close();
    this.reader = new RecordingReader(
      tracks,
      (kind, unit) => this.write(kind, unit),
      (camera) => this.settingsOf(camera).mode !== 'off',
    );
    return this.reader;
  }

  /** This node's cameras now (as they connect and leave), after `read`: those whose mode is not off are read. */
  follow(cameraIds: readonly string[]): void {
    this.reader?.follow(cameraIds);
  }

  /** The camera's capture client offers H.264: while it sends it (or for 3 s), its JPEGs start no encoder. */
  expectH264(camera: string): void {
    this.offering.add(camera);
    this.recorderOf(camera)?.expectH264();
  }

  /** The camera's last capture connection here ended: its segment is closed at once (the relay's ingest hook). */
  disconnected(camera: string): void {
    this.offering.delete(camera);
    this.recorders.get(camera)?.disconnected();
  }

  /** The camera's capture side waits for its camera (CameraInfo.source): its segment ends as `camera-offline`. */
  sourceLost(camera: string): void {
    this.recorders.get(camera)?.sourceLost();
  }

  /** A motion signal from outside the built-in detector: an event in every mode, pre- and post-roll in motion mode. */
  motion(camera: string, signal: MotionSignal): void {
    this.events.signal(camera, signal);
    this.recorders.get(camera)?.motion(signal);
  }

  /** Hears each event's start and end once its files are written (the events module, which webhooks hear). */
  onEvent(listener: NonNullable<EventLogDeps['onEvent']>): void {
    this.recordingEvents.onEvent(listener);
  }

  /** Hears a camera's settings changed by configure() (the Admin area, an MQTT command). */
  onConfigured(listener: (camera: string, settings: CameraRecording) => void): void {
    this.configuredListeners.add(listener);
  }

  /** A camera's settings: the defaults, the config file's, then an admin's saved changes. */
  settingsOf(camera: string): CameraRecording {
    return this.settings.of(camera);
  }

  /** An admin's change to a camera (checked by the caller): applied at once, saved for the next start. */
  async configure(camera: string, change: CameraRecordingChange): Promise<CameraRecording> {
    this.settings.change(camera, change);
    // Saved before it is applied: a save the disk refuses throws with the store put back, nothing applied.
    await this.settings.save();
    const settings = this.settings.of(camera);
    const r = this.recorders.get(camera);
    if (r) r.configure(settings);
    else if (settings.mode !== 'off') this.recorder(camera, settings);
    // Switched on while its client offers H.264 (said at connect): its JPEGs wait for the H.264 the demand now asks for.
    if (this.offering.has(camera)) this.recorders.get(camera)?.expectH264();
    this.detection.configure(camera, settings);
    // Read from now on (or no longer): reading its `h264` track is what asks its capture client for H.264.
    this.reader?.refresh();
    for (const l of this.configuredListeners) l(camera, settings);
    return settings;
  }

  /** What a camera's recorder is doing, for the API and /metrics. */
  status(camera: string): RecordingStatus {
    const r = this.recorders.get(camera);
    const settings = this.settingsOf(camera);
    const state = r?.state ?? (settings.mode === 'off' ? 'off' : this.retention.diskFull ? 'disk-full' : 'waiting');
    return {
      camera,
      settings,
      state,
      queued: r?.queued ?? 0,
      queueLimit: r?.queueLimit ?? 0,
      frames: { kept: r?.counts.kept ?? 0, skipped: r?.counts.skipped ?? 0 },
      queuedBytes: r?.queuedBytes ?? 0,
      dropped: Object.fromEntries(RECORDER_DROPS.map((d) => [d, r?.counts.dropped[d] ?? 0])) as RecordingStatus['dropped'],
      segments: r?.segments ?? 0,
      preRoll: r?.preRollStatus ?? { frames: 0, bytes: 0, trimmed: 0, short: null },
      bytes: this.retention.bytes.get(camera) ?? 0,
      error: r?.error ?? null,
      motion: this.detection.status(camera),
      ...(r ? { source: r.source } : {}),
    };
  }

  /**
   * The segment this node is writing for a camera, as far as its file holds (ffmpeg writes a fragment
   * at each keyframe, so the frames sent it lead the file by up to 2 s): never a frame the file served
   * does not have. Null when none.
   */
  async openSegment(camera: string): Promise<SegmentRecord | null> {
    const record = this.recorders.get(camera)?.openSegment;
    if (!record) return null;
    const snapshot = { ...record };
    const held = await scanMedia(this.files.mediaPath(snapshot), snapshot.format);
    const frames = Math.min(snapshot.frames, held?.frames ?? 0);
    if (frames === snapshot.frames) return snapshot;
    return { ...snapshot, frames, end: frames === 0 ? snapshot.start : Math.min(snapshot.end, snapshot.start + held!.endMs) };
  }

  /** Cameras with a recorder or recordings. */
  async cameras(): Promise<string[]> {
    return [...new Set([...this.recorders.keys(), ...(await this.index.cameras())])].sort();
  }

  recorderCameras(): string[] {
    return [...this.recorders.keys()];
  }

  async close(): Promise<void> {
    this.reader?.close();
    for (const t of this.timers) clearInterval(t);
    clearTimeout(this.sweepSoon);
    await this.recordingEvents.close();
    await Promise.all([...this.recorders.values()].map((r) => r.close()));
    // A save whose caller went away (a page closed mid-request) still lands before the relay stops.
    await this.settings.flush();
  }

  /** One unit a camera's recorder reads; a JPEG feeds motion detection too. */
  private write<K extends RecordedKind>(kind: K, unit: RecordedUnits[K]): void {
    // Sound alone starts no recorder: it waits for a picture to be placed against (camera-recorder.ts).
    const camera = recordedCamera(kind, unit);
    const r = kind === 'sound' ? this.recorders.get(camera) : this.recorderOf(camera);
    if (!r) return;
    r.write(kind, unit);
    if (kind === 'jpeg') this.detection.offer(unit as RecordedUnits['jpeg'], r.config);
  }

  /** The camera's recorder, made when it records and has none yet; undefined when it does not record. */
  private recorderOf(camera: string): CameraRecorder | undefined {
    const r = this.recorders.get(camera);
    if (r) return r;
    const settings = this.settingsOf(camera);
    return settings.mode === 'off' ? undefined : this.recorder(camera, settings);
  }

  private recorder(camera: string, settings: CameraRecording): CameraRecorder {
    const r = new CameraRecorder(camera, settings, {
      files: this.files,
      openSink: (...args) => this.openSink(...args),
      segmentMs: this.o.config.segmentSeconds * 1000,
      silenceMs: this.o.silenceMs,
      diskFull: () => this.retention.diskFull,
      onSegmentClosed: (record) => this.closed(record),
      onError: (message) => this.o.onError?.(camera, message),
      onFallback: (why) => this.o.onError?.(camera, why),
      now: this.o.now,
      memory: this.memory,
    });
    this.recorders.set(camera, r);
    return r;
  }

  private openSink(...[format, file, width, height, avcC, audio, codec]: Parameters<RecorderDeps['openSink']>): SegmentSink {
    mkdirSync(path.dirname(file), { recursive: true });
    if (this.o.openSink) return this.o.openSink(format, file, width, height, avcC, audio, codec);
    if (format === 'h264') this.ffmpegPath ??= this.o.ffmpeg();
    return openSink(format, file, width, height, { ffmpegPath: this.ffmpegPath ?? '', keyframeSeconds: this.o.keyframeSeconds }, avcC, audio, codec);
  }

  /** A segment was closed: the index reads its day again, and retention runs soon (not per segment). */
  private closed(record: SegmentRecord): void {
    this.index.touched(record.camera, record.start);
    this.sweepSoon ??= setTimeout(() => {
      this.sweepSoon = undefined;
      own(this.retention.sweep(), unexpected('a retention sweep'));
    }, 1000);
    this.sweepSoon.unref();
  }
}
