import * as assert from 'node:assert/strict';
import { layoutGraph, NODE_HEIGHT, NODE_WIDTH, type Layout } from '../../src/core/graph/layout';

const node = (id: string, group?: string) => ({ id, name: id, group });

function overlaps(layout: Layout): string[] {
  const boxes = [...layout.positions];
  const out: string[] = [];
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, p] = boxes[i];
      const [b, q] = boxes[j];
      if (Math.abs(p.x - q.x) < NODE_WIDTH && Math.abs(p.y - q.y) < NODE_HEIGHT) out.push(`${a}/${b}`);
    }
  return out;
}

describe('service map layout', () => {
  it('puts a service left of what it depends on, at its longest dependency depth', () => {
    // web -> api -> db, web -> db
    const layout = layoutGraph(
      [node('db'), node('api'), node('web')],
      [
        { from: 'web', to: 'api' },
        { from: 'api', to: 'db' },
        { from: 'web', to: 'db' },
      ],
      { grouped: false },
    );
    const x = (id: string) => layout.positions.get(id)!.x;
    assert.ok(x('web') < x('api') && x('api') < x('db'));
    assert.deepEqual(layout.columns, [['web'], ['api'], ['db']]);
    assert.ok(layout.width >= x('db') + NODE_WIDTH);
  });

  it('survives a cycle and a self-reference, and places every node once', () => {
    const layout = layoutGraph(
      [node('a'), node('b'), node('c')],
      [
        { from: 'a', to: 'b' },
        { from: 'b', to: 'c' },
        { from: 'c', to: 'a' },
        { from: 'a', to: 'a' },
        { from: 'a', to: 'nowhere' },
      ],
      { grouped: false },
    );
    assert.equal(layout.positions.size, 3);
    assert.deepEqual(overlaps(layout), []);
  });

  it('keeps each group in its own lane, and the lanes apart', () => {
    const nodes = [node('a1', 'alpha'), node('a2', 'alpha'), node('b1', 'beta'), node('x')];
    const layout = layoutGraph(nodes, [{ from: 'a1', to: 'b1' }], { grouped: true });
    assert.deepEqual(
      layout.lanes.map((l) => l.key),
      ['alpha', 'beta', undefined],
    );
    for (const n of nodes) {
      const lane = layout.lanes.find((l) => l.key === n.group)!;
      const p = layout.positions.get(n.id)!;
      assert.ok(p.y >= lane.top && p.y + NODE_HEIGHT <= lane.top + lane.height, `${n.id} is outside its lane`);
    }
    for (let i = 1; i < layout.lanes.length; i++)
      assert.ok(layout.lanes[i].top >= layout.lanes[i - 1].top + layout.lanes[i - 1].height);
  });

  it('wraps a column that would be too tall, without overlaps, and lays out a thousand services quickly enough to test', () => {
    const flat = layoutGraph(
      Array.from({ length: 100 }, (_, i) => node(`s${i}`)),
      [],
      { grouped: false, maxRows: 10 },
    );
    assert.equal(flat.columns.length, 10);
    assert.deepEqual(overlaps(flat), []);

    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const nodes = Array.from({ length: 1000 }, (_, i) => node(`s${i}`, `team-${i % 13}`));
    const edges = [];
    for (let i = 1; i < 1000; i++)
      for (let k = 0; k < 3; k++) edges.push({ from: `s${i}`, to: `s${Math.floor(random() * i)}` });
    for (const grouped of [false, true]) {
      const layout = layoutGraph(nodes, edges, { grouped });
      assert.equal(layout.positions.size, 1000);
      assert.deepEqual(overlaps(layout), []);
      for (const e of edges) assert.ok(layout.positions.get(e.from)!.x < layout.positions.get(e.to)!.x);
    }
  });
});
