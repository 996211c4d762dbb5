// The graph as it travels from the extension to the service map's webview: nodes as rows
// and edges as node numbers, about a third of the objects' size, so it is quicker to send
// through the workbench and to copy into the webview. Plain functions, no vscode, no DOM:
// both bundles use them, and test/unit/mapWire.test.ts holds the two directions together.
import type { GraphEdge, GraphNode, GraphRelation, NodeDetail, ServiceGraph } from '../../core/graph/graphTypes';
import type { Layout } from './layout';
import type { NodeStyle } from './protocol';

const RELATIONS: readonly GraphRelation[] = ['dependsOn', 'providesApi', 'consumesApi'];

/** A node: id, kind, name, title, owner, group, highlight, tier, phase, lifecycle (null when absent). */
export type WireNode = [
  string,
  string,
  string,
  string | null,
  string | null,
  string | null,
  GraphNode['highlight'] | null,
  number | null,
  string | null,
  string | null,
];

export interface WireGraph {
  nodes: WireNode[];
  /** three numbers per edge: the index of `from` and of `to` in `nodes`, and the relation's */
  edges: number[];
  /**
   * The graph laid out without grouping (layout.ts), by the extension while the workbench brings
   * the webview up, so that a first paint does not wait for it: each node's x and y in the order
   * of `nodes`, and the columns as node numbers.
   */
  layout?: {
    positions: number[];
    width: number;
    height: number;
    lanes: { top: number; height: number }[];
    columns: number[][];
  };
}

/**
 * The graph and each node's colouring details (not where its record is: the webview does not
 * need it), and `layout` when given: the graph's ungrouped layout (layoutGraph with
 * `grouped: false` on these nodes and edges).
 */
export function toWire(
  graph: ServiceGraph,
  details: Readonly<Record<string, NodeDetail | undefined>>,
  layout?: Layout,
): WireGraph {
  const index = new Map<string, number>();
  const nodes = graph.nodes.map((n, i): WireNode => {
    index.set(n.id, i);
    const d = details[n.id];
    return [
      n.id,
      n.kind,
      n.name,
      n.title ?? null,
      n.owner ?? null,
      n.group ?? null,
      n.highlight ?? null,
      d?.tier ?? null,
      d?.phase ?? null,
      d?.lifecycle ?? null,
    ];
  });
  const edges: number[] = [];
  for (const e of graph.edges) {
    const from = index.get(e.from);
    const to = index.get(e.to);
    if (from === undefined || to === undefined) continue;
    edges.push(from, to, RELATIONS.indexOf(e.relation));
  }
  if (!layout) return { nodes, edges };
  const positions: number[] = [];
  for (const n of graph.nodes) {
    const p = layout.positions.get(n.id);
    positions.push(p?.x ?? 0, p?.y ?? 0);
  }
  return {
    nodes,
    edges,
    layout: {
      positions,
      width: layout.width,
      height: layout.height,
      lanes: layout.lanes.map(({ top, height }) => ({ top, height })),
      columns: layout.columns.map((column) => column.map((id) => index.get(id)!)),
    },
  };
}

/** Back to the graph (the contract's shape, absent fields left out), each node's style, and the ungrouped layout when it came along. */
export function fromWire(wire: WireGraph): {
  graph: ServiceGraph;
  styles: Record<string, NodeStyle>;
  layout?: Layout;
} {
  const styles: Record<string, NodeStyle> = {};
  const nodes = wire.nodes.map(([id, kind, name, title, owner, group, highlight, tier, phase, lifecycle]) => {
    const node: GraphNode = { id, kind, name };
    if (title !== null) node.title = title;
    if (owner !== null) node.owner = owner;
    if (group !== null) node.group = group;
    if (highlight !== null) node.highlight = highlight;
    const style: NodeStyle = {};
    if (tier !== null) style.tier = tier;
    if (phase !== null) style.phase = phase;
    if (lifecycle !== null) style.lifecycle = lifecycle;
    styles[id] = style;
    return node;
  });
  const edges: GraphEdge[] = [];
  for (let i = 0; i + 2 < wire.edges.length; i += 3)
    edges.push({
      from: nodes[wire.edges[i]].id,
      to: nodes[wire.edges[i + 1]].id,
      relation: RELATIONS[wire.edges[i + 2]],
    });
  const graph = { nodes, edges };
  const laid = wire.layout;
  if (!laid) return { graph, styles };
  const positions = new Map<string, { x: number; y: number }>();
  nodes.forEach((n, i) => positions.set(n.id, { x: laid.positions[2 * i], y: laid.positions[2 * i + 1] }));
  return {
    graph,
    styles,
    layout: {
      positions,
      width: laid.width,
      height: laid.height,
      lanes: laid.lanes.map(({ top, height }) => ({ key: undefined, top, height })),
      columns: laid.columns.map((column) => column.map((i) => nodes[i].id)),
    },
  };
}
