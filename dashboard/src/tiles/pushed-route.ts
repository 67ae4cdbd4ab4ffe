/**
 * A view with an address of its own (the single view's `#/camera/…`, the wall's `#/wall`): opened from the page, it
 * pushed a history entry, so leaving it goes back (the back button then does what the person expects); opened by its
 * address (a bookmark, a reload), there is nothing to go back to, so the address is cleared where it stands.
 */
export class PushedRoute {
  private pushed = false;

  /** Opens `hash` as a new history entry. */
  push(hash: string): void {
    this.pushed = true;
    location.hash = hash;
  }

  /** Leaves the view's address; `apply` follows the URL when no history move will (a `hashchange` does otherwise). */
  leave(apply: () => void): void {
    if (this.pushed) {
      this.pushed = false;
      history.back();
      return;
    }
    history.replaceState(null, '', location.pathname + location.search);
    apply();
  }
}
