// `svcm graph`, run as users run it (the built dist/cli.js), its output checked by the
// real consumers: Graphviz's `dot` for --format dot, Mermaid's own parser (under jsdom)
// for the default Mermaid.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { change, service, team } from './builders';
import { assertClean, requireBuiltCli, svcm, TempDirs, writeTree } from './cliSupport';

// storefront -> checkout -> payments-api -> ledger; a title with characters both formats must escape.
const FILES: Record<string, string> = {
  'svcm.config.yaml': 'rules: {}\n',
  'teams.yaml': team('team-a'),
  'services/payments-api.yaml': service('payments-api', { dependsOn: ['ledger'] }).replace(
    '  name: payments-api\n',
    '  name: payments-api\n  title: \'Payments "API" <v2> & #1\'\n',
  ),
  'services/ledger.yaml': service('ledger'),
  'services/checkout.yaml': service('checkout', { dependsOn: ['payments-api'] }),
  'services/storefront.yaml': service('storefront', { dependsOn: ['checkout'] }),
  'changes/CHG-2026-0001.yaml': change('CHG-2026-0001', { services: ['payments-api'] }),
};

interface JsonGraph {
  nodes: { id: string; name: string; highlight?: string }[];
  edges: { from: string; to: string; relation: string }[];
}

function hasDot(): boolean {
  return spawnSync('dot', ['-V'], { encoding: 'utf8' }).status === 0;
}

/** Mermaid's parser needs a DOM: jsdom gives it one (the package has no Node entry of its own). */
async function loadMermaid() {
  const { JSDOM } = await import('jsdom');
  const dom = new JSDOM('<!doctype html><html><body></body></html>', { pretendToBeVisual: true });
  const g = globalThis as Record<string, unknown>;
  for (const key of ['window', 'document', 'navigator', 'DOMParser', 'Element', 'HTMLElement', 'SVGElement'])
    if (!(key in g)) g[key] = key === 'window' ? dom.window : (dom.window as unknown as Record<string, unknown>)[key];
  const mermaid = (await import('mermaid')).default;
  mermaid.initialize({ startOnLoad: false });
  return mermaid;
}

describe('svcm graph (built CLI)', function () {
  this.timeout(60000);
  const temp = new TempDirs();
  let root: string;
  before(() => {
    requireBuiltCli();
    root = temp.make('svcm-graph-');
    writeTree(root, FILES);
  });
  after(() => temp.cleanup());

  it('--format json prints the graph: focus, depth, direction and change as asked', () => {
    const run = svcm(
      ['graph', '--focus', 'payments-api', '--depth', '1', '--change', 'CHG-2026-0001', '-f', 'json'],
      root,
    );
    assertClean(run, 0);
    const graph = JSON.parse(run.stdout) as JsonGraph;
    assert.deepEqual(
      graph.nodes.map((n) => `${n.id}${n.highlight ? ` ${n.highlight}` : ''}`),
      ['service:checkout blast-radius', 'service:ledger', 'service:payments-api changed'],
    );
    assert.deepEqual(graph.edges, [
      { from: 'service:checkout', to: 'service:payments-api', relation: 'dependsOn' },
      { from: 'service:payments-api', to: 'service:ledger', relation: 'dependsOn' },
    ]);
    const dependents = JSON.parse(
      svcm(['graph', '--focus', 'ledger', '--direction', 'dependents', '--depth', '3', '--format', 'json'], root)
        .stdout,
    ) as JsonGraph;
    assert.deepEqual(
      dependents.nodes.map((n) => n.name),
      ['checkout', 'ledger', 'payments-api', 'storefront'],
    );
  });

  it('refuses a focus or change that names nothing, and bad options, with exit status 2 and no stack trace', () => {
    for (const [args, message] of [
      [['--focus', 'paymnts-api'], /no service or entity named 'paymnts-api'/],
      [['--change', 'CHG-2026-0404'], /no change named 'CHG-2026-0404'/],
      [['--depth', 'two'], /--depth must be a whole number/],
      [['--direction', 'up'], /unknown direction 'up'/],
      [['--format', 'svg'], /unknown format 'svg' for svcm graph/],
      [['extra'], /takes no arguments/],
    ] as const) {
      const run = svcm(['graph', ...args], root);
      assertClean(run, 2);
      assert.match(run.stderr, message);
      assert.equal(run.stdout, '');
    }
    const misplaced = svcm(['validate', '--focus', 'ledger'], root);
    assertClean(misplaced, 2);
    assert.match(misplaced.stderr, /--focus applies to svcm graph/);
  });

  it('--format dot is accepted by Graphviz', function () {
    if (!hasDot()) {
      if (process.env.CI) assert.fail("Graphviz's dot is not installed (.ci/run installs the graphviz package)");
      this.skip();
    }
    const run = svcm(['graph', '--change', 'CHG-2026-0001', '--format', 'dot'], root);
    assertClean(run, 0);
    const rendered = spawnSync('dot', ['-Tsvg'], { input: run.stdout, encoding: 'utf8' });
    assert.equal(rendered.status, 0, `dot refused the graph:\n${rendered.stderr}\n${run.stdout}`);
    assert.equal(rendered.stderr, '', 'dot warned about the graph');
    // Every service is drawn, and the title survives quoting.
    for (const name of ['storefront', 'checkout', 'ledger']) assert.match(rendered.stdout, new RegExp(`>${name}<`));
    assert.match(rendered.stdout, /Payments &quot;API&quot; &lt;v2&gt; &amp; #1/);
    assert.equal((rendered.stdout.match(/class="edge"/g) ?? []).length, 3);
  });

  it("the default Mermaid is read by Mermaid's own parser, with every node and edge", async () => {
    const run = svcm(['graph', '--change', 'CHG-2026-0001'], root);
    assertClean(run, 0);
    assert.match(run.stdout, /^flowchart LR\n/);
    const mermaid = await loadMermaid();
    assert.ok(await mermaid.parse(run.stdout));
    const diagram = await mermaid.mermaidAPI.getDiagramFromText(run.stdout);
    const db = diagram.db as unknown as {
      getVertices(): Map<string, { text?: string }>;
      getEdges(): unknown[];
      getClasses(): Map<string, unknown>;
    };
    // Mermaid keeps entity codes as placeholders until it draws: the title is one label, its quotes no syntax.
    const vertices = [...db.getVertices().values()].map((v) => String(v.text).split('<br')[0]);
    assert.deepEqual(vertices.sort(), ['checkout', 'ledger', 'payments-api', 'storefront']);
    assert.equal(db.getEdges().length, 3);
    assert.ok(db.getClasses().has('changed') && db.getClasses().has('blast'));
    await assert.rejects(() => mermaid.parse('flowchart LR\n  n0("a"\n'), 'the parser accepts anything');
  });
});
