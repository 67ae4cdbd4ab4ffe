/** The banner under the header that tells the page-level truth (see `RelayStatus`). */
import { byTestId, setAttr, setText } from '../dom.js';
import { bannerText, type RelayProblem } from './relay-status.js';

export class RelayBanner {
  private readonly root = byTestId('relay-banner');
  private readonly title = byTestId('relay-banner-title');
  private readonly detail = byTestId('relay-banner-detail');
  private readonly fix = byTestId('relay-banner-fix');

  constructor(private readonly retryEveryS: number) {}

  show(problem: RelayProblem | null): void {
    this.root.hidden = problem === null;
    if (!problem) return;
    const text = bannerText(problem, this.retryEveryS);
    setAttr(this.root, 'data-kind', problem.kind);
    setAttr(this.root, 'data-code', problem.kind === 'refused' ? problem.code : '');
    setText(this.title, text.title);
    setText(this.detail, text.detail);
    setText(this.fix, text.fix);
    this.fix.hidden = !text.fix;
  }
}
