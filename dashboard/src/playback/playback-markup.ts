/** The single view's playback panel, built with `el` (no markup strings): screen, controls, day, timeline, export, hint. */
import { el } from '../dom.js';
import { icon } from '../icons.js';
import { RATES } from './player.js';

function button(text: string, testId: string, label: string, className = 'bar-button'): HTMLButtonElement {
  const b = el('button', className, testId, text);
  b.type = 'button';
  b.setAttribute('aria-label', label);
  b.title = label;
  return b;
}

export class PlaybackMarkup {
  readonly screen = el('div', 'pb-screen', 'playback-screen');
  readonly video = el('video', 'pb-video', 'playback-video');
  /** Over the picture: what is shown is a recording, and of when. */
  readonly badge = el('div', 'pb-badge', 'playback-badge');
  readonly notice = el('p', 'pb-notice', 'playback-notice');
  /** In the screen, over the black: why this recording cannot play here (H.265, JPEG-kept). */
  readonly unplayable = el('p', 'pb-unplayable', 'playback-unplayable');
  readonly controls = el('div', 'pb-controls', 'playback-controls');
  readonly stepBack = button('', 'playback-step-back', 'Previous frame (,)', 'bar-button pb-icon');
  readonly play = button('', 'playback-play', 'Play (space)', 'bar-button pb-icon pb-play');
  readonly stepForward = button('', 'playback-step-forward', 'Next frame (.)', 'bar-button pb-icon');
  readonly rates = RATES.map((r) => button(`${r}×`, `playback-rate-${r}`, `Play at ${r}× speed`, 'bar-button pb-rate'));
  readonly live = button('● Back to live', 'playback-live', 'Back to live', 'bar-button pb-live');
  readonly prevDay = button('‹', 'timeline-prev-day', 'Previous day', 'bar-button tl-button');
  readonly nextDay = button('›', 'timeline-next-day', 'Next day', 'bar-button tl-button');
  readonly dayName = el('span', 'pb-day-name', 'timeline-day');
  readonly dayRow = el('div', 'pb-day');
  readonly loadError = el('p', 'pb-error', 'timeline-error');
  /** For a camera that has no recordings and is not recording: instead of an empty timeline. */
  readonly nothing = el('p', 'pb-nothing', 'playback-nothing');
  readonly adminLink = button('Admin area', 'playback-admin', 'Open the Admin area to turn recording on', 'link-button');

  constructor(readonly root: HTMLElement) {
    this.video.setAttribute('aria-label', 'Recording');
    this.stepBack.append(icon('frameBack'));
    this.stepForward.append(icon('frameForward'));
    this.screen.append(this.video, this.badge, this.unplayable);
    this.unplayable.hidden = true;
    this.unplayable.setAttribute('role', 'status');
    this.screen.hidden = true;
    const rates = el('div', 'pb-rates');
    rates.setAttribute('role', 'group');
    rates.setAttribute('aria-label', 'Speed');
    rates.append(...this.rates);
    const steps = el('div', 'pb-steps');
    steps.append(this.stepBack, this.play, this.stepForward);
    this.controls.append(steps, rates, this.live);
    this.controls.hidden = true;
    this.notice.hidden = true;
    this.notice.setAttribute('role', 'status');
    this.loadError.hidden = true;
    this.loadError.setAttribute('role', 'alert');
    this.dayName.setAttribute('aria-live', 'polite');
    const day = el('div', 'pb-day-nav');
    day.append(this.prevDay, this.dayName, this.nextDay);
    this.dayRow.append(day);
    this.nothing.hidden = true;
    root.append(this.screen, this.controls, this.notice, this.dayRow, this.loadError, this.nothing);
  }

  /** Says that nothing records here; an admin gets a way to the switch. */
  showNothing(admin: boolean): void {
    this.nothing.replaceChildren(
      'Nothing records on this camera, so there is no timeline. ',
      ...(admin ? ['Turn it on for this camera in the ', this.adminLink, '.'] : ['An admin can turn it on in the Admin area.']),
    );
  }
}
