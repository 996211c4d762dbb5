/**
 * A layered layout for the service map, in plain TypeScript (no DOM, so it is
 * unit-tested and measured in Node). Columns are dependency depth: a service
 * stands left of what it depends on, the services that depend on nothing in
 * the rightmost column. Within a column, nodes are ordered by group (the
 * swimlanes, when grouping is on) and then by the barycentre of their
 * neighbours, a few sweeps each way, to keep crossings down. Long edges get
 * no dummy nodes: that is what makes dagre minutes-slow on a thousand
 * services with random long edges (measured: 192 s for 1,000 nodes and 2,000
 * edges), while this is linear per sweep. A column with more nodes than fit
 * is wrapped into several, so a flat catalogue does not become one tall strip.
 */

export interface LayoutNode {
  id: string;
  /** the swimlane: owner or system, when grouping is on */
  group?: string;
  /** for a stable first order */
  name: string;
}

export interface LayoutEdge {
  from: string;
  to: string;
}

export interface Point {
  x: number;
  y: number;
}

export interface Lane {
  /** undefined for the lane of nodes without a group */
  key: string | undefined;
  top: number;
  height: number;
}

export interface Layout {
  /** the top-left corner of each node's box */
  positions: Map<string, Point>;
  width: number;
  height: number;
  /** swimlanes, top to bottom (one lane, key undefined, when not grouped) */
  lanes: Lane[];
  /** the node ids of each column, left to right, each top to bottom (keyboard navigation) */
  columns: string[][];
}

/**
 * A layout as plain numbers in the order of the graph's nodes, so that it travels as JSON (from
 * the language server, through the extension, to the service map's page) at a third of the size.
 */
export interface LayoutRows {
  /** each node's x and y, in the order of the nodes */
  positions: number[];
  width: number;
  height: number;
  lanes: { top: number; height: number }[];
  /** the columns as node numbers */
  columns: number[][];
}

export function layoutRows(nodes: readonly { id: string }[], layout: Layout): LayoutRows {
  const index = new Map(nodes.map((n, i) => [n.id, i]));
  const positions: number[] = [];
  for (const n of nodes) {
    const p = layout.positions.get(n.id);
    positions.push(p?.x ?? 0, p?.y ?? 0);
  }
  return {
    positions,
    width: layout.width,
    height: layout.height,
    lanes: layout.lanes.map(({ top, height }) => ({ top, height })),
    columns: layout.columns.map((column) => column.map((id) => index.get(id)!)),
  };
}

/** The inverse of layoutRows, for the same nodes (lanes lose their keys: an ungrouped layout has none). */
export function layoutFromRows(nodes: readonly { id: string }[], rows: LayoutRows): Layout {
  const positions = new Map<string, Point>();
  nodes.forEach((n, i) => positions.set(n.id, { x: rows.positions[2 * i], y: rows.positions[2 * i + 1] }));
  return {
    positions,
    width: rows.width,
    height: rows.height,
    lanes: rows.lanes.map(({ top, height }) => ({ key: undefined, top, height })),
    columns: rows.columns.map((column) => column.map((i) => nodes[i].id)),
  };
}

export const NODE_WIDTH = 172;
export const NODE_HEIGHT = 34;
const COLUMN_GAP = 64;
const ROW_GAP = 12;
const LANE_HEADER = 24;
const LANE_GAP = 16;
const MARGIN = 16;
const SWEEPS = 4;

export interface LayoutOptions {
  grouped: boolean;
  /** most rows in one column before it wraps; default from the node count */
  maxRows?: number;
}

export function layoutGraph(
  nodes: readonly LayoutNode[],
  edges: readonly LayoutEdge[],
  options: LayoutOptions,
): Layout {
  // Nodes as numbers (their index in `nodes`): the sweeps below run on typed arrays, not maps.
  const ids = nodes.map((n) => n.id);
  const indexOf = new Map(ids.map((id, i) => [id, i]));
  const out: number[][] = ids.map(() => []);
  const inc: number[][] = ids.map(() => []);
  for (const e of edges) {
    const from = indexOf.get(e.from);
    const to = indexOf.get(e.to);
    if (from === undefined || to === undefined || from === to) continue;
    out[from].push(to);
    inc[to].push(from);
  }
  const rank = ranks(ids.length, out);
  let maxRank = 0;
  for (const r of rank) maxRank = Math.max(maxRank, r);
  const maxRows = options.maxRows ?? Math.max(20, Math.ceil(Math.sqrt(nodes.length) * 1.3));

  // Lanes: groups sorted, the ungrouped last.
  const groups = nodes.map((n) => (options.grouped ? n.group : undefined));
  const laneKeys = [...new Set(groups)].sort((a, b) =>
    a === b ? 0 : a === undefined ? 1 : b === undefined ? -1 : a < b ? -1 : 1,
  );
  const laneIndex = new Map(laneKeys.map((k, i) => [k, i]));
  const laneOf = Int32Array.from(groups, (g) => laneIndex.get(g)!);

  // Display columns: left = highest rank (dependents), right = rank 0.
  const byColumn: number[][] = Array.from({ length: maxRank + 1 }, () => []);
  const sorted = nodes
    .map((_, i) => i)
    .sort((a, b) => {
      const x = nodes[a];
      const y = nodes[b];
      return x.name < y.name ? -1 : x.name > y.name ? 1 : x.id < y.id ? -1 : 1;
    });
  const columnOf = new Int32Array(nodes.length);
  for (const n of sorted) {
    columnOf[n] = maxRank - rank[n];
    byColumn[columnOf[n]].push(n);
  }

  // Barycentre sweeps: each node moves to the mean position of its neighbours on the side swept from.
  const position = new Float64Array(nodes.length);
  const key = new Float64Array(nodes.length);
  const place = (col: number[]) => col.forEach((n, i) => (position[n] = (i + 0.5) / col.length));
  byColumn.forEach(place);
  const order = (col: number[], c: number, leftward: boolean) => {
    for (const n of col) {
      let sum = 0;
      let count = 0;
      for (const list of [out[n], inc[n]])
        for (const m of list)
          if (leftward ? columnOf[m] < c : columnOf[m] > c) {
            sum += position[m];
            count++;
          }
      key[n] = count > 0 ? sum / count : position[n];
    }
    col.sort((a, b) => laneOf[a] - laneOf[b] || key[a] - key[b]);
    place(col);
  };
  for (let sweep = 0; sweep < SWEEPS; sweep++) {
    for (let c = 1; c < byColumn.length; c++) order(byColumn[c], c, true);
    for (let c = byColumn.length - 2; c >= 0; c--) order(byColumn[c], c, false);
  }
  // The first column, ordered by lane too when no sweep reached it (a single column).
  if (byColumn.length === 1) order(byColumn[0], 0, true);

  // Per column and lane: the nodes in order; a column wraps into as many sub-columns as its fullest lane needs.
  const cells = byColumn.map((col) => {
    const lanes = laneKeys.map(() => [] as string[]);
    for (const n of col) lanes[laneOf[n]].push(ids[n]);
    return lanes;
  });
  const subColumns = cells.map((lanes) => Math.max(1, ...lanes.map((l) => Math.ceil(l.length / maxRows))));
  const laneRows = laneKeys.map((_, l) => Math.max(1, ...cells.map((lanes) => Math.min(lanes[l].length, maxRows))));
  const rowHeight = NODE_HEIGHT + ROW_GAP;
  const slotWidth = NODE_WIDTH + COLUMN_GAP;
  const header = options.grouped ? LANE_HEADER : 0;

  const lanes: Lane[] = [];
  let top = MARGIN;
  laneKeys.forEach((key, l) => {
    const height = header + laneRows[l] * rowHeight - ROW_GAP + (options.grouped ? 2 * 8 : 0);
    lanes.push({ key, top, height });
    top += height + (options.grouped ? LANE_GAP : 0);
  });

  const positions = new Map<string, Point>();
  const columns: string[][] = [];
  let x = MARGIN;
  cells.forEach((laneCells, c) => {
    const slots: string[][] = Array.from({ length: subColumns[c] }, () => []);
    laneCells.forEach((cell, l) => {
      const lane = lanes[l];
      const perSub = Math.ceil(cell.length / subColumns[c]) || 1;
      cell.forEach((id, i) => {
        const sub = Math.floor(i / perSub);
        const row = i % perSub;
        const used = Math.min(perSub, cell.length - sub * perSub);
        // Centre the column's nodes in the lane's height.
        const offset = ((laneRows[l] - used) * rowHeight) / 2;
        positions.set(id, {
          x: x + sub * slotWidth,
          y: lane.top + header + (options.grouped ? 8 : 0) + offset + row * rowHeight,
        });
        slots[sub].push(id);
      });
    });
    columns.push(...slots);
    x += subColumns[c] * slotWidth;
  });
  const width = Math.max(x - COLUMN_GAP + MARGIN, NODE_WIDTH + 2 * MARGIN);
  const height = (lanes.length > 0 ? lanes[lanes.length - 1].top + lanes[lanes.length - 1].height : 0) + MARGIN;
  return { positions, width, height, lanes, columns };
}

/**
 * Longest path to a node that depends on nothing shown: 0 for those, else one
 * more than the highest of what it depends on. Edges that close a cycle
 * (back edges of a depth-first walk) are left out. Iterative: no recursion
 * limit on long chains.
 */
function ranks(count: number, out: readonly number[][]): Int32Array {
  const rank = new Int32Array(count).fill(-1);
  const onPath = new Uint8Array(count);
  const stack: number[] = [];
  const next: number[] = [];
  for (let root = 0; root < count; root++) {
    if (rank[root] !== -1) continue;
    stack.push(root);
    next.push(0);
    onPath[root] = 1;
    while (stack.length > 0) {
      const top = stack.length - 1;
      const node = stack[top];
      const targets = out[node];
      if (next[top] < targets.length) {
        const target = targets[next[top]++];
        if (rank[target] !== -1 || onPath[target]) continue;
        onPath[target] = 1;
        stack.push(target);
        next.push(0);
        continue;
      }
      stack.pop();
      next.pop();
      onPath[node] = 0;
      let r = 0;
      for (const target of targets) if (rank[target] !== -1) r = Math.max(r, rank[target] + 1);
      rank[node] = r;
    }
  }
  return rank;
}
