/** Whether the tab is on screen: a hidden tab decodes nothing and asks the server for nothing. */
/** The slice of `document` this module reads, so tests can pass a fake. */
export interface VisibilitySource {
  readonly hidden: boolean;
  addEventListener(type: 'visibilitychange', listener: () => void): void;
  removeEventListener(type: 'visibilitychange', listener: () => void): void;
}

/**
 * Whether the page is hidden, and a callback on every change: the renderers pause on it, and it is
 * the seam for telling the server to stop sending to a hidden tab.
 */
export class Visibility {
  private readonly source: VisibilitySource;
  private readonly listeners = new Set<(hidden: boolean) => void>();
  private readonly onEvent = (): void => {
    for (const listener of this.listeners) listener(this.source.hidden);
  };

  constructor(source: VisibilitySource = document) {
    this.source = source;
    source.addEventListener('visibilitychange', this.onEvent);
  }

  get hidden(): boolean {
    return this.source.hidden;
  }

  /** Calls `listener(hidden)` on every change; returns the function that unsubscribes it. */
  onChange(listener: (hidden: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispose(): void {
    this.source.removeEventListener('visibilitychange', this.onEvent);
    this.listeners.clear();
  }
}
