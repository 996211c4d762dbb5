import { formatGraph, GRAPH_FORMATS, type GraphFormat } from '../core/graph/graphFormats';
import { GRAPH_DIRECTIONS, GraphInputError, type GraphDirection } from '../core/graph/graphTypes';
import { serviceGraph } from '../core/graph/serviceGraph';
import { UsageError } from '../node/discover';
import { loadWorkspaceInParallel } from '../node/loadWorkspace';
import type { CommandResult } from './validate';

export interface GraphCliOptions {
  cwd: string;
  focus?: string;
  depth?: string;
  direction?: string;
  change?: string;
  format?: string;
  /** the reading thread's script (dist/reader.js), for large workspaces */
  readerScript: string;
}

/**
 * `svcm graph` (docs/service-map.md): the service map's graph as Mermaid
 * (default), Graphviz dot, or the JSON `svcm.showServiceMap` returns. The
 * workspace root is found as for `svcm validate`. Exit status 0; 2 for a
 * usage error, including a focus or change that names nothing.
 */
export async function runGraph(options: GraphCliOptions): Promise<CommandResult> {
  const format = graphFormat(options.format);
  const depth = depthOption(options.depth);
  const direction = directionOption(options.direction);
  if (options.focus !== undefined && options.focus.trim() === '') throw new UsageError('--focus needs a service name');
  if (options.change !== undefined && options.change.trim() === '')
    throw new UsageError('--change needs a change name');
  const ws = await loadWorkspaceInParallel({ cwd: options.cwd, paths: [] }, options.readerScript);
  const warnings = ws.warnings.map((w) => `svcm: warning: ${w}\n`).join('');
  try {
    const graph = serviceGraph(ws.index, { focus: options.focus, depth, direction, change: options.change });
    return { stdout: formatGraph(graph, format), stderr: warnings, exitCode: 0 };
  } catch (error) {
    if (error instanceof GraphInputError) throw new UsageError(error.message);
    throw error;
  }
}

function graphFormat(value: string | undefined): GraphFormat {
  if (value === undefined) return 'mermaid';
  if ((GRAPH_FORMATS as readonly string[]).includes(value)) return value as GraphFormat;
  throw new UsageError(`unknown format '${value}' for svcm graph: use ${GRAPH_FORMATS.join(', ')}`);
}

function depthOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim()))
    throw new UsageError(`--depth must be a whole number of hops, 0 or more, not '${value}'`);
  return Number(value.trim());
}

function directionOption(value: string | undefined): GraphDirection | undefined {
  if (value === undefined) return undefined;
  if ((GRAPH_DIRECTIONS as readonly string[]).includes(value)) return value as GraphDirection;
  throw new UsageError(`unknown direction '${value}': use ${GRAPH_DIRECTIONS.join(', ')}`);
}
