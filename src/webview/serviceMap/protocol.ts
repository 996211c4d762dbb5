// The messages between the service map panel (src/editor/serviceMap) and its webview
// (main.ts): one union per direction. Plain data only: no vscode, no DOM.
import type { GraphDirection, NodeDetail, ServiceGraph } from '../../core/graph/graphTypes';

/** What the map shows: the `svcm.showServiceMap` arguments (docs/service-map.md). */
export interface MapArgs {
  focus?: string;
  depth?: number;
  direction?: GraphDirection;
  change?: string;
}

/** A graph to draw, with what the webview needs beyond the contract's fields. */
export interface MapData {
  args: MapArgs;
  graph: ServiceGraph;
  details: Record<string, NodeDetail>;
  /** every service name (and entity reference) that can be a focus, for the focus field's suggestions */
  names: string[];
  /** every change name, for the change field's suggestions */
  changes: string[];
}

export type ToWebview =
  | ({ type: 'graph' } & MapData)
  /** the arguments cannot be drawn (a focus that names nothing, after an edit): the message names why */
  | { type: 'error'; args: MapArgs; message: string }
  /** the benchmark: pan and zoom for this long, one step per animation frame, and report the frames */
  | { type: 'measurePan'; durationMs: number };

export type FromWebview =
  | { type: 'ready' }
  /** draw with other arguments (the panel's controls) */
  | { type: 'request'; args: MapArgs }
  /** open the record of a node */
  | { type: 'open'; id: string }
  | { type: 'exportSvg'; svg: string }
  /** a graph was drawn and painted: how many nodes and edges, and how long layout and drawing took */
  | { type: 'rendered'; nodes: number; edges: number; layoutMs: number; drawMs: number }
  | { type: 'panMeasured'; frames: number; ms: number };

/** What the webview keeps across reloads (getState/setState) and what the serializer restores. */
export interface MapState {
  args: MapArgs;
  groupBy: GroupBy;
  view?: { x: number; y: number; scale: number };
  selected?: string;
}

export type GroupBy = 'none' | 'owner' | 'system';
