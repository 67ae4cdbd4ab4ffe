/** Which camera each observed element belongs to, for the tile observers (TileSight, TileWidths). */

/** The part of an IntersectionObserver or ResizeObserver this needs. */
export interface ElementObserver {
  observe(element: Element): void;
  unobserve(element: Element): void;
}

export class ObservedTiles {
  private readonly elements = new Map<string, Element>();
  private readonly ids = new Map<Element, string>();

  constructor(private readonly observer: ElementObserver) {}

  /** The element observed for the camera, if any. */
  elementOf(cameraId: string): Element | undefined {
    return this.elements.get(cameraId);
  }

  /** Observes a camera's element, in place of one it had. */
  track(cameraId: string, element: Element): void {
    this.untrack(cameraId);
    this.elements.set(cameraId, element);
    this.ids.set(element, cameraId);
    this.observer.observe(element);
  }

  /** Stops observing the camera's element; false when it had none. */
  untrack(cameraId: string): boolean {
    const element = this.elements.get(cameraId);
    if (!element) return false;
    this.observer.unobserve(element);
    this.elements.delete(cameraId);
    this.ids.delete(element);
    return true;
  }

  /** The camera an observer entry's element belongs to, or undefined for one no longer tracked. */
  cameraOf(element: Element): string | undefined {
    return this.ids.get(element);
  }
}
