import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { cycleGraphOf, cyclesOf } from '../../../src/core/index/workspaceIndex';
import { parseFile } from '../../../src/core/parse/parseFile';
import { validateFileUpdatingIndex } from '../../../src/core/validate';
import { BASE, service } from '../builders';
import { assertQuiet, check, only, TODAY, workspace } from '../helpers';
import { detailed } from './support';

// Service lines: 6 owner, 7 phase, 8 tier, 9 dependsOn.
describe('dependency-cycle rule', () => {
  it('reports each service of a two-service cycle on the entry that leads on, naming the cycle', () => {
    const files = {
      ...BASE,
      'a.yaml': service('a', { dependsOn: ['pay', 'b'] }),
      'b.yaml': service('b', { dependsOn: ['a'] }),
    };
    const seen = check(files);
    assert.deepEqual(only(seen, 'dependency-cycle'), [
      { file: 'a.yaml', at: '9:20', text: 'b' },
      { file: 'b.yaml', at: '9:15', text: 'a' },
    ]);
    assert.match(seen.find((s) => s.file === 'a.yaml')!.message, /^dependency cycle: a → b → a: /);
    assert.match(seen.find((s) => s.file === 'b.yaml')!.message, /^dependency cycle: b → a → b: /);
    assert.equal(seen.find((s) => s.file === 'a.yaml')!.severity, 'warning');
  });

  it('names a longer cycle in order and relates the other links', () => {
    const files = {
      ...BASE,
      'a.yaml': service('a', { dependsOn: ['b'] }),
      'b.yaml': service('b', { dependsOn: ['c'] }),
      'c.yaml': service('c', { dependsOn: ['pay', 'a'] }),
    };
    const [a] = detailed(files, 'dependency-cycle');
    assert.equal(a.file, 'a.yaml');
    assert.match(a.message, /^dependency cycle: a → b → c → a: /);
    assert.deepEqual(a.related, [
      { file: 'b.yaml', at: '9:15', text: 'c' },
      { file: 'c.yaml', at: '9:20', text: 'a' },
    ]);
    assert.deepEqual(
      only(check(files), 'dependency-cycle').map((s) => `${s.file} ${s.text}`),
      ['a.yaml b', 'b.yaml c', 'c.yaml a'],
    );
  });

  it('reports a service that depends on itself', () => {
    const seen = check({ ...BASE, 'a.yaml': service('a', { dependsOn: ['a'] }) });
    assert.deepEqual(only(seen, 'dependency-cycle'), [{ file: 'a.yaml', at: '9:15', text: 'a' }]);
    assert.match(seen.find((s) => s.code === 'dependency-cycle')!.message, /dependency cycle: a → a/);
  });

  it('does not report services that only lead into a cycle', () => {
    const files = {
      ...BASE,
      'a.yaml': service('a', { dependsOn: ['b'] }),
      'b.yaml': service('b', { dependsOn: ['c'] }),
      'c.yaml': service('c', { dependsOn: ['b'] }),
    };
    assert.deepEqual(
      only(check(files), 'dependency-cycle').map((s) => s.file),
      ['b.yaml', 'c.yaml'],
    );
  });

  it('is quiet on a diamond of dependencies', () => {
    const files = {
      ...BASE,
      'a.yaml': service('a', { dependsOn: ['b', 'c'] }),
      'b.yaml': service('b', { dependsOn: ['pay'] }),
      'c.yaml': service('c', { dependsOn: ['pay'] }),
    };
    assert.deepEqual(check(files), []);
  });

  it('an edit that ends a cycle is checked again in every service of its component, not only those on its own cycle', () => {
    // a's own cycle is a → b → a; d's is d → e → a → b → d, and d neither names a nor is named by it.
    const files = {
      ...BASE,
      'a.yaml': service('a', { dependsOn: ['b'] }),
      'b.yaml': service('b', { dependsOn: ['a', 'd'] }),
      'd.yaml': service('d', { dependsOn: ['e'] }),
      'e.yaml': service('e', { dependsOn: ['a'] }),
    };
    const index = workspace(files);
    const options = { config: DEFAULT_CONFIG, today: TODAY };
    const cycles = (file: string) =>
      validateFileUpdatingIndex(index, file, options)
        .filter((f) => f.code === 'dependency-cycle')
        .map((f) => f.message.slice(0, f.message.indexOf(':', 'dependency cycle:'.length)));
    const shown = new Map(Object.keys(files).map((file) => [file, cycles(file)]));
    assert.deepEqual(shown.get('d.yaml'), ['dependency cycle: d → e → a → b → d']);
    const edited = parseFile('a.yaml', service('a', { dependsOn: ['pay'] }), undefined, {
      previous: index.file('a.yaml'),
    });
    // As the editor does: only the files the index names are checked again.
    for (const file of index.upsert(edited)) shown.set(file, cycles(file));
    for (const file of Object.keys(files)) assert.deepEqual(shown.get(file), [], file);
  });

  it('is quiet when a dependency is unknown or not a list', () => {
    assertQuiet(
      check({ ...BASE, 'a.yaml': service('a', { dependsOn: ['nope'] }), 'b.yaml': service('b', { dependsOn: 'a' }) }),
      'dependency-cycle',
    );
  });
});

/**
 * Tarjan's walk in its textbook, recursive form: the reference for `cyclesOf`, which walks without
 * recursion. Each node on a cycle, with the nodes of its component, sorted.
 */
function cyclesByName(edges: Map<string, string[]>): Map<string, string[]> {
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const onCycle = new Map<string, string[]>();
  let counter = 0;
  const connect = (v: string) => {
    order.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v)!) {
      if (!edges.has(w)) continue;
      if (!order.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, order.get(w)!));
    }
    if (low.get(v) !== order.get(v)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== v);
    if (component.length > 1 || edges.get(v)!.includes(v)) for (const m of component.sort()) onCycle.set(m, component);
  };
  for (const v of edges.keys()) if (!order.has(v)) connect(v);
  return onCycle;
}

describe('cyclesOf', () => {
  it('finds the nodes on cycles that a recursive walk by name finds, each with a cycle through it and its component', () => {
    const node = fc.integer({ min: 0, max: 11 }).map((i) => `svc-${i}`);
    fc.assert(
      fc.property(
        fc.uniqueArray(node, { minLength: 1 }),
        fc.array(fc.tuple(node, node), { maxLength: 40 }),
        (nodes, pairs) => {
          const edges = new Map(nodes.map((n) => [n, [] as string[]]));
          // Edges to names that are not nodes too (a reference to a missing service).
          for (const [from, to] of pairs) edges.get(from)?.push(to);
          const found = cyclesOf(edges);
          const expected = cyclesByName(edges);
          assert.deepEqual(new Set(found.keys()), new Set(expected.keys()));
          const { components } = cycleGraphOf(edges);
          assert.deepEqual(new Map([...components].map(([node, members]) => [node, [...members].sort()])), expected);
          for (const [start, path] of found) {
            assert.equal(path[0], start);
            path.forEach((from, i) =>
              assert.ok(
                edges.get(from)!.includes(path[(i + 1) % path.length]),
                `${from} is not followed by ${path[(i + 1) % path.length]}`,
              ),
            );
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
