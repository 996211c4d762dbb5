// The service map's data (docs/service-map.md), with no imports: the webview bundle reads these types too.

export type GraphDirection = 'dependencies' | 'dependents' | 'both';
export const GRAPH_DIRECTIONS: readonly GraphDirection[] = ['dependencies', 'dependents', 'both'];
export type GraphRelation = 'dependsOn' | 'providesApi' | 'consumesApi';
export type GraphHighlight = 'changed' | 'blast-radius';

/** A node as the contract states it: `id` is the entity reference (`service:payments-api`). */
export interface GraphNode {
  id: string;
  /** `service` for svcm Services; the Backstage kind in lower case for entities */
  kind: string;
  name: string;
  title?: string;
  /** the owner as the record writes it */
  owner?: string;
  /** the system an entity belongs to (Backstage `spec.system`) */
  group?: string;
  highlight?: GraphHighlight;
}

export interface GraphEdge {
  from: string;
  to: string;
  relation: GraphRelation;
}

export interface ServiceGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/**
 * What the map draws besides the contract's fields, per node id: colour
 * (tier for svcm Services, lifecycle for entities) and where the record is.
 */
export interface NodeDetail {
  tier?: number;
  phase?: string;
  lifecycle?: string;
  file: string;
  /** UTF-16 offsets of the record's name in its file */
  start: number;
  end: number;
}

/** A focus, change, depth or direction the graph cannot be made for; the message names it. */
export class GraphInputError extends Error {
  constructor(
    message: string,
    readonly argument: 'focus' | 'change' | 'depth' | 'direction',
  ) {
    super(message);
    this.name = 'GraphInputError';
  }
}
