import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { GRAPH_DIRECTIONS, GraphInputError, type NodeDetail, type ServiceGraph } from '../../core/graph/graphTypes';
import type {
  FromWebview,
  GraphMessage,
  MapArgs,
  MapState,
  MapSuggestions,
  MapTimeline,
  ToWebview,
} from '../../webview/serviceMap/protocol';
import type { LayoutRows } from '../../core/graph/layout';
import { toWire } from '../../webview/serviceMap/wire';
import { openTarget } from '../commands/openRecord';
import { reportError } from '../log';
import { assertTrusted, createExclusive, entryNames, WriteRefused } from '../write';
import { DrawOrder } from './drawOrder';

export const SERVICE_MAP_VIEW_TYPE = 'svcm.serviceMap';

/** A graph to draw, where each node's record is, and the workspace folder the records are in. */
export interface SourcedMap {
  args: MapArgs;
  graph: ServiceGraph;
  details: Record<string, NodeDetail>;
  /** the graph laid out without grouping, by the language server */
  layout?: LayoutRows;
  folder: vscode.Uri;
}

/**
 * Where the map's graph comes from: computed in the extension host from the
 * workspace model, or asked of the language server. Throws GraphInputError for
 * a focus or change that names nothing.
 */
export type GraphSource = (args: MapArgs) => Promise<SourcedMap>;

/**
 * What the focus and change fields suggest for a folder: every service name (and
 * entity reference) and every change name. Asked only when the person starts
 * using one of those fields, never for a first paint.
 */
export type SuggestionSource = (folder: vscode.Uri) => Promise<MapSuggestions>;

/** What the webview reports after drawing (tests and the benchmark wait on it). */
export interface MapRendered {
  nodes: number;
  edges: number;
  /** the nodes the painted frame holds: fewer than `nodes` for the first frame of a large graph */
  drawnNodes: number;
  /** every node and edge is painted (a large graph's first frame holds what is in sight) */
  complete: boolean;
  /** the webview's layout (grouped maps; an ungrouped one comes laid out: about 0) */
  layoutMs: number;
  drawMs: number;
  /** where the time went: the webview's marks and this side's (milliseconds since the epoch) */
  timeline: MapTimeline & HostMarks;
}

/** The extension host's marks for the last show(), on the epoch clock MapTimeline uses. */
export interface HostMarks {
  /** show() was called */
  shown?: number;
  /** the graph source answered */
  sourced?: number;
  /** the webview panel was created (a first opening) */
  created?: number;
  /** the webview said it is ready */
  ready?: number;
  /** the graph was posted to the webview */
  posted?: number;
  /** the webview's report of its painted frame arrived */
  reported: number;
}

const clock = () => performance.timeOrigin + performance.now();

/** Records changes arriving within this time redraw the map once. */
const REFRESH_MS = 300;

/**
 * The service map panel (docs/service-map.md): one panel of viewType
 * `svcm.serviceMap`, revealed when it is open, that draws what the graph
 * source gives for its arguments and follows record changes. The webview
 * (src/webview/serviceMap, its own bundle) lays out and draws; this side
 * computes, opens records and saves exports.
 */
export class ServiceMapPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  /** the arguments of what the panel shows */
  private args: MapArgs = {};
  private readonly draws = new DrawOrder<MapArgs>();
  private latest: SourcedMap | undefined;
  /** numbers each graph `latest` holds (GraphMessage.seq) */
  private latestSeq = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stale = false;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly panelDisposables: vscode.Disposable[] = [];
  /** the webview said it is ready for a graph (set again after each load of its document) */
  private webviewReady = false;
  /** the graph the webview has or is about to get (GraphMessage.seq) */
  private sentSeq: number | undefined;
  /** the page is loading for the first time in a new panel: what is posted now is held for it by the workbench */
  private firstLoad = false;
  private assets: { script: string; style: string } | undefined;
  private readonly renderedEmitter = new vscode.EventEmitter<MapRendered>();
  /** Fires when the webview has drawn and painted a graph. */
  readonly onDidRender = this.renderedEmitter.event;
  private readonly panEmitter = new vscode.EventEmitter<{ frames: number; ms: number }>();
  private marks: Omit<HostMarks, 'reported'> = {};

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly source: GraphSource,
    private readonly suggestions: SuggestionSource,
    onDidChangeRecords: vscode.Event<unknown>,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      this.renderedEmitter,
      this.panEmitter,
      onDidChangeRecords(() => this.scheduleRefresh()),
      vscode.window.registerWebviewPanelSerializer(SERVICE_MAP_VIEW_TYPE, {
        deserializeWebviewPanel: (panel, state) => this.restore(panel, state as MapState | undefined),
      }),
    );
  }

  /** The graph the panel shows now (undefined when it is closed). */
  get shown(): ServiceGraph | undefined {
    return this.panel ? this.latest?.graph : undefined;
  }

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  /**
   * Opens the panel (or reveals it) showing the graph for `args`, and returns
   * the graph. A first opening starts the webview before the graph is asked
   * for: the workbench takes longest to bring a webview up, and the graph is
   * computed meanwhile, then posted at once: the workbench holds it until the
   * page has loaded, so the page need not ask for it first. Throws
   * GraphInputError when the arguments name nothing;
   * a panel opened for them is closed again.
   */
  async show(args: MapArgs): Promise<ServiceGraph> {
    this.marks = { shown: clock() };
    let opened: vscode.WebviewPanel | undefined;
    if (!this.panel) {
      opened = vscode.window.createWebviewPanel(SERVICE_MAP_VIEW_TYPE, 'Service Map', vscode.ViewColumn.Active, {
        enableScripts: true,
        // Switching tabs keeps the drawing instead of loading and drawing it again.
        retainContextWhenHidden: true,
        localResourceRoots: [],
      });
      this.marks.created = clock();
      this.attach(opened);
      this.load(opened);
      this.firstLoad = true;
      // Let the request for the webview leave this thread before the graph takes it.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    const current = this.draws.begin(args);
    let data: SourcedMap;
    try {
      data = await this.source(args);
    } catch (error) {
      current();
      opened?.dispose();
      throw error;
    }
    this.marks.sourced = clock();
    // The caller gets the graph it asked for; the panel shows it unless a later draw began meanwhile.
    if (current()) {
      this.args = args;
      this.setLatest(data);
      this.stale = false;
    }
    if (!opened) this.panel?.reveal(undefined, false);
    this.postGraph();
    return data.graph;
  }

  /**
   * For the benchmark: the webview pans and zooms the map for `durationMs`, one
   * step per animation frame; resolves with the frames it was given.
   */
  measurePan(durationMs: number): Promise<{ frames: number; ms: number }> {
    return new Promise((resolve, reject) => {
      if (!this.panel) return reject(new Error('the service map is not open'));
      const sub = this.panEmitter.event((result) => {
        sub.dispose();
        resolve(result);
      });
      this.post({ type: 'measurePan', durationMs });
    });
  }

  /** A panel VS Code restores after a reload (the serializer), with the arguments its webview saved. */
  private async restore(panel: vscode.WebviewPanel, state: MapState | undefined): Promise<void> {
    if (this.panel) {
      panel.dispose();
      return;
    }
    this.args = sanitize(state?.args);
    this.attach(panel);
    // The page at once (the language server may still be reading the workspace); the graph when it is known.
    this.load(panel);
    try {
      await this.draw(this.args);
    } catch (error) {
      // What it showed is gone (a service renamed while closed): show the whole catalogue.
      this.log.info(`[serviceMap] restoring ${JSON.stringify(this.args)}: ${(error as Error).message}`);
      await this.draw({});
    }
  }

  private setLatest(data: SourcedMap): void {
    this.latest = data;
    this.latestSeq++;
  }

  /** Follows the panel's messages and its closing (its page is written by load()). */
  private attach(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    this.webviewReady = false;
    this.sentSeq = undefined;
    panel.webview.options = { enableScripts: true, localResourceRoots: [] };
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'svcm.svg');
    this.panelDisposables.push(
      panel.webview.onDidReceiveMessage((message: FromWebview) => this.onMessage(message)),
      panel.onDidChangeViewState(() => {
        if (panel.visible && this.stale) this.scheduleRefresh();
      }),
      panel.onDidDispose(() => {
        this.panel = undefined;
        this.webviewReady = false;
        this.firstLoad = false;
        for (const d of this.panelDisposables.splice(0)) d.dispose();
      }),
    );
  }

  /**
   * The webview's script and style, read when the map first opens (never at
   * activation) and written into its page: the page then loads nothing, which
   * saves the webview two round trips through the workbench before it can draw.
   */
  private pageAssets(): { script: string; style: string } {
    if (!this.assets) {
      const read = (...segments: string[]) =>
        fs.readFileSync(vscode.Uri.joinPath(this.extensionUri, ...segments).fsPath, 'utf8');
      this.assets = {
        // Nothing in them may close the element they are written into.
        script: read('dist', 'serviceMap.js').replace(/<\/(script)/gi, '<\\/$1'),
        style: read('media', 'serviceMap.css').replace(/<\/(style)/gi, '<\\/$1'),
      };
    }
    return this.assets;
  }

  private load(panel: vscode.WebviewPanel): void {
    this.webviewReady = false;
    this.firstLoad = false;
    this.sentSeq = undefined;
    panel.webview.html = this.html();
  }

  private html(): string {
    const nonce = randomBytes(18).toString('base64');
    const { script, style } = this.pageAssets();
    // Nothing from the network, nor from anywhere: the script and the style are in the page, allowed by the nonce.
    const csp = [
      "default-src 'none'",
      `script-src 'nonce-${nonce}'`,
      `style-src 'nonce-${nonce}'`,
      'img-src data:',
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<style nonce="${nonce}">${style}</style>
<title>Service Map</title>
</head>
<body>
<div class="toolbar" role="toolbar" aria-label="Service map controls">
  <label>Focus <input id="focus" list="names" placeholder="whole catalogue" aria-label="Focus: a service name" size="18"></label>
  <button id="whole" title="Show every service">Whole catalogue</button>
  <label>Depth <input id="depth" type="number" min="0" max="20" value="2" aria-label="Depth: hops from the focus"></label>
  <label>Direction <select id="direction" aria-label="Direction">
    <option value="both">both</option><option value="dependencies">dependencies</option><option value="dependents">dependents</option>
  </select></label>
  <label>Change <input id="change" list="changes" placeholder="none" aria-label="Change whose blast radius to show" size="14"></label>
  <label>Group <select id="group" aria-label="Group by">
    <option value="none">none</option><option value="owner">by owner</option><option value="system">by system</option>
  </select></label>
  <label>Search <input id="search" type="search" placeholder="name or title" aria-label="Search the map (Enter: next match)"></label>
  <button id="fit" title="Fit the map in the window (0)">Fit</button>
  <button id="export" class="primary" title="Save the map as an SVG file">Export SVG</button>
  <div id="status" class="status" role="status" aria-live="polite"></div>
</div>
<div id="problem" class="problem" role="alert" hidden></div>
<div class="legend" aria-hidden="true">
  <span><span class="swatch tier-1"></span>tier 1</span><span><span class="swatch tier-2"></span>tier 2</span>
  <span><span class="swatch tier-3"></span>tier 3</span><span><span class="swatch tier-4"></span>tier 4</span>
  <span><span class="swatch changed"></span>changed</span><span><span class="swatch blast-radius"></span>blast radius</span>
  <span>Arrows point to what a service depends on. Click: open the record. Double-click or F: focus on it. Arrow keys move along the edges; +, -, 0 zoom.</span>
</div>
<datalist id="names"></datalist><datalist id="changes"></datalist>
<div id="viewport" tabindex="0" role="application" aria-label="Service map: arrow keys move between services, Enter opens the record"><div id="stage"></div></div>
<script nonce="${nonce}">${script}</script>
</body>
</html>`;
  }

  private post(message: ToWebview): void {
    void this.panel?.webview.postMessage(message);
  }

  /**
   * Sends the latest graph unless the webview has it. While a new panel's page loads for the
   * first time the workbench holds what is posted and hands it over when the page has loaded;
   * a page loaded again loses what was posted meanwhile, and its `ready` asks for it.
   */
  private postGraph(): void {
    if (!this.latest || !(this.webviewReady || this.firstLoad) || this.sentSeq === this.latestSeq) return;
    const { args, graph, details, layout } = this.latest;
    const message: GraphMessage = { type: 'graph', seq: this.latestSeq, args, wire: toWire(graph, details, layout) };
    this.post(message);
    this.sentSeq = message.seq;
    this.marks.posted ??= clock();
  }

  private async onMessage(message: FromWebview): Promise<void> {
    try {
      switch (message.type) {
        case 'ready':
          this.marks.ready ??= clock();
          this.webviewReady = true;
          this.firstLoad = false;
          // What the page has: none when the graph posted while it loaded did not reach it, or it loaded again.
          this.sentSeq = message.seq;
          this.postGraph();
          return;
        case 'suggest':
          if (this.latest) this.post({ type: 'suggestions', ...(await this.suggestions(this.latest.folder)) });
          return;
        case 'request':
          await this.redraw(sanitize(message.args));
          return;
        case 'open':
          await this.open(message.id);
          return;
        case 'exportSvg':
          await this.exportSvg(message.svg);
          return;
        case 'panMeasured':
          this.panEmitter.fire({ frames: message.frames, ms: message.ms });
          return;
        case 'rendered':
          this.log.debug(
            `[serviceMap] drew ${message.drawnNodes} of ${message.nodes} nodes, ${message.edges} edges: layout ${message.layoutMs.toFixed(0)} ms, drawing ${message.drawMs.toFixed(0)} ms`,
          );
          this.renderedEmitter.fire({
            nodes: message.nodes,
            edges: message.edges,
            drawnNodes: message.drawnNodes,
            complete: message.complete,
            layoutMs: message.layoutMs,
            drawMs: message.drawMs,
            timeline: { ...message.timeline, ...this.marks, reported: clock() },
          });
          if (message.complete) this.marks = {};
          return;
      }
    } catch (error) {
      if (error instanceof WriteRefused) {
        void vscode.window.showErrorMessage(`svcm: ${error.message}`);
        return;
      }
      void reportError(this.log, 'the service map failed', error);
    }
  }

  /** Draws other arguments in the open panel; arguments that name nothing are said in the panel. */
  private async redraw(args: MapArgs): Promise<void> {
    try {
      await this.draw(args);
    } catch (error) {
      if (!(error instanceof GraphInputError)) throw error;
      this.post({ type: 'error', args, message: error.message });
    }
  }

  /**
   * Shows the graph for `args` unless another draw begins before it arrives
   * (DrawOrder). Throws what the source throws, unless a later draw began.
   */
  private async draw(args: MapArgs): Promise<void> {
    const current = this.draws.begin(args);
    let data: SourcedMap;
    try {
      data = await this.source(args);
    } catch (error) {
      if (current()) throw error;
      return;
    }
    if (!current()) return;
    this.args = args;
    this.setLatest(data);
    this.postGraph();
  }

  private async open(id: string): Promise<void> {
    const detail = this.latest?.details[id];
    if (!this.latest || !detail) return;
    // Beside the map, so that the map stays in sight: the other of the first two columns.
    const column = this.panel?.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One;
    await openTarget(
      { folder: this.latest.folder, path: detail.file, start: detail.start, end: detail.end },
      { viewColumn: column },
    );
  }

  /**
   * Saves the drawing where the person chooses, proposing a name no file has yet.
   * Never over an existing file (docs/service-map.md): a name that is taken is
   * refused with a message, and nothing is written.
   */
  private async exportSvg(svg: string): Promise<void> {
    assertTrusted();
    const folder = this.latest?.folder;
    let defaultUri: vscode.Uri | undefined;
    if (folder) {
      const taken = new Set(await entryNames(folder));
      let name = 'service-map.svg';
      for (let i = 2; taken.has(name); i++) name = `service-map-${i}.svg`;
      defaultUri = vscode.Uri.joinPath(folder, name);
    }
    const target = await vscode.window.showSaveDialog({
      title: 'Export the service map as SVG',
      defaultUri,
      filters: { 'SVG image': ['svg'] },
      saveLabel: 'Export',
    });
    if (!target) return;
    if (!(await createExclusive(target, svg)))
      throw new WriteRefused(
        `${vscode.workspace.asRelativePath(target, false)} already exists, and svcm does not write over a file: export the map under a new name`,
      );
    this.log.info(`[serviceMap] exported ${target.toString(true)}`);
    void vscode.window.showInformationMessage(
      `svcm: the service map was exported to ${vscode.workspace.asRelativePath(target, false)}`,
    );
  }

  private scheduleRefresh(): void {
    if (!this.panel) return;
    if (!this.panel.visible) {
      this.stale = true;
      return;
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.stale = false;
      // What was asked last, even if its answer is still on the way: the records changed under it.
      this.redraw(this.draws.inFlight ?? this.args).catch((error) =>
        this.log.error(`[serviceMap] refresh failed: ${error}`),
      );
    }, REFRESH_MS);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

/**
 * The `svcm.showServiceMap` arguments from anything (a command's caller, the
 * webview): every field optional; a field of the wrong type is refused with
 * a message naming it.
 */
export function readMapArgs(raw: Record<string, unknown>): MapArgs {
  const args: MapArgs = {};
  const text = (key: 'focus' | 'change') => {
    const value = raw[key];
    if (value === undefined || value === null) return;
    if (typeof value !== 'string') throw new GraphInputError(`the argument '${key}' must be a string`, key);
    if (value.trim() !== '') args[key] = value.trim();
  };
  text('focus');
  text('change');
  if (raw.depth !== undefined && raw.depth !== null) {
    const depth = typeof raw.depth === 'string' && /^\d+$/.test(raw.depth) ? Number(raw.depth) : raw.depth;
    if (typeof depth !== 'number' || !Number.isInteger(depth) || depth < 0)
      throw new GraphInputError(
        `depth must be a whole number of hops, 0 or more, not ${JSON.stringify(raw.depth)}`,
        'depth',
      );
    args.depth = depth;
  }
  if (raw.direction !== undefined && raw.direction !== null) {
    if (!(GRAPH_DIRECTIONS as readonly unknown[]).includes(raw.direction))
      throw new GraphInputError(
        `direction must be one of ${GRAPH_DIRECTIONS.join(', ')}, not ${JSON.stringify(raw.direction)}`,
        'direction',
      );
    args.direction = raw.direction as MapArgs['direction'];
  }
  return args;
}

/** Arguments saved by a webview: what cannot be read is dropped, never thrown. */
function sanitize(raw: unknown): MapArgs {
  if (!raw || typeof raw !== 'object') return {};
  const args: MapArgs = {};
  const r = raw as Record<string, unknown>;
  for (const key of ['focus', 'depth', 'direction', 'change'] as const) {
    try {
      Object.assign(args, readMapArgs({ [key]: r[key] }));
    } catch {
      // dropped
    }
  }
  return args;
}
