// The messages between the service map panel (src/editor/serviceMap) and its webview
// (main.ts): one union per direction. Plain data only: no vscode, no DOM.
import type { GraphDirection, NodeDetail, ServiceGraph } from '../../core/graph/graphTypes';
import type { Layout } from '../../core/graph/layout';
import type { WireGraph } from './wire';

/** What the map shows: the `svcm.showServiceMap` arguments (docs/service-map.md). */
export interface MapArgs {
  focus?: string;
  depth?: number;
  direction?: GraphDirection;
  change?: string;
}

/** How a node is coloured and described: the part of a NodeDetail the webview needs (not where its record is). */
export type NodeStyle = Pick<NodeDetail, 'tier' | 'phase' | 'lifecycle'>;

/** A graph to draw, with what the webview needs beyond the contract's fields. */
export interface MapData {
  args: MapArgs;
  graph: ServiceGraph;
  styles: Record<string, NodeStyle>;
  /** the graph laid out without grouping, when the extension sent it (WireGraph.layout) */
  layout?: Layout;
}

/** What the focus and change fields suggest: asked for when one of them is first used, never for a first paint. */
export interface MapSuggestions {
  /** every service name (and entity reference) that can be a focus */
  names: string[];
  /** every change name */
  changes: string[];
}

/**
 * A graph to draw, compact on the way (wire.ts). `seq` numbers the graphs the panel has
 * computed: the webview's `ready` says which one it has, so it is not sent twice.
 */
export interface GraphMessage {
  type: 'graph';
  seq: number;
  args: MapArgs;
  wire: WireGraph;
}

export type ToWebview =
  | GraphMessage
  | ({ type: 'suggestions' } & MapSuggestions)
  /** the arguments cannot be drawn (a focus that names nothing, after an edit): the message names why */
  | { type: 'error'; args: MapArgs; message: string }
  /** the benchmark: pan and zoom for this long, one step per animation frame, and report the frames */
  | { type: 'measurePan'; durationMs: number };

export type FromWebview =
  /** the page has loaded: `seq` is the graph it has (and draws), if any */
  | { type: 'ready'; seq?: number }
  /** draw with other arguments (the panel's controls) */
  | { type: 'request'; args: MapArgs }
  /** the focus or change field is being used: send the suggestions */
  | { type: 'suggest' }
  /** open the record of a node */
  | { type: 'open'; id: string }
  | { type: 'exportSvg'; svg: string }
  /**
   * A graph was painted: how many nodes and edges it has, how many of its nodes the
   * painted frame holds, whether that is all of them (a large graph is drawn in stages:
   * what is in sight first, the rest in the frames after), and how long layout and
   * drawing took. Sent for the first frame, and again when the last stage is painted.
   */
  | {
      type: 'rendered';
      nodes: number;
      edges: number;
      drawnNodes: number;
      complete: boolean;
      layoutMs: number;
      drawMs: number;
      timeline: MapTimeline;
    }
  | { type: 'panMeasured'; frames: number; ms: number };

/** What the webview keeps across reloads (getState/setState) and what the serializer restores. */
export interface MapState {
  args: MapArgs;
  groupBy: GroupBy;
  view?: { x: number; y: number; scale: number };
  selected?: string;
}

export type GroupBy = 'none' | 'owner' | 'system';

/**
 * When the webview did what, in milliseconds since the epoch (performance.timeOrigin +
 * performance.now(), comparable with the extension host's clock on the same machine):
 * where a first paint's time goes (the benchmark reports it).
 */
export interface MapTimeline {
  /** the webview document's navigation began */
  documentStart: number;
  /** the bundle's first line ran */
  scriptStart: number;
  /** the page's load event (the workbench hands over what was posted meanwhile only after it) */
  loaded?: number;
  /** the graph message arrived */
  received: number;
  /** laid out */
  laidOut: number;
  /** the SVG is in the document */
  drawn: number;
  /** the frame after it was painted */
  painted: number;
}
