import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CaptureDemand, CaptureOffer } from '../../../shared/demand.js';
import { Demand } from '../../../server/relay/demand.js';

describe('Demand', () => {
  let viewed: Record<string, number[]>;
  let demand: Demand;
  beforeEach(() => {
    vi.useFakeTimers();
    viewed = {};
    demand = new Demand({ viewedWidths: (id) => viewed[id] ?? [] });
  });
  afterEach(() => {
    demand.close();
    vi.useRealTimers();
  });

  const listen = (cameraId: string, offers: CaptureOffer[]) => {
    const heard: CaptureDemand[] = [];
    const handle = demand.open(cameraId, offers, (d) => heard.push(d));
    return { heard, handle };
  };

  describe('#open', () => {
    it('tells a connection its demand at once', () => {
      viewed.cam = [320];
      expect(listen('cam', ['rungs']).heard).toEqual([{ h264: false, widths: [320] }]);
    });

    it('tells a client that offers nothing nothing, whatever its camera is needed for', () => {
      viewed.cam = [320];
      demand.read('cam', 'recorder', { track: 'h264', live: false });
      const { heard } = listen('cam', []);
      vi.advanceTimersByTime(1000);
      expect(heard).toEqual([]);
    });

    it('asks only for what the client offers', () => {
      viewed.cam = [320];
      demand.read('cam', 'recorder', { track: 'h264', live: false });
      expect(listen('cam', ['h264']).heard).toEqual([{ h264: true, widths: [], units: true, jpegUnits: true, h264Live: false, audio: false }]);
      expect(listen('cam', ['rungs']).heard).toEqual([{ h264: false, widths: [320] }]);
    });
  });

  describe('#read (#56)', () => {
    it("works the demand out from every reader's need: one reader leaving leaves the others' needs", () => {
      const { heard } = listen('cam', ['h264', 'rungs', 'detect']);
      demand.read('cam', 'recorder', { track: 'h264', live: false });
      demand.read('cam', 'live viewers', { track: 'h264', live: true });
      demand.read('cam', 'motion', { track: 'jpeg', width: 160 });
      demand.read('cam', 'detector', { track: 'detections', rate: 1 });
      demand.read('cam', 'another detector', { track: 'detections', rate: 2 });
      vi.advanceTimersByTime(250);
      expect(heard.at(-1)).toMatchObject({ h264: true, h264Live: true, widths: [160], detect: { rate: 2 } });
      // The live viewers and one detector go: the recorder still reads the H.264, the other detector its verdicts.
      demand.read('cam', 'live viewers', null);
      demand.read('cam', 'another detector', null);
      vi.advanceTimersByTime(250);
      expect(heard.at(-1)).toMatchObject({ h264: true, h264Live: false, widths: [160], detect: { rate: 1 } });
      for (const reader of ['recorder', 'motion', 'detector']) demand.read('cam', reader, null);
      vi.advanceTimersByTime(250);
      expect(heard.at(-1)).toMatchObject({ h264: false, widths: [], detect: null });
    });
  });

  describe('where to look (#57 item 2)', () => {
    it("sends the detector's hints with its rate, whole pixels, the largest 32 boxes of each list; new hints are a change, the same ones are not", () => {
      const { heard } = listen('cam', ['detect']);
      const motion = Array.from({ length: 40 }, (_, i) => [i * 10.4, 5.6, 30, 60] as const);
      demand.read('cam', 'detector', { track: 'detections', rate: 2, where: () => ({ width: 1280, height: 720, motion, objects: [[900.2, 420.7, 31, 65]] }) });
      vi.advanceTimersByTime(250);
      const where = heard.at(-1)!.detect!.where!;
      expect(where).toMatchObject({ width: 1280, height: 720, objects: [[900, 421, 31, 65]] });
      expect(where.motion).toHaveLength(32);
      expect(where.motion[1]).toEqual([10, 6, 30, 60]);
      const sent = heard.length;
      demand.read('cam', 'detector', { track: 'detections', rate: 2, where: () => ({ width: 1280, height: 720, motion, objects: [[900.2, 420.7, 31, 65]] }) });
      vi.advanceTimersByTime(250);
      expect(heard).toHaveLength(sent);
      demand.read('cam', 'detector', { track: 'detections', rate: 2, where: () => ({ width: 1280, height: 720, motion: [], objects: [[906, 421, 31, 65]] }) });
      vi.advanceTimersByTime(250);
      expect(heard.at(-1)!.detect).toEqual({ rate: 2, where: { width: 1280, height: 720, motion: [], objects: [[906, 421, 31, 65]] } });
      demand.read('cam', 'detector', { track: 'detections', rate: 2 });
      vi.advanceTimersByTime(250);
      expect(heard.at(-1)!.detect).toEqual({ rate: 2 });
    });
    it('reads where to look on its tick, not when the detector is asked: hints that move are sent without asking again', () => {
      const { heard } = listen('cam', ['detect']);
      let x = 100;
      demand.read('cam', 'detector', { track: 'detections', rate: 2, where: () => ({ width: 640, height: 360, motion: [[x, 10, 20, 40]], objects: [] }) });
      vi.advanceTimersByTime(250);
      expect(heard.at(-1)!.detect!.where!.motion).toEqual([[100, 10, 20, 40]]);
      x = 130;
      vi.advanceTimersByTime(250);
      expect(heard.at(-1)!.detect!.where!.motion).toEqual([[130, 10, 20, 40]]);
    });
  });

  describe('#refresh', () => {
    it('sends a change within one tick, and nothing while nothing changes', () => {
      const { heard } = listen('cam', ['rungs', 'h264']);
      vi.advanceTimersByTime(1000);
      expect(heard).toHaveLength(1);
      viewed.cam = [640, 320];
      vi.advanceTimersByTime(250);
      expect(heard.at(-1)).toEqual({ h264: false, widths: [320, 640], units: true, jpegUnits: true, audio: false });
      demand.read('cam', 'recorder', { track: 'h264', live: false });
      vi.advanceTimersByTime(250);
      expect(heard.at(-1)).toEqual({ h264: true, widths: [320, 640], units: true, jpegUnits: true, h264Live: false, audio: false });
      viewed.cam = [];
      demand.read('cam', 'recorder', null);
      vi.advanceTimersByTime(250);
      expect(heard.at(-1)).toEqual({ h264: false, widths: [], units: true, jpegUnits: true, audio: false });
      expect(heard).toHaveLength(4);
    });

    it('coalesces changes within a tick into one demand', () => {
      const { heard } = listen('cam', ['rungs']);
      viewed.cam = [320];
      vi.advanceTimersByTime(100);
      viewed.cam = [320, 640];
      vi.advanceTimersByTime(100);
      viewed.cam = [640];
      vi.advanceTimersByTime(50);
      expect(heard).toEqual([
        { h264: false, widths: [] },
        { h264: false, widths: [640] },
      ]);
    });

    it("adds motion detection's width to the viewers' ones", () => {
      viewed.cam = [640];
      const { heard } = listen('cam', ['rungs']);
      demand.read('cam', 'motion', { track: 'jpeg', width: 320 });
      vi.advanceTimersByTime(250);
      expect(heard.at(-1)).toEqual({ h264: false, widths: [320, 640] });
    });

    it('stops telling a connection once it is closed', () => {
      const { heard, handle } = listen('cam', ['rungs']);
      handle.close();
      viewed.cam = [320];
      vi.advanceTimersByTime(1000);
      expect(heard).toHaveLength(1);
    });
  });

  describe('#widthsOf', () => {
    it("is the open connection's demanded widths, [] when none is open", () => {
      viewed.cam = [320];
      expect(demand.widthsOf('cam')).toEqual([]);
      const { handle } = listen('cam', ['rungs']);
      expect(demand.widthsOf('cam')).toEqual([320]);
      handle.close();
      expect(demand.widthsOf('cam')).toEqual([]);
    });

    it("is the newest connection's, and the older one's again while a camera taken over still holds it", () => {
      viewed.cam = [320];
      const older = listen('cam', ['rungs']);
      const newer = listen('cam', []);
      expect(demand.widthsOf('cam')).toEqual([320]);
      const newest = listen('cam', ['rungs']);
      viewed.cam = [640];
      demand.refresh();
      newest.handle.close();
      expect(demand.widthsOf('cam')).toEqual([640]);
      older.handle.close();
      newer.handle.close();
      expect(demand.widthsOf('cam')).toEqual([]);
    });
  });
  describe('batches (#38)', () => {
    it('tells a client that sends units that batches are taken, and whether anyone watches its main stream live', () => {
      const { heard } = listen('cam', ['h264']);
      demand.read('cam', 'recorder', { track: 'h264', live: false });
      vi.advanceTimersByTime(250);
      expect(heard.at(-1)).toEqual({ h264: true, widths: [], units: true, jpegUnits: true, h264Live: false, audio: false });
      demand.read('cam', 'live viewers', { track: 'h264', live: true });
      vi.advanceTimersByTime(250);
      expect(heard.at(-1)).toEqual({ h264: true, widths: [], units: true, jpegUnits: true, h264Live: true, audio: false });
      demand.read('cam', 'live viewers', null);
      vi.advanceTimersByTime(250);
      expect(heard.at(-1)).toEqual({ h264: true, widths: [], units: true, jpegUnits: true, h264Live: false, audio: false });
      expect(heard).toHaveLength(4);
    });

    it('says nothing of batches to a client that sends no units', () => {
      const { heard } = listen('cam', ['rungs']);
      expect(heard).toEqual([{ h264: false, widths: [] }]);
    });
  });

  describe('live H.264 at a rung', () => {
    it('asks a client that offers h264-rungs for the rung widths live viewers watch, ascending', () => {
      const { heard } = listen('cam', ['h264', 'rungs', 'h264-rungs']);
      expect(heard).toEqual([{ h264: false, widths: [], h264Widths: [], units: true, jpegUnits: true, audio: false }]);
      demand.read('cam', 'live viewers at 640', { track: 'h264', width: 640 });
      demand.read('cam', 'live viewers at 320', { track: 'h264', width: 320 });
      vi.advanceTimersByTime(250);
      expect(heard.at(-1)).toEqual({ h264: false, widths: [], h264Widths: [320, 640], units: true, jpegUnits: true, audio: false });
      expect(demand.h264WidthsOf('cam')).toEqual([320, 640]);
      demand.read('cam', 'live viewers at 320', null);
      vi.advanceTimersByTime(250);
      expect(heard.at(-1)).toEqual({ h264: false, widths: [], h264Widths: [640], units: true, jpegUnits: true, audio: false });
    });

    it('never tells a client that does not offer h264-rungs of them, so an older client hears what it always did', () => {
      demand.read('cam', 'live viewers at 320', { track: 'h264', width: 320 });
      const { heard } = listen('cam', ['h264', 'rungs']);
      vi.advanceTimersByTime(1000);
      expect(heard).toEqual([{ h264: false, widths: [], units: true, jpegUnits: true, audio: false }]);
      expect(demand.h264WidthsOf('cam')).toEqual([]);
      expect(demand.offersH264Rungs('cam')).toBe(false);
    });

    it('passes a rung keyframe request to the connection with its width', () => {
      const asked: Array<number | undefined> = [];
      demand.open(
        'cam',
        ['h264', 'h264-rungs'],
        () => {},
        (rung) => asked.push(rung),
      );
      demand.requestKeyframe('cam', 320);
      demand.requestKeyframe('cam');
      expect(asked).toEqual([320, undefined]);
    });
  });

  describe('sound (#40)', () => {
    let soundOn: Set<string>;
    beforeEach(() => {
      demand.close();
      soundOn = new Set();
      demand = new Demand({ viewedWidths: (id) => viewed[id] ?? [], soundOn: (id) => soundOn.has(id) });
    });

    it('asks for sound with the H.264 only while the camera records or someone listens, and only while its sound is on', () => {
      const { heard } = listen('cam', ['h264']);
      demand.read('cam', 'recorder', { track: 'h264', live: false });
      vi.advanceTimersByTime(250);
      expect(heard.at(-1)).toEqual({ h264: true, widths: [], units: true, jpegUnits: true, h264Live: false, audio: false });
      soundOn.add('cam');
      vi.advanceTimersByTime(250);
      expect(heard.at(-1)).toEqual({ h264: true, widths: [], units: true, jpegUnits: true, h264Live: false, audio: true });
      demand.read('cam', 'recorder', null);
      vi.advanceTimersByTime(250);
      expect(heard.at(-1)).toEqual({ h264: false, widths: [], units: true, jpegUnits: true, audio: false });
    });

    it('a listener alone asks for the H.264 and its sound at once (live), but never from a camera whose sound is off', () => {
      const { heard } = listen('cam', ['h264']);
      demand.read('cam', 'listeners', { track: 'sound' });
      vi.advanceTimersByTime(250);
      expect(heard.at(-1)).toEqual({ h264: false, widths: [], units: true, jpegUnits: true, audio: false });
      soundOn.add('cam');
      vi.advanceTimersByTime(250);
      expect(heard.at(-1)).toEqual({ h264: true, widths: [], units: true, jpegUnits: true, h264Live: true, audio: true });
      demand.read('cam', 'listeners', null);
      vi.advanceTimersByTime(250);
      expect(heard.at(-1)).toEqual({ h264: false, widths: [], units: true, jpegUnits: true, audio: false });
    });

    it('says nothing of sound to a client that sends no H.264 (it has none to send)', () => {
      soundOn.add('cam');
      demand.read('cam', 'listeners', { track: 'sound' });
      expect(listen('cam', ['rungs']).heard).toEqual([{ h264: false, widths: [] }]);
    });

    it("asks a browser camera's microphone ('mic') for sound only while someone listens or it records and its sound is on, and says whether it is on", () => {
      const { heard } = listen('cam', ['mic']);
      expect(heard).toEqual([{ h264: false, widths: [], units: true, jpegUnits: true, audio: false, sound: false }]);
      // Turned on with nobody listening: the page hears it (to ask the permission), and no sound is asked yet.
      soundOn.add('cam');
      vi.advanceTimersByTime(250);
      expect(heard.at(-1)).toEqual({ h264: false, widths: [], units: true, jpegUnits: true, audio: false, sound: true });
      soundOn.delete('cam');
      vi.advanceTimersByTime(250);
      expect(heard).toHaveLength(3);
      demand.read('cam', 'recorder', { track: 'h264', live: false });
      demand.read('cam', 'listeners', { track: 'sound' });
      vi.advanceTimersByTime(250);
      // Sound off: nothing asked, whoever listens.
      expect(heard).toHaveLength(3);
      soundOn.add('cam');
      vi.advanceTimersByTime(250);
      expect(heard.at(-1)).toEqual({ h264: false, widths: [], units: true, jpegUnits: true, audio: true, sound: true });
      demand.read('cam', 'listeners', null);
      vi.advanceTimersByTime(250);
      // Nobody listens, but it records: its sound is recorded too (#40 item 3).
      expect(heard.at(-1)).toEqual({ h264: false, widths: [], units: true, jpegUnits: true, audio: true, sound: true });
      demand.read('cam', 'recorder', null);
      vi.advanceTimersByTime(250);
      // The page still hears that the sound is on: it keeps the permission it asked for at Start, not the microphone.
      expect(heard.at(-1)).toEqual({ h264: false, widths: [], units: true, jpegUnits: true, audio: false, sound: true });
    });
  });

  describe('detections (#39)', () => {
    it('asks a client that detects for verdicts at the rate within a tick, and for none once it is set to null', () => {
      const { heard } = listen('cam', ['rungs', 'detect']);
      expect(heard).toEqual([{ h264: false, widths: [], units: true, jpegUnits: true, detect: null }]);
      demand.read('cam', 'detector', { track: 'detections', rate: 2 });
      vi.advanceTimersByTime(250);
      expect(heard.at(-1)).toEqual({ h264: false, widths: [], units: true, jpegUnits: true, detect: { rate: 2 } });
      demand.read('cam', 'detector', { track: 'detections', rate: 2 });
      vi.advanceTimersByTime(1000);
      expect(heard).toHaveLength(2);
      demand.read('cam', 'detector', null);
      vi.advanceTimersByTime(250);
      expect(heard.at(-1)).toEqual({ h264: false, widths: [], units: true, jpegUnits: true, detect: null });
    });

    it('keeps the rate within 0.2 to 5 a second', () => {
      const { heard } = listen('cam', ['detect']);
      demand.read('cam', 'detector', { track: 'detections', rate: 50 });
      vi.advanceTimersByTime(250);
      expect(heard.at(-1)?.detect).toEqual({ rate: 5 });
      demand.read('cam', 'detector', { track: 'detections', rate: 0.01 });
      vi.advanceTimersByTime(250);
      expect(heard.at(-1)?.detect).toEqual({ rate: 0.2 });
    });

    it('never asks a client that does not detect, whose demand stays as an older relay sent it', () => {
      demand.read('cam', 'detector', { track: 'detections', rate: 2 });
      const { heard } = listen('cam', ['rungs', 'h264']);
      vi.advanceTimersByTime(1000);
      expect(heard).toEqual([{ h264: false, widths: [], units: true, jpegUnits: true, audio: false }]);
      expect(demand.offersDetect('cam')).toBe(false);
    });

    it('says which camera’s connection detects, until that connection closes', () => {
      const { handle } = listen('cam', ['detect']);
      expect(demand.offersDetect('cam')).toBe(true);
      expect(demand.offersDetect('other')).toBe(false);
      handle.close();
      expect(demand.offersDetect('cam')).toBe(false);
    });
  });
});
