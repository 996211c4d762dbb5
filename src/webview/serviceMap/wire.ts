// The graph as it travels from the extension to the service map's webview: nodes as rows
// and edges as node numbers, about a third of the objects' size, so it is quicker to send
// through the workbench and to copy into the webview. Plain functions, no vscode, no DOM:
// both bundles use them, and test/unit/mapWire.test.ts holds the two directions together.
import type { GraphEdge, GraphNode, GraphRelation, NodeDetail, ServiceGraph } from '../../core/graph/graphTypes';
import { layoutFromRows, type Layout, type LayoutRows } from '../../core/graph/layout';
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
   * The graph laid out without grouping, by the language server (`svcm/serviceMap` with
   * `layout`), so that a first paint does not wait for a layout in the page.
   */
  layout?: LayoutRows;
}

/**
 * The graph and each node's colouring details (not where its record is: the webview does not
 * need it), and `layout` when given: the graph's ungrouped layout as layoutRows gives it for
 * these nodes.
 */
export function toWire(
  graph: ServiceGraph,
  details: Readonly<Record<string, NodeDetail | undefined>>,
  layout?: LayoutRows,
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
  return layout ? { nodes, edges, layout } : { nodes, edges };
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
  return wire.layout ? { graph, styles, layout: layoutFromRows(nodes, wire.layout) } : { graph, styles };
}
