import type { GraphEdge, GraphNode, ServiceGraph } from './graphTypes';

/**
 * The service graph as text (docs/service-map.md): Mermaid for a pull-request
 * comment or a README, Graphviz dot, or the JSON the `svcm.showServiceMap`
 * command returns. Edges point from the dependent to what it depends on (or
 * from a component to the API it provides or consumes).
 */

export const GRAPH_FORMATS = ['mermaid', 'dot', 'json'] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

export function formatGraph(graph: ServiceGraph, format: GraphFormat): string {
  switch (format) {
    case 'mermaid':
      return toMermaid(graph);
    case 'dot':
      return toDot(graph);
    case 'json':
      return JSON.stringify(graph, null, 2) + '\n';
  }
}

/** A one- or two-line label: the name, and the title when it says more. */
function labelLines(node: GraphNode): string[] {
  return node.title && node.title !== node.name ? [node.name, node.title] : [node.name];
}

/**
 * A Mermaid flowchart. Node ids are `n0`, `n1`, ... (entity references hold
 * `:` and `/`, which Mermaid ids cannot); labels are quoted, with `"` and the
 * characters Mermaid reads as markup written as entity codes.
 */
export function toMermaid(graph: ServiceGraph): string {
  const ids = new Map(graph.nodes.map((node, i) => [node.id, `n${i}`]));
  const lines = ['flowchart LR'];
  for (const node of graph.nodes)
    lines.push(`  ${ids.get(node.id)}${shapeOf(node, `"${labelLines(node).map(mermaidText).join('<br/>')}"`)}`);
  for (const edge of graph.edges) {
    const from = ids.get(edge.from);
    const to = ids.get(edge.to);
    if (from && to) lines.push(`  ${from} ${mermaidArrow(edge)} ${to}`);
  }
  const changed = graph.nodes.filter((n) => n.highlight === 'changed').map((n) => ids.get(n.id));
  const blast = graph.nodes.filter((n) => n.highlight === 'blast-radius').map((n) => ids.get(n.id));
  if (changed.length > 0) {
    lines.push('  classDef changed fill:#fdd,stroke:#c00,stroke-width:2px,color:#000');
    lines.push(`  class ${changed.join(',')} changed`);
  }
  if (blast.length > 0) {
    lines.push('  classDef blast fill:#ffe8c2,stroke:#d97800,stroke-width:2px,color:#000');
    lines.push(`  class ${blast.join(',')} blast`);
  }
  return lines.join('\n') + '\n';
}

function shapeOf(node: GraphNode, label: string): string {
  // APIs as hexagons, resources as cylinders, services and components as rounded boxes.
  if (node.kind === 'api') return `{{${label}}}`;
  if (node.kind === 'resource') return `[(${label})]`;
  return `(${label})`;
}

function mermaidArrow(edge: GraphEdge): string {
  return edge.relation === 'dependsOn' ? '-->' : `-.->|${edge.relation === 'providesApi' ? 'provides' : 'consumes'}|`;
}

function mermaidText(text: string): string {
  return text.replace(/[#"<>&]/g, (c) => `#${c.charCodeAt(0)};`);
}

/** A Graphviz digraph: node ids are the entity references, quoted. */
export function toDot(graph: ServiceGraph): string {
  const lines = [
    'digraph services {',
    '  rankdir=LR;',
    '  node [shape=box, style="rounded,filled", fillcolor="#ffffff", fontname="sans-serif"];',
  ];
  for (const node of graph.nodes) {
    const attrs = [`label=${dotString(labelLines(node).join('\n'))}`];
    if (node.kind === 'api') attrs.push('shape=hexagon');
    if (node.kind === 'resource') attrs.push('shape=cylinder');
    if (node.highlight === 'changed') attrs.push('fillcolor="#ffdddd"', 'color="#cc0000"', 'penwidth=2');
    if (node.highlight === 'blast-radius') attrs.push('fillcolor="#ffe8c2"', 'color="#d97800"', 'penwidth=2');
    lines.push(`  ${dotString(node.id)} [${attrs.join(', ')}];`);
  }
  for (const edge of graph.edges) {
    const attrs = edge.relation === 'dependsOn' ? '' : ` [style=dashed, label=${dotString(edge.relation)}]`;
    lines.push(`  ${dotString(edge.from)} -> ${dotString(edge.to)}${attrs};`);
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}

function dotString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;
}
