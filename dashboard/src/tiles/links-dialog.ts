/**
 * A camera's MJPEG stream and snapshot URLs, to copy into VLC, ffmpeg, Home Assistant or an <img>.
 * The clipboard API needs a secure context (HTTPS or localhost); on a LAN address over plain HTTP
 * the field is selected for the person to copy instead.
 */
import { byTestId, setText } from '../dom.js';

/** The two URLs of a camera, relative to the page (so they stay right under a proxy's sub-path). */
export function cameraUrls(cameraId: string, base: string): { mjpeg: string; snapshot: string } {
  const id = encodeURIComponent(cameraId);
  return {
    mjpeg: new URL(`api/cameras/${id}/stream.mjpeg`, base).href,
    snapshot: new URL(`api/cameras/${id}/snapshot.jpg`, base).href,
  };
}

export class LinksDialog {
  private readonly dialog = byTestId<HTMLDialogElement>('links-dialog');
  private readonly title = byTestId('links-title');
  private readonly fields = { mjpeg: byTestId<HTMLInputElement>('link-mjpeg'), snapshot: byTestId<HTMLInputElement>('link-snapshot') };
  private readonly status = byTestId('links-status');

  constructor() {
    for (const [which, input] of Object.entries(this.fields)) {
      byTestId(`copy-${which}`).addEventListener('click', () => void this.copy(input));
      input.addEventListener('focus', () => input.select());
    }
    byTestId('links-close').addEventListener('click', () => this.dialog.close());
  }

  show(cameraId: string, name: string): void {
    const urls = cameraUrls(cameraId, document.baseURI);
    this.fields.mjpeg.value = urls.mjpeg;
    this.fields.snapshot.value = urls.snapshot;
    setText(this.title, `Links for ${name}`);
    setText(this.status, '');
    this.dialog.showModal();
  }

  private async copy(input: HTMLInputElement): Promise<void> {
    input.focus();
    input.select();
    try {
      await navigator.clipboard.writeText(input.value);
      setText(this.status, 'Copied.');
    } catch {
      setText(this.status, 'This browser does not let the page copy here (plain HTTP): the link is selected, press Ctrl+C (⌘C).');
    }
  }
}
