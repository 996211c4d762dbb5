// The service map webview: draws the graph the extension sends (protocol.ts) as SVG,
// laid out by layout.ts; pans and zooms by moving one CSS-transformed layer; talks to
// the extension only through typed messages. Bundled on its own (dist/serviceMap.js)
// and loaded only when the map opens.
import type { GraphEdge, GraphNode } from '../../core/graph/graphTypes';
import { layoutGraph, NODE_HEIGHT, NODE_WIDTH, type Layout } from '../../core/graph/layout';
import { fromWire } from './wire';
import type {
  FromWebview,
  GraphMessage,
  GroupBy,
  MapArgs,
  MapData,
  MapState,
  MapSuggestions,
  MapTimeline,
  ToWebview,
} from './protocol';

/** Milliseconds since the epoch, on the clock the extension host shares (MapTimeline). */
const clock = () => performance.timeOrigin + performance.now();
const scriptStart = clock();
let receivedAt = scriptStart;
let loadedAt: number | undefined;

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): MapState | undefined;
  setState(state: MapState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const SVG = 'http://www.w3.org/2000/svg';
const MIN_SCALE = 0.05;
const MAX_SCALE = 3;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const viewport = $<HTMLDivElement>('viewport');
const stage = $<HTMLDivElement>('stage');
const focusInput = $<HTMLInputElement>('focus');
const depthInput = $<HTMLInputElement>('depth');
const directionSelect = $<HTMLSelectElement>('direction');
const changeInput = $<HTMLInputElement>('change');
const groupSelect = $<HTMLSelectElement>('group');
const searchInput = $<HTMLInputElement>('search');
const status = $<HTMLDivElement>('status');
const problem = $<HTMLDivElement>('problem');

let state: MapState = vscode.getState() ?? { args: {}, groupBy: 'none' };
let data: MapData | undefined;
let layout: Layout | undefined;
let nodeElements = new Map<string, SVGGElement>();
let view = state.view ?? { x: 0, y: 0, scale: 1 };
let matches: string[] = [];
let matchIndex = -1;

function post(message: FromWebview): void {
  vscode.postMessage(message);
}

function saveState(): void {
  state = { ...state, view };
  vscode.setState(state);
}

// ---- drawing -------------------------------------------------------------------------

/** Most nodes the first frame draws: a large graph shows what is in sight first, the rest in the frames after. */
const FIRST_FRAME_NODES = 300;
/** Nodes drawn per later frame. */
const STAGE_NODES = 500;
/** Bumped by every draw: the stages of an older drawing stop. */
let drawing = 0;
let nodesLayer: SVGGElement | undefined;
let edgesLayer: SVGGElement | undefined;

function svg<K extends keyof SVGElementTagNameMap>(name: K, attrs: Record<string, string | number> = {}) {
  const el = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

/** Text for markup: element content or a double-quoted attribute value. */
function esc(text: string): string {
  return text.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));
}

function groupKey(node: GraphNode, groupBy: GroupBy): string | undefined {
  if (groupBy === 'owner') return node.owner;
  if (groupBy === 'system') return node.group;
  return undefined;
}

/** The colour class: tier for svcm Services, lifecycle for Backstage entities. */
function colourClass(node: GraphNode): string {
  const style = data?.styles[node.id];
  if (style?.tier !== undefined) return `tier-${Math.min(4, Math.max(1, Math.round(style.tier)))}`;
  if (style?.lifecycle) return `lifecycle-${style.lifecycle.replace(/[^a-z-]/gi, '')}`;
  return 'tier-none';
}

function describe(node: GraphNode): string {
  const style = data?.styles[node.id];
  return [
    node.name,
    node.title,
    node.kind !== 'service' ? node.kind : undefined,
    style?.tier !== undefined ? `tier ${style.tier}` : undefined,
    style?.phase ?? style?.lifecycle,
    node.owner ? `owner ${node.owner}` : undefined,
    node.highlight === 'changed' ? 'changed' : node.highlight === 'blast-radius' ? 'in the blast radius' : undefined,
  ]
    .filter(Boolean)
    .join(', ');
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function nodeMarkup(node: GraphNode, focusId: string | undefined): string {
  const p = layout!.positions.get(node.id)!;
  const classes = ['node', colourClass(node)];
  if (node.highlight) classes.push(node.highlight);
  if (node.id === focusId) classes.push('focus');
  const description = esc(describe(node));
  return (
    `<g class="${classes.join(' ')}" transform="translate(${p.x} ${p.y})" tabindex="-1" role="button" aria-label="${description}" data-id="${esc(node.id)}">` +
    `<rect class="box" width="${NODE_WIDTH}" height="${NODE_HEIGHT}" rx="6"/><rect class="stripe" width="6" height="${NODE_HEIGHT}" rx="3"/>` +
    `<text class="label" x="14" y="${node.title ? 14 : 21}">${esc(truncate(node.name, 24))}</text>` +
    (node.title ? `<text class="title" x="14" y="27">${esc(truncate(node.title, 28))}</text>` : '') +
    `<title>${description}</title></g>`
  );
}

function edgeMarkup(edge: GraphEdge): string {
  const a = layout!.positions.get(edge.from)!;
  const b = layout!.positions.get(edge.to)!;
  const x1 = a.x + NODE_WIDTH;
  const y1 = a.y + NODE_HEIGHT / 2;
  const x2 = b.x;
  const y2 = b.y + NODE_HEIGHT / 2;
  const bend = Math.max(40, Math.abs(x2 - x1) / 2);
  const api = edge.relation !== 'dependsOn';
  return `<path d="M ${x1} ${y1} C ${x1 + bend} ${y1}, ${x2 - bend} ${y2}, ${x2} ${y2}" class="edge${api ? ' edge-api' : ''}" marker-end="url(#${api ? 'arrow-api' : 'arrow'})" data-from="${esc(edge.from)}" data-to="${esc(edge.to)}"/>`;
}

/**
 * The nodes in the order they are drawn, cut into stages: the first holds what is
 * in sight (at most FIRST_FRAME_NODES, the nearest the middle of the view), each
 * later one STAGE_NODES more. A graph of at most FIRST_FRAME_NODES is one stage.
 */
function stages(nodes: readonly GraphNode[]): GraphNode[][] {
  if (nodes.length <= FIRST_FRAME_NODES) return [[...nodes]];
  const w = viewport.clientWidth || 800;
  const h = viewport.clientHeight || 600;
  // The view in layout coordinates.
  const left = -view.x / view.scale;
  const top = -view.y / view.scale;
  const right = (w - view.x) / view.scale;
  const bottom = (h - view.y) / view.scale;
  const cx = (w / 2 - view.x) / view.scale;
  const cy = (h / 2 - view.y) / view.scale;
  const distance = new Map<string, number>();
  const inSight: GraphNode[] = [];
  const rest: GraphNode[] = [];
  for (const node of nodes) {
    const p = layout!.positions.get(node.id)!;
    if (p.x + NODE_WIDTH >= left && p.x <= right && p.y + NODE_HEIGHT >= top && p.y <= bottom) {
      distance.set(node.id, Math.hypot(p.x + NODE_WIDTH / 2 - cx, p.y + NODE_HEIGHT / 2 - cy));
      inSight.push(node);
    } else rest.push(node);
  }
  inSight.sort((a, b) => distance.get(a.id)! - distance.get(b.id)!);
  const order = [...inSight, ...rest];
  const first = Math.max(1, Math.min(FIRST_FRAME_NODES, inSight.length));
  const out = [order.slice(0, first)];
  for (let i = first; i < order.length; i += STAGE_NODES) out.push(order.slice(i, i + STAGE_NODES));
  return out;
}

function draw(keepView: boolean): void {
  if (!data) return;
  const generation = ++drawing;
  const started = performance.now();
  const graph = data.graph;
  const groupBy = state.groupBy;
  // Ungrouped, the extension's layout (made while the page loaded); grouped, laid out here.
  layout =
    groupBy === 'none' && data.layout
      ? data.layout
      : layoutGraph(
          graph.nodes.map((n) => ({ id: n.id, name: n.name, group: groupKey(n, groupBy) })),
          graph.edges,
          { grouped: groupBy !== 'none' },
        );
  const layoutMs = performance.now() - started;
  const laidOut = clock();
  const positions = layout.positions;

  // The frame: markers, swimlanes and the two layers the stages fill.
  let lanes = '';
  if (groupBy !== 'none')
    for (const lane of layout.lanes)
      lanes +=
        `<rect class="lane" x="4" y="${lane.top}" width="${layout.width - 8}" height="${lane.height}" rx="6"/>` +
        `<text class="lane-label" x="12" y="${lane.top + 16}">${esc(lane.key ?? (groupBy === 'owner' ? 'no owner' : 'no system'))}</text>`;
  const marker = (id: string, cls: string) =>
    `<marker id="${id}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" class="${cls}"/></marker>`;
  stage.innerHTML =
    `<svg xmlns="${SVG}" id="map" width="${layout.width}" height="${layout.height}" viewBox="0 0 ${layout.width} ${layout.height}" role="group" aria-label="Service map: ${graph.nodes.length} nodes, ${graph.edges.length} edges">` +
    `<defs>${marker('arrow', 'arrow')}${marker('arrow-api', 'arrow arrow-api')}</defs>` +
    (lanes ? `<g class="lanes">${lanes}</g>` : '') +
    '<g class="edges"></g><g class="nodes"></g></svg>';
  edgesLayer = stage.querySelector<SVGGElement>('g.edges')!;
  nodesLayer = stage.querySelector<SVGGElement>('g.nodes')!;
  nodeElements = new Map();
  delete document.body.dataset.nodes;
  delete document.body.dataset.edges;

  // Where the view goes decides what the first frame draws.
  const focusId = resolveFocus();
  // A drawing's first view is no pan: no moving layer to set up and take down again.
  if (!keepView) fit(focusId, false);
  else applyView(false);
  const parts = stages(graph.nodes.filter((n) => positions.has(n.id)));
  const stageOf = new Map<string, number>();
  parts.forEach((part, i) => part.forEach((n) => stageOf.set(n.id, i)));
  // An edge is drawn with the first of its two ends, so what is in sight has all its edges.
  const edgesOf: GraphEdge[][] = parts.map(() => []);
  for (const edge of graph.edges) {
    const a = stageOf.get(edge.from);
    const b = stageOf.get(edge.to);
    if (a !== undefined && b !== undefined) edgesOf[Math.min(a, b)].push(edge);
  }
  let drawnNodes = 0;
  const drawStage = (i: number) => {
    edgesLayer!.insertAdjacentHTML('beforeend', edgesOf[i].map(edgeMarkup).join(''));
    nodesLayer!.insertAdjacentHTML('beforeend', parts[i].map((n) => nodeMarkup(n, focusId)).join(''));
    const children = nodesLayer!.children;
    for (let k = drawnNodes; k < children.length; k++) {
      const el = children[k] as SVGGElement;
      nodeElements.set(el.dataset.id!, el);
    }
    drawnNodes = children.length;
  };
  const settle = () => {
    const selected =
      state.selected && nodeElements.has(state.selected)
        ? state.selected
        : (focusId ?? graph.nodes.find((n) => n.highlight === 'changed')?.id);
    if (selected) select(selected, false);
    applySearch(false);
  };
  const report = (complete: boolean, timeline: Omit<MapTimeline, 'painted'>, drawMs: number) =>
    // Two frames: the first is laid out, the second painted.
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        if (generation !== drawing) return;
        if (complete) {
          document.body.dataset.nodes = String(graph.nodes.length);
          document.body.dataset.edges = String(graph.edges.length);
          document.body.dataset.rendered = String(Number(document.body.dataset.rendered ?? '0') + 1);
        }
        post({
          type: 'rendered',
          nodes: graph.nodes.length,
          edges: graph.edges.length,
          drawnNodes,
          complete,
          layoutMs,
          drawMs,
          timeline: { ...timeline, painted: clock() },
        });
      }),
    );

  drawStage(0);
  settle();
  status.textContent = `${graph.nodes.length} ${graph.nodes.length === 1 ? 'service' : 'services'}, ${graph.edges.length} ${graph.edges.length === 1 ? 'relation' : 'relations'}`;
  const firstDrawMs = performance.now() - started - layoutMs;
  const firstTimeline = {
    documentStart: performance.timeOrigin,
    scriptStart,
    loaded: loadedAt,
    received: receivedAt,
    laidOut,
    drawn: clock(),
  };
  report(parts.length === 1, firstTimeline, firstDrawMs);
  if (parts.length === 1) return;
  // The rest, a stage at a time when the browser has nothing more urgent to do (the
  // workbench and its messages come first), after the first frame is on screen.
  let next = 1;
  const more = () => {
    if (generation !== drawing) return;
    drawStage(next++);
    if (next < parts.length) {
      whenIdle(more);
      return;
    }
    settle();
    report(true, { ...firstTimeline, drawn: clock() }, performance.now() - started - layoutMs);
  };
  requestAnimationFrame(() => requestAnimationFrame(() => whenIdle(more)));
}

/** Runs `work` when the browser is idle, or after half a second at the latest. */
function whenIdle(work: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(work, { timeout: 500 });
  else setTimeout(work, 0);
}

function resolveFocus(): string | undefined {
  const focus = data?.args.focus?.trim();
  if (!focus || !data) return undefined;
  return data.graph.nodes.find((n) => n.id === focus || n.name === focus || n.id === `service:${focus}`)?.id;
}

// ---- pan and zoom ---------------------------------------------------------------------

let settleTimer: ReturnType<typeof setTimeout> | undefined;

function applyView(moving = true): void {
  // Only the layer moves while panning (the compositor's work); it is drawn sharp again once still.
  stage.style.transform = `translate(${view.x}px, ${view.y}px) scale(${view.scale})`;
  if (!moving) {
    saveState();
    return;
  }
  stage.classList.add('moving');
  clearTimeout(settleTimer);
  settleTimer = setTimeout(() => {
    stage.classList.remove('moving');
    saveState();
  }, 150);
}

function fit(centreOn?: string, moving = true): void {
  if (!layout) return;
  const w = viewport.clientWidth || 800;
  const h = viewport.clientHeight || 600;
  const scale = Math.min(1, w / layout.width, h / layout.height);
  if (scale >= 0.35 || !centreOn) {
    view = {
      scale: Math.max(scale, MIN_SCALE),
      x: (w - layout.width * Math.max(scale, MIN_SCALE)) / 2,
      y: (h - layout.height * Math.max(scale, MIN_SCALE)) / 2,
    };
  } else {
    // Too large to read when fitted: show the focus at a readable size.
    view = { scale: 0.8, x: 0, y: 0 };
    centre(centreOn, moving);
    return;
  }
  applyView(moving);
}

function centre(id: string, moving = true): void {
  const p = layout?.positions.get(id);
  if (!p) return;
  view.x = viewport.clientWidth / 2 - (p.x + NODE_WIDTH / 2) * view.scale;
  view.y = viewport.clientHeight / 2 - (p.y + NODE_HEIGHT / 2) * view.scale;
  applyView(moving);
}

function zoomAt(factor: number, cx: number, cy: number): void {
  const scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, view.scale * factor));
  const k = scale / view.scale;
  view = { scale, x: cx - (cx - view.x) * k, y: cy - (cy - view.y) * k };
  applyView();
}

/** Keeps the node in sight: pans only when it is outside the viewport. */
function reveal(id: string): void {
  const p = layout?.positions.get(id);
  if (!p) return;
  const left = p.x * view.scale + view.x;
  const top = p.y * view.scale + view.y;
  const margin = 24;
  if (
    left < margin ||
    top < margin ||
    left + NODE_WIDTH * view.scale > viewport.clientWidth - margin ||
    top + NODE_HEIGHT * view.scale > viewport.clientHeight - margin
  )
    centre(id);
}

let drag: { x: number; y: number; startX: number; startY: number; moved: boolean } | undefined;
viewport.addEventListener('pointerdown', (e) => {
  if (e.button !== 0) return;
  drag = { x: e.clientX, y: e.clientY, startX: view.x, startY: view.y, moved: false };
});
window.addEventListener('pointermove', (e) => {
  if (!drag) return;
  const dx = e.clientX - drag.x;
  const dy = e.clientY - drag.y;
  if (!drag.moved && Math.hypot(dx, dy) < 4) return;
  if (!drag.moved) viewport.setPointerCapture?.(e.pointerId);
  drag.moved = true;
  view.x = drag.startX + dx;
  view.y = drag.startY + dy;
  applyView();
});
window.addEventListener('pointerup', (e) => {
  const wasDrag = drag?.moved;
  drag = undefined;
  if (wasDrag) return;
  const node = (e.target as Element | null)?.closest?.('.node') as SVGGElement | null;
  if (node?.dataset.id && viewport.contains(node)) {
    select(node.dataset.id, false);
    post({ type: 'open', id: node.dataset.id });
  }
});
viewport.addEventListener('dblclick', (e) => {
  const node = (e.target as Element | null)?.closest?.('.node') as SVGGElement | null;
  if (node?.dataset.id) refocus(node.dataset.id);
});
viewport.addEventListener(
  'wheel',
  (e) => {
    e.preventDefault();
    const rect = viewport.getBoundingClientRect();
    if (e.ctrlKey || e.metaKey || !e.shiftKey)
      zoomAt(Math.exp(-e.deltaY * 0.0015), e.clientX - rect.left, e.clientY - rect.top);
    else {
      view.x -= e.deltaX || e.deltaY;
      applyView();
    }
  },
  { passive: false },
);

// ---- selection and keyboard ---------------------------------------------------------------

function select(id: string, focusIt = true): void {
  const el = nodeElements.get(id);
  if (!el) return;
  for (const old of document.querySelectorAll('.node.selected')) {
    old.classList.remove('selected');
    old.setAttribute('tabindex', '-1');
  }
  for (const old of document.querySelectorAll('.edge.near')) old.classList.remove('near');
  el.classList.add('selected');
  el.setAttribute('tabindex', '0');
  for (const edge of document.querySelectorAll(
    `.edge[data-from="${CSS.escape(id)}"], .edge[data-to="${CSS.escape(id)}"]`,
  ))
    edge.classList.add('near');
  state.selected = id;
  saveState();
  if (focusIt) {
    el.focus({ preventScroll: true });
    reveal(id);
  }
}

/** Neighbours along edges: `out` to what it depends on (right), `in` to its dependents (left). */
function neighbour(id: string, way: 'out' | 'in'): string | undefined {
  if (!data || !layout) return undefined;
  const own = layout.positions.get(id)!;
  const candidates = data.graph.edges
    .filter((e) => (way === 'out' ? e.from === id : e.to === id))
    .map((e) => (way === 'out' ? e.to : e.from));
  // The nearest by vertical distance, so repeated presses walk a chain.
  return candidates.sort(
    (a, b) => Math.abs(layout!.positions.get(a)!.y - own.y) - Math.abs(layout!.positions.get(b)!.y - own.y),
  )[0];
}

function columnStep(id: string, step: number): string | undefined {
  const column = layout?.columns.find((c) => c.includes(id));
  if (!column) return undefined;
  return column[column.indexOf(id) + step];
}

viewport.addEventListener('keydown', (e) => {
  const current = state.selected && nodeElements.has(state.selected) ? state.selected : data?.graph.nodes[0]?.id;
  if (!current) return;
  let next: string | undefined;
  switch (e.key) {
    case 'ArrowRight':
      next = neighbour(current, 'out') ?? columnNeighbour(current, 1);
      break;
    case 'ArrowLeft':
      next = neighbour(current, 'in') ?? columnNeighbour(current, -1);
      break;
    case 'ArrowDown':
      next = columnStep(current, 1);
      break;
    case 'ArrowUp':
      next = columnStep(current, -1);
      break;
    case 'Enter':
    case ' ':
      post({ type: 'open', id: current });
      e.preventDefault();
      return;
    case 'f':
      refocus(current);
      return;
    case '+':
    case '=':
      zoomAt(1.25, viewport.clientWidth / 2, viewport.clientHeight / 2);
      return;
    case '-':
      zoomAt(0.8, viewport.clientWidth / 2, viewport.clientHeight / 2);
      return;
    case '0':
      fit(current);
      return;
    default:
      return;
  }
  e.preventDefault();
  if (next) select(next);
});

/** The first node of the next column left or right, when the node has no edge that way. */
function columnNeighbour(id: string, step: number): string | undefined {
  if (!layout) return undefined;
  const index = layout.columns.findIndex((c) => c.includes(id));
  const column = layout.columns[index + step];
  if (!column || column.length === 0) return undefined;
  const y = layout.positions.get(id)!.y;
  return [...column].sort(
    (a, b) => Math.abs(layout!.positions.get(a)!.y - y) - Math.abs(layout!.positions.get(b)!.y - y),
  )[0];
}

viewport.addEventListener('focus', () => {
  const id = state.selected && nodeElements.has(state.selected) ? state.selected : data?.graph.nodes[0]?.id;
  if (id) select(id);
});

// ---- controls ----------------------------------------------------------------------------

function readArgs(): MapArgs {
  const args: MapArgs = {};
  const focus = focusInput.value.trim();
  if (focus) args.focus = focus;
  const depth = Number(depthInput.value);
  if (depthInput.value !== '' && Number.isInteger(depth) && depth >= 0) args.depth = depth;
  args.direction = directionSelect.value as MapArgs['direction'];
  const change = changeInput.value.trim();
  if (change) args.change = change;
  return args;
}

/** Shows the arguments drawn in the controls, except in the one the person is editing. */
function showArgs(args: MapArgs): void {
  const set = (control: HTMLInputElement | HTMLSelectElement, value: string) => {
    if (document.activeElement !== control) control.value = value;
  };
  set(focusInput, args.focus ?? '');
  set(depthInput, String(args.depth ?? 2));
  set(directionSelect, args.direction ?? 'both');
  set(changeInput, args.change ?? '');
  set(groupSelect, state.groupBy);
  const scoped = focusInput.value !== '';
  depthInput.disabled = !scoped;
  directionSelect.disabled = !scoped;
}

function request(args: MapArgs): void {
  state.args = args;
  state.selected = undefined;
  saveState();
  post({ type: 'request', args });
}

function refocus(id: string): void {
  const node = data?.graph.nodes.find((n) => n.id === id);
  if (!node) return;
  focusInput.value = node.kind === 'service' ? node.name : node.id;
  request(readArgs());
}

focusInput.addEventListener('input', () => {
  depthInput.disabled = directionSelect.disabled = focusInput.value.trim() === '';
});
for (const input of [focusInput, depthInput, directionSelect, changeInput])
  input.addEventListener('change', () => request(readArgs()));
$<HTMLButtonElement>('whole').addEventListener('click', () => {
  focusInput.value = '';
  request(readArgs());
});
groupSelect.addEventListener('change', () => {
  state.groupBy = groupSelect.value as GroupBy;
  saveState();
  draw(false);
});
$<HTMLButtonElement>('fit').addEventListener('click', () => fit(undefined));
$<HTMLButtonElement>('export').addEventListener('click', () => post({ type: 'exportSvg', svg: exportSvg() }));

function applySearch(jump: boolean): void {
  const query = searchInput.value.trim().toLowerCase();
  for (const el of document.querySelectorAll('.node.match')) el.classList.remove('match');
  stage.classList.toggle('searching', query !== '');
  matches = [];
  if (!query || !data) {
    searchInput.removeAttribute('aria-invalid');
    return;
  }
  for (const node of data.graph.nodes)
    if (node.name.toLowerCase().includes(query) || node.title?.toLowerCase().includes(query)) {
      matches.push(node.id);
      nodeElements.get(node.id)?.classList.add('match');
    }
  searchInput.setAttribute('aria-invalid', String(matches.length === 0));
  status.textContent = `${matches.length} of ${data.graph.nodes.length} match '${searchInput.value.trim()}'`;
  if (jump && matches.length > 0) {
    matchIndex = 0;
    select(matches[0], false);
    reveal(matches[0]);
  }
}
searchInput.addEventListener('input', () => applySearch(true));
searchInput.addEventListener('keydown', (e) => {
  if (e.key !== 'Enter' || matches.length === 0) return;
  matchIndex = (matchIndex + (e.shiftKey ? matches.length - 1 : 1)) % matches.length;
  select(matches[matchIndex], false);
  reveal(matches[matchIndex]);
  if (e.altKey) select(matches[matchIndex]);
});

// The focus and change fields' suggestions: asked for when one of them is first used (a
// large catalogue has tens of thousands of names, which no first paint should wait for),
// asked again after the next graph (the records may have changed), and only the best
// matches of what is typed are put in the list.
const MAX_SUGGESTIONS = 50;
let suggestions: MapSuggestions | undefined;
let suggestionsAsked = false;

function suggest(input: HTMLInputElement, listId: string, values: readonly string[] | undefined): void {
  const typed = input.value.trim().toLowerCase();
  const starts: string[] = [];
  const contains: string[] = [];
  for (const value of values ?? []) {
    const lower = value.toLowerCase();
    if (lower.startsWith(typed)) starts.push(value);
    else if (typed && lower.includes(typed)) contains.push(value);
    if (starts.length >= MAX_SUGGESTIONS) break;
  }
  const options = [...starts, ...contains].slice(0, MAX_SUGGESTIONS).map((v) => {
    const option = document.createElement('option');
    option.value = v;
    return option;
  });
  $<HTMLDataListElement>(listId).replaceChildren(...options);
}
const suggestFocus = () => suggest(focusInput, 'names', suggestions?.names);
const suggestChange = () => suggest(changeInput, 'changes', suggestions?.changes);
for (const [input, fill] of [
  [focusInput, suggestFocus],
  [changeInput, suggestChange],
] as const) {
  input.addEventListener('focus', () => {
    if (!suggestionsAsked) {
      suggestionsAsked = true;
      post({ type: 'suggest' });
    }
    fill();
  });
  input.addEventListener('input', fill);
}

// ---- export ---------------------------------------------------------------------------------

/** The drawing as a standalone SVG file: the theme's colours written in, since the file has no theme. */
function exportSvg(): string {
  const original = document.getElementById('map');
  if (!original) return '';
  const copy = original.cloneNode(true) as SVGSVGElement;
  copy.setAttribute('xmlns', SVG);
  const from = original.querySelectorAll('*');
  const to = copy.querySelectorAll('*');
  const props = [
    'fill',
    'stroke',
    'stroke-width',
    'stroke-dasharray',
    'opacity',
    'stroke-opacity',
    'fill-opacity',
    'font-family',
    'font-size',
    'font-weight',
  ];
  from.forEach((el, i) => {
    const style = getComputedStyle(el);
    const target = to[i];
    for (const p of props) {
      const value = style.getPropertyValue(p);
      if (value) target.setAttribute(p, value);
    }
    target.removeAttribute('tabindex');
  });
  const background = svg('rect', {
    width: '100%',
    height: '100%',
    fill: getComputedStyle(document.body).backgroundColor || '#ffffff',
  });
  copy.insertBefore(background, copy.firstChild);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(copy)}\n`;
}

/** Pans in a circle and zooms in and out, one step per frame, counting the frames the browser gives. */
function measurePan(durationMs: number): void {
  const start = performance.now();
  const origin = { ...view };
  let frames = 0;
  const step = (now: number) => {
    const t = (now - start) / 1000;
    view = {
      scale: origin.scale * (1 + 0.3 * Math.sin(t * 2)),
      x: origin.x + 200 * Math.cos(t * 3),
      y: origin.y + 200 * Math.sin(t * 3),
    };
    applyView();
    frames++;
    if (now - start < durationMs) requestAnimationFrame(step);
    else {
      view = origin;
      applyView();
      post({ type: 'panMeasured', frames, ms: now - start });
    }
  };
  requestAnimationFrame(step);
}

// ---- messages -------------------------------------------------------------------------------

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const message = event.data;
  receivedAt = clock();
  switch (message.type) {
    case 'graph':
      showGraph(message);
      break;
    case 'suggestions':
      suggestions = { names: message.names, changes: message.changes };
      if (document.activeElement === focusInput) suggestFocus();
      if (document.activeElement === changeInput) suggestChange();
      break;
    case 'error':
      problem.textContent = message.message;
      problem.hidden = false;
      break;
    case 'measurePan':
      measurePan(message.durationMs);
      break;
  }
});

/** The number of the graph drawn (GraphMessage.seq). */
let shownSeq: number | undefined;
/** How long after loading the page waits for a graph posted while it loaded before it asks. */
const READY_WAIT_MS = 100;

function showGraph(message: GraphMessage): void {
  if (message.seq === shownSeq) return;
  shownSeq = message.seq;
  sayReady();
  const sameView = data !== undefined && JSON.stringify(data.args) === JSON.stringify(message.args);
  const restoring =
    data === undefined && state.view !== undefined && JSON.stringify(state.args) === JSON.stringify(message.args);
  data = { args: message.args, ...fromWire(message.wire) };
  state.args = message.args;
  problem.hidden = true;
  suggestionsAsked = false;
  showArgs(message.args);
  draw(sameView || restoring);
}

/**
 * Tells the panel the page is ready, and which graph it has. A first opening's graph is posted
 * while the page loads and handed over when it has loaded: the page says `ready` when it
 * arrives, or shortly after loading without it (then the panel sends it), never before, so
 * that the graph does not wait for a round trip through the workbench, nor come twice.
 */
let saidReady = false;
function sayReady(): void {
  if (saidReady) return;
  saidReady = true;
  post({ type: 'ready', seq: shownSeq });
}
window.addEventListener('load', () => {
  loadedAt = clock();
  setTimeout(sayReady, READY_WAIT_MS);
});

showArgs(state.args);
