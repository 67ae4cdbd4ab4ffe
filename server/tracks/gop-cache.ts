/**
 * The newest-GOP kind's start point (#30, #56): the camera's current GOP from its last keyframe (at most
 * `H264_GOP_CACHE_BYTES`, else nothing until the next keyframe), so a reader that comes or resumes gets a picture
 * at once: the whole GOP, every unit but the newest marked `catchUp` (decoded, never drawn), so its first picture
 * is the newest one. Pure code.
 */
import { H264_GOP_CACHE_BYTES } from '../../shared/live-video.js';
import type { H264Unit } from './h264-lane.js';
import type { StartPoints } from './lane.js';

export class GopCache implements StartPoints<H264Unit> {
  private gop: H264Unit[] = [];
  private bytes = 0;

  constructor(private readonly capBytes = H264_GOP_CACHE_BYTES) {}

  get units(): number {
    return this.gop.length;
  }

  keep(unit: H264Unit): void {
    if (unit.meta.keyframe) this.clear();
    else if (this.gop.length === 0) return;
    if (this.bytes + unit.au.length > this.capBytes) return this.clear();
    this.gop.push(unit);
    this.bytes += unit.au.length;
  }

  replay(): H264Unit[] {
    const newest = this.gop.length - 1;
    return this.gop.map((u, i) => (i < newest ? { meta: { ...u.meta, catchUp: true }, au: u.au } : u));
  }

  private clear(): void {
    this.gop = [];
    this.bytes = 0;
  }
}
