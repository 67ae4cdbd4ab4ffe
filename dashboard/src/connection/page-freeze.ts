/**
 * Whether the browser froze the page (Page Lifecycle: a phone's background tab). A frozen page is
 * treated as hidden until it resumes; what was in flight when it froze arrives after the thaw, and
 * the relay's numbered restart tells it apart (relay-pause.ts).
 */
export class PageFreeze {
  frozen = false;

  constructor(doc: Document, onChange: (frozen: boolean) => void) {
    for (const [event, frozen] of [
      ['freeze', true],
      ['resume', false],
    ] as const)
      doc.addEventListener(event, () => {
        this.frozen = frozen;
        onChange(frozen);
      });
  }
}
