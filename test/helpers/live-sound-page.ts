/** The Live Monitor's live sound (#40) as a person meets it: a tile's speaker, its state, its meter, and what the page plays. */
import type { MonitorPage } from './monitor-page.js';

export const soundTile = (id: string) => `[data-testid="camera-tile"][data-camera-id="${id}"]`;
export const speaker = (id: string) => `${soundTile(id)} [data-testid="tile-speaker"]`;

export interface Heard {
  cameraId: string;
  capturedAt: number;
  kind: string;
}

/** Keeps every piece of sound the page plays (live-sound.ts's automation hook), from a reload of the page on. */
export async function hearing(monitor: MonitorPage): Promise<void> {
  await monitor.page.addInitScript(() => {
    const w = window as unknown as { __heard: unknown[]; __camrelayOnSound: (s: unknown) => void };
    w.__heard = [];
    w.__camrelayOnSound = (s) => w.__heard.push(s);
  });
  await monitor.page.reload();
}

export const heard = (monitor: MonitorPage) => monitor.page.evaluate(() => (window as unknown as { __heard: Heard[] }).__heard);
export const soundState = (monitor: MonitorPage, id: string) => monitor.page.getAttribute(soundTile(id), 'data-sound');

/** The meter's bar as a share of its track (0-1), as a person sees it move. */
export const meterLevel = (monitor: MonitorPage, id: string) =>
  monitor.page.evaluate((sel) => {
    const bar = document.querySelector<HTMLElement>(`${sel} .sound-bar`);
    const track = bar?.parentElement;
    return bar && track && track.offsetWidth > 0 ? bar.offsetWidth / track.offsetWidth : 0;
  }, soundTile(id));
