/**
 * Zoom in the single view: the wheel or a pinch zooms toward the pointer, a drag pans while
 * zoomed, a double click zooms in (or back out). Applied as a CSS transform on the picture, so the
 * frames keep coming in at full size and nothing is decoded again.
 */

const MAX_SCALE = 8;

export class Zoom {
  private view: HTMLElement | null = null;
  private scale = 1;
  private x = 0;
  private y = 0;
  private readonly pointers = new Map<number, { x: number; y: number }>();

  constructor() {
    document.addEventListener('pointerdown', (e) => this.onDown(e));
    document.addEventListener('pointermove', (e) => this.onMove(e));
    document.addEventListener('pointerup', (e) => this.pointers.delete(e.pointerId));
    document.addEventListener('pointercancel', (e) => this.pointers.delete(e.pointerId));
    document.addEventListener('dblclick', (e) => this.onDoubleClick(e));
  }

  /** True while zoomed in: a one-finger drag pans instead of moving to the next camera. */
  get active(): boolean {
    return this.scale > 1;
  }

  /** The picture box of the camera shown alone, or null: any zoom is reset. */
  attach(view: HTMLElement | null): void {
    if (view === this.view) return;
    this.set(1, 0, 0);
    // Only on the view shown alone: a non-passive wheel listener on the page would slow scrolling everywhere.
    this.view?.removeEventListener('wheel', this.onWheelBound);
    this.view = view;
    view?.addEventListener('wheel', this.onWheelBound, { passive: false });
  }

  private readonly onWheelBound = (e: WheelEvent): void => this.onWheel(e);

  private inside(e: { target: EventTarget | null }): boolean {
    return this.view !== null && this.view.contains(e.target as Node);
  }

  /** Zooms to `scale` keeping the point (px, py) of the box where it is. */
  private zoomAt(scale: number, px: number, py: number): void {
    const s = Math.min(MAX_SCALE, Math.max(1, scale));
    const k = s / this.scale;
    this.set(s, px - (px - this.x) * k, py - (py - this.y) * k);
  }

  /**
   * The picture's own box on screen, untransformed: the view's, except in fullscreen where the
   * canvas is sized to the picture and centred in the screen (single-view.css).
   */
  private box(): { left: number; top: number; width: number; height: number } | undefined {
    const canvas = this.view?.querySelector('canvas');
    const view = this.view?.getBoundingClientRect();
    if (!canvas || !view) return view;
    return { left: view.left + canvas.offsetLeft, top: view.top + canvas.offsetTop, width: canvas.offsetWidth, height: canvas.offsetHeight };
  }

  private set(scale: number, x: number, y: number): void {
    const box = this.box();
    // The picture always covers its box: no panning past its edges.
    const minX = box ? box.width * (1 - scale) : 0;
    const minY = box ? box.height * (1 - scale) : 0;
    this.scale = scale;
    this.x = Math.min(0, Math.max(minX, x));
    this.y = Math.min(0, Math.max(minY, y));
    const canvas = this.view?.querySelector('canvas');
    if (!canvas) return;
    // The detector's boxes (live-boxes.ts) lie over the canvas's box: they zoom and pan with it.
    for (const node of [canvas, this.view!.querySelector<HTMLElement>('.live-boxes')]) {
      if (!node) continue;
      node.style.transformOrigin = '0 0';
      node.style.transform = scale === 1 ? '' : `translate(${this.x}px, ${this.y}px) scale(${scale})`;
    }
    this.view!.toggleAttribute('data-zoomed', scale > 1);
  }

  private local(e: { clientX: number; clientY: number }): { x: number; y: number } {
    const box = this.box()!;
    return { x: e.clientX - box.left, y: e.clientY - box.top };
  }

  private onWheel(e: WheelEvent): void {
    if (!this.inside(e)) return;
    e.preventDefault();
    const p = this.local(e);
    this.zoomAt(this.scale * Math.exp(-e.deltaY * 0.002), p.x, p.y);
  }

  private onDoubleClick(e: MouseEvent): void {
    if (!this.inside(e)) return;
    const p = this.local(e);
    this.zoomAt(this.scale > 1 ? 1 : 2.5, p.x, p.y);
  }

  private onDown(e: PointerEvent): void {
    if (this.inside(e)) this.pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
  }

  private onMove(e: PointerEvent): void {
    const last = this.pointers.get(e.pointerId);
    if (!last || !this.view) return;
    const others = [...this.pointers.entries()].filter(([id]) => id !== e.pointerId);
    if (others.length === 1) {
      // Two fingers: the distance between them sets the zoom, around their midpoint.
      const other = others[0]![1];
      const before = Math.hypot(last.x - other.x, last.y - other.y);
      const after = Math.hypot(e.clientX - other.x, e.clientY - other.y);
      const mid = this.local({ clientX: (e.clientX + other.x) / 2, clientY: (e.clientY + other.y) / 2 });
      if (before > 0) this.zoomAt(this.scale * (after / before), mid.x, mid.y);
    } else if (others.length === 0 && this.scale > 1) {
      this.set(this.scale, this.x + e.clientX - last.x, this.y + e.clientY - last.y);
    }
    this.pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
  }
}
