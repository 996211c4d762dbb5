import type { Span } from '../finding';
import { metadataOf, specOf } from '../index/references';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import type { ParsedFile, RecordDoc } from '../parse/parseFile';
import { isKind, type Kind } from '../schema/vocabulary';
import { DEFAULT_NAMESPACE, entityNamespace, isEntity, isEntityKind, type EntityKind } from '../backstage/model';

export interface RecordSymbol {
  name: string;
  /** the title, or the summary of a change */
  detail: string;
  /** an svcm kind, or a Backstage entity kind */
  kind: Kind | EntityKind;
  file: string;
  /** the whole document */
  span: Span;
  /** the name */
  selection: Span;
}

function symbolOf(record: RecordDoc): RecordSymbol | undefined {
  if (record.name === undefined) return undefined;
  if (isEntity(record) ? !isEntityKind(record.kind) : !isKind(record.kind)) return undefined;
  const title = metadataOf(record)?.title ?? (isEntity(record) ? undefined : specOf(record)?.summary);
  let detail = typeof title === 'string' ? title : record.kind!;
  // A Backstage entity outside the default namespace says which it is in.
  if (isEntity(record) && entityNamespace(record).toLowerCase() !== DEFAULT_NAMESPACE)
    detail = `${detail} · ${entityNamespace(record)}`;
  return {
    name: record.name,
    detail,
    kind: record.kind as Kind | EntityKind,
    file: record.file,
    span: record.span,
    selection: record.nameSpan ?? record.span,
  };
}

/** One symbol per record or Backstage entity of a file, in file order. */
export function documentSymbols(parsed: ParsedFile): RecordSymbol[] {
  return parsed.records.map(symbolOf).filter((s): s is RecordSymbol => s !== undefined);
}

/**
 * Records and entities whose name or title matches `query` (case-insensitive subsequence,
 * as VS Code's own symbol search does), best matches first, at most `limit`.
 */
export function workspaceSymbols(index: WorkspaceIndex, query: string, limit = 500): RecordSymbol[] {
  const q = query.toLowerCase();
  const scored: { symbol: RecordSymbol; score: number }[] = [];
  for (const record of index.records()) {
    const symbol = symbolOf(record);
    if (!symbol) continue;
    const score = Math.max(matchScore(symbol.name.toLowerCase(), q), matchScore(symbol.detail.toLowerCase(), q) - 1);
    if (score > 0) scored.push({ symbol, score });
  }
  return scored
    .sort((a, b) => b.score - a.score || a.symbol.name.localeCompare(b.symbol.name))
    .slice(0, limit)
    .map((s) => s.symbol);
}

/** 0 when `query` is not a subsequence of `text`; higher for prefixes and substrings. */
function matchScore(text: string, query: string): number {
  if (query === '') return 1;
  if (text.startsWith(query)) return 4;
  if (text.includes(query)) return 3;
  let i = 0;
  for (const c of text) if (c === query[i] && ++i === query.length) return 2;
  return 0;
}
