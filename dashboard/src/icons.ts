/** The few icons the tiles and the single view use: 24×24 stroke paths, built as SVG elements (no markup strings). */

const PATHS = {
  expand: 'M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5',
  camera: 'M4 8h3l2-3h6l2 3h3v11H4zM12 10.5a3.5 3.5 0 1 0 0 7a3.5 3.5 0 1 0 0-7',
  link: 'M10 14a4 4 0 0 0 5.66 0l3-3a4 4 0 0 0-5.66-5.66l-1 1M14 10a4 4 0 0 0-5.66 0l-3 3a4 4 0 0 0 5.66 5.66l1-1',
  pause: 'M8 5v14M16 5v14',
  play: 'M7 5l12 7l-12 7z',
  back: 'M15 5l-7 7l7 7',
  next: 'M9 5l7 7l-7 7',
  fullscreen: 'M3 8V3h5M21 8V3h-5M3 16v5h5M21 16v5h-5M8 8h8v8H8z',
  menu: 'M4 7h16M4 12h16M4 17h16',
  theme: 'M12 3a9 9 0 1 0 0 18a9 9 0 0 0 0-18zM12 3v18',
  // Detected objects on a live tile: a viewfinder's corners round a person.
  boxes: 'M4 8V4h4M16 4h4v4M20 16v4h-4M8 20H4v-4M12 7.5a2 2 0 1 0 0 4a2 2 0 1 0 0-4M8.5 17v-1a3.5 3.5 0 0 1 7 0v1',
  // A camera's live sound (#40): a speaker with its waves, and struck through while muted.
  speaker: 'M4 9h4l5-4v14l-5-4H4zM16 9a4 4 0 0 1 0 6M18.5 6.5a7.5 7.5 0 0 1 0 11',
  speakerOff: 'M4 9h4l5-4v14l-5-4H4zM16 9.5l5 5M21 9.5l-5 5',
  microphone: 'M12 3a3 3 0 0 0-3 3v5a3 3 0 0 0 6 0V6a3 3 0 0 0-3-3zM6 11a6 6 0 0 0 12 0M12 17v4M9 21h6',
  // Playback's frame steps: drawn, as the ⏮ ⏭ characters are missing from many fonts.
  frameBack: 'M18 6l-8 6l8 6zM7 6v12',
  frameForward: 'M6 6l8 6l-8 6zM17 6v12',
} as const;

export type IconName = keyof typeof PATHS;

export function icon(name: IconName): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', 'icon');
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', PATHS[name]);
  svg.append(path);
  return svg;
}

/** A button with only an icon: its label is for screen readers and the tooltip. */
export function iconButton(name: IconName, label: string, testId: string): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'icon-button';
  button.dataset.testid = testId;
  button.setAttribute('aria-label', label);
  button.title = label;
  button.append(icon(name));
  return button;
}
