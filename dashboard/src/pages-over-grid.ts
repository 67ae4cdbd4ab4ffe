/**
 * The pages shown over the live grid: events (`#/events`) and review (`#/review`, #57). While one is shown
 * the grid decodes nothing. Each page says it opened from its own constructor, before the other exists,
 * so whether each is open is kept here as it last said rather than asked of the pages.
 */
import type { MonitorSocket } from './connection/connection.js';
import type { Get } from './playback/day-data.js';
import { EventsPage } from './playback/events-page.js';
import type { Post } from './review/review-data.js';
import { ReviewPage } from './review/review-page.js';

export interface PagesOverGridDeps {
  get: Get;
  post: Post;
  url(path: string): string;
  cameras(): string[];
  name(id: string): string;
  /** The single view playing `camera` from moment `at`; `boxes`: with the recorded boxes drawn. */
  play(camera: string, at: number, boxes: boolean): void;
  /** Whether a page is shown over the grid changed (`shown`: one is); told from the constructor too, as a page opens itself. */
  onChange(shown: boolean): void;
}

export class PagesOverGrid {
  readonly events: EventsPage;
  readonly review: ReviewPage;
  private readonly open = { events: false, review: false };

  constructor(d: PagesOverGridDeps) {
    const show = (page: keyof PagesOverGrid['open'], open: boolean) => {
      this.open[page] = open;
      d.onChange(this.shown);
    };
    const common = { get: d.get, url: d.url, cameras: d.cameras, name: d.name };
    this.events = new EventsPage({ ...common, play: (camera, at) => d.play(camera, at, false), onShow: (open) => show('events', open) });
    // A review card plays its moment with the detector's boxes over it.
    this.review = new ReviewPage({ ...common, post: d.post, play: (camera, at) => d.play(camera, at, true), onShow: (open) => show('review', open) });
  }

  /** True while a page hides the grid. */
  get shown(): boolean {
    return this.open.events || this.open.review;
  }

  /** Events the relay wrote (`event-news`): the review page and its badge ask again; and after the socket was away, for the news it missed. */
  listen(socket: MonitorSocket): void {
    socket.on('event-news', () => this.review.news());
    let connects = 0;
    socket.on('connect', () => {
      if (connects++ > 0) this.review.news();
    });
  }

  /** Both pages follow who is signed in. */
  setSignedIn(signedIn: boolean): void {
    this.events.setSignedIn(signedIn);
    this.review.setSignedIn(signedIn);
  }
}
