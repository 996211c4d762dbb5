/**
 * Orders the map's draws. The panel asks for a graph on a command, on the
 * page's request, after records change and on a restore, and the answers can
 * come back in another order than they were asked. Only the draw begun last
 * may show its answer: an earlier one arriving later would put back what the
 * person had just left (a refresh of the old focus after "Whole catalogue").
 * No vscode import, so that a unit test can hold it.
 */
export class DrawOrder<Args> {
  private begun = 0;
  private pending: Args | undefined;

  /**
   * Begins a draw of `args`. The returned function, called when its answer
   * arrives (or fails), tells whether that answer may be shown: no draw began
   * after it.
   */
  begin(args: Args): () => boolean {
    const ticket = ++this.begun;
    this.pending = args;
    return () => {
      if (ticket !== this.begun) return false;
      this.pending = undefined;
      return true;
    };
  }

  /** The arguments of the draw on its way, if one is: what a refresh must draw again. */
  get inFlight(): Args | undefined {
    return this.pending;
  }
}
