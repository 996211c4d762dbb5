import * as assert from 'node:assert/strict';
import { DrawOrder } from '../../src/editor/serviceMap/drawOrder';

/** An answer the test gives when it chooses, as the language server's may come back in any order. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: Error) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

/** The panel's use of DrawOrder (src/editor/serviceMap/panel.ts draw()): what it ends up showing. */
class Shown {
  readonly draws = new DrawOrder<string>();
  shown: string | undefined;
  errors: string[] = [];
  async draw(args: string, answer: Promise<string>): Promise<void> {
    const current = this.draws.begin(args);
    try {
      const graph = await answer;
      if (current()) this.shown = graph;
    } catch (error) {
      if (current()) this.errors.push((error as Error).message);
    }
  }
}

describe('service map draw order', () => {
  it('a refresh of the old focus that answers after "Whole catalogue" does not put the old focus back', async () => {
    const panel = new Shown();
    const refresh = deferred<string>();
    const whole = deferred<string>();
    const drawingRefresh = panel.draw('focus payments-api', refresh.promise);
    const drawingWhole = panel.draw('whole', whole.promise);
    whole.resolve('graph of the whole catalogue');
    await drawingWhole;
    refresh.resolve('graph around payments-api');
    await drawingRefresh;
    assert.equal(panel.shown, 'graph of the whole catalogue');
  });

  it('answers in the order asked: the last one shows', async () => {
    const panel = new Shown();
    const first = deferred<string>();
    const second = deferred<string>();
    const drawing = [panel.draw('a', first.promise), panel.draw('b', second.promise)];
    first.resolve('graph a');
    second.resolve('graph b');
    await Promise.all(drawing);
    assert.equal(panel.shown, 'graph b');
  });

  it('a refresh draws again what was asked last, while its answer is on the way', async () => {
    const panel = new Shown();
    const whole = deferred<string>();
    assert.equal(panel.draws.inFlight, undefined);
    const drawing = panel.draw('whole', whole.promise);
    assert.equal(panel.draws.inFlight, 'whole');
    whole.resolve('graph of the whole catalogue');
    await drawing;
    assert.equal(panel.draws.inFlight, undefined, 'nothing is on its way once the answer is shown');
  });

  it("an error of a draw that was overtaken is not shown; the last draw's error is", async () => {
    const panel = new Shown();
    const old = deferred<string>();
    const last = deferred<string>();
    const drawing = [panel.draw('focus gone', old.promise), panel.draw('focus also-gone', last.promise)];
    old.reject(new Error("unknown service 'gone'"));
    last.reject(new Error("unknown service 'also-gone'"));
    await Promise.all(drawing);
    assert.deepEqual(panel.errors, ["unknown service 'also-gone'"]);
    assert.equal(panel.shown, undefined);
  });
});
