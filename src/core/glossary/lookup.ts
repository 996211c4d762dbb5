import { CHANGE_STATUSES, KNOWLEDGE_TYPES, RELEASE_STATUSES, RISKS } from '../schema/vocabulary';
import { GLOSSARY, type GlossaryEntry } from './terms';

/**
 * Glossary lookups for hover: by record field, by enum value, and by words in
 * Markdown text. Everything here is plain data; the editor turns the Markdown
 * string into a hover.
 */

const BY_ID = new Map<string, GlossaryEntry>(GLOSSARY.map((e) => [e.id, e]));

/** The entry with this id, or `undefined`. */
export function entryById(id: string): GlossaryEntry | undefined {
  return BY_ID.get(id);
}

// Field and value tables. Keys are `Kind:path`, the path from the record root
// with list indices dropped (`spec.approvals.role`).

const FIELD_IDS: Record<string, string> = {
  'Service:spec.owner': 'service-owner',
  'Service:spec.serviceManager': 'service-manager',
  'Service:spec.phase': 'service-phase',
  'Service:spec.type': 'service-type',
  'Service:spec.tier': 'service-tier',
  'Service:spec.serviceLevel': 'service-level-agreement',
  'Service:spec.serviceLevel.availability': 'availability',
  'Service:spec.serviceLevel.supportHours': 'support-hours',
  'Service:spec.serviceLevel.responseTimes': 'response-time',
  'Service:spec.serviceLevel.responseTimes.p1': 'priority',
  'Service:spec.serviceLevel.responseTimes.p2': 'priority',
  'Service:spec.serviceLevel.responseTimes.p3': 'priority',
  'Service:spec.serviceLevel.responseTimes.p4': 'priority',
  'Service:spec.continuity': 'service-continuity',
  'Service:spec.continuity.rto': 'recovery-time-objective',
  'Service:spec.continuity.rpo': 'recovery-point-objective',
  'Service:spec.dependsOn': 'dependency',
  'Service:spec.code': 'configuration-item',
  'Service:spec.suppliers': 'supplier',
  'Service:spec.suppliers.name': 'supplier',
  'Service:spec.suppliers.contact': 'supplier',
  'Service:spec.suppliers.contract': 'underpinning-contract',

  'StandardChange:spec.services': 'service',
  'StandardChange:spec.maxRisk': 'risk',
  'StandardChange:spec.approvedBy': 'change-approval',
  'StandardChange:spec.approvedOn': 'change-approval',
  'StandardChange:spec.reviewBy': 'review-date',
  'StandardChange:spec.steps': 'implementation-plan',
  'StandardChange:spec.backoutPlan': 'backout-plan',

  'Change:spec.type': 'change-type',
  'Change:spec.template': 'change-model',
  'Change:spec.services': 'service',
  'Change:spec.summary': 'request-for-change',
  'Change:spec.risk': 'risk',
  'Change:spec.impact': 'impact',
  'Change:spec.status': 'change-status',
  'Change:spec.implementationPlan': 'implementation-plan',
  'Change:spec.backoutPlan': 'backout-plan',
  'Change:spec.testPlan': 'test-plan',
  'Change:spec.window': 'change-window',
  'Change:spec.window.start': 'change-window',
  'Change:spec.window.end': 'change-window',
  'Change:spec.approvals': 'change-approval',
  'Change:spec.approvals.by': 'change-approval',
  'Change:spec.approvals.role': 'change-approval',
  'Change:spec.approvals.decision': 'change-approval',
  'Change:spec.approvals.at': 'change-approval',
  'Change:spec.release': 'release',
  'Change:spec.knowledge': 'knowledge-record',
  'Change:spec.review': 'post-implementation-review',
  'Change:spec.review.outcome': 'post-implementation-review',
  'Change:spec.review.notes': 'post-implementation-review',
  'Change:spec.review.at': 'post-implementation-review',

  'Release:spec.version': 'release',
  'Release:spec.services': 'service',
  'Release:spec.changes': 'change',
  'Release:spec.status': 'release-status',
  'Release:spec.plannedFor': 'release',
  'Release:spec.deployedAt': 'deployment',
  'Release:spec.notes': 'release',

  'Knowledge:spec.type': 'knowledge-record',
  'Knowledge:spec.services': 'service',
  'Knowledge:spec.changes': 'change',
  'Knowledge:spec.reviewBy': 'review-date',
  'Knowledge:spec.workaround': 'workaround',
};

function every(values: readonly string[], id: string): Record<string, string> {
  return Object.fromEntries(values.map((v) => [v, id]));
}

const VALUE_IDS: Record<string, Record<string, string>> = {
  'Service:spec.phase': {
    discovery: 'discovery-phase',
    alpha: 'alpha-phase',
    beta: 'beta-phase',
    live: 'live-phase',
    retired: 'retired-phase',
  },
  'Service:spec.type': { business: 'business-service', technical: 'technical-service' },
  'Service:spec.tier': every(['1', '2', '3', '4'], 'service-tier'),
  'Service:spec.links.type': { runbook: 'runbook' },
  'StandardChange:spec.maxRisk': every(['low', 'medium'], 'risk'),
  'Change:spec.type': { standard: 'standard-change', normal: 'normal-change', emergency: 'emergency-change' },
  'Change:spec.status': every(CHANGE_STATUSES, 'change-status'),
  'Change:spec.risk': every(RISKS, 'risk'),
  'Change:spec.impact': every(RISKS, 'impact'),
  'Change:spec.approvals.role': {
    peer: 'peer-approval',
    'service-manager': 'service-manager',
    cab: 'change-advisory-board',
    ecab: 'emergency-change-advisory-board',
  },
  'Change:spec.approvals.decision': every(['approved', 'rejected'], 'change-approval'),
  'Change:spec.review.outcome': every(['successful', 'partially-successful', 'failed'], 'post-implementation-review'),
  'Release:spec.status': {
    ...every(RELEASE_STATUSES, 'release-status'),
    deployed: 'deployment',
    'rolled-back': 'rollback',
  },
  'Knowledge:spec.type': {
    ...every(KNOWLEDGE_TYPES, 'knowledge-record'),
    runbook: 'runbook',
    'known-error': 'known-error',
    'post-incident-review': 'post-incident-review',
  },
};

const KIND_VALUE_IDS: Record<string, string> = {
  Service: 'service',
  StandardChange: 'change-model',
  Change: 'request-for-change',
  Release: 'release',
  Knowledge: 'knowledge-record',
};

function tableKey(kind: string, path: readonly (string | number)[]): string {
  return `${kind}:${path.filter((p) => typeof p === 'string').join('.')}`;
}

/**
 * The entry for a field (a key) in a record of `kind`, or `undefined`.
 *
 * `path` runs from the record root, as the parser reports it; list indices
 * (numbers) are ignored, so `['spec', 'approvals', 0, 'role']` is the approval
 * role. Examples: `('Change', ['spec', 'backoutPlan'])` is the backout plan;
 * `('Change', ['spec', 'type'])` the change type; `('Service', ['spec',
 * 'continuity', 'rto'])` the RTO. Fields without an ITIL meaning (`metadata`,
 * `commits`, `links`) return `undefined`.
 */
export function entryForField(kind: string, path: readonly (string | number)[]): GlossaryEntry | undefined {
  const id = FIELD_IDS[tableKey(kind, path)];
  return id === undefined ? undefined : BY_ID.get(id);
}

/**
 * The entry for a scalar value at `path` in a record of `kind`, or `undefined`
 * when the value has no entry of its own (or is not one of the field's values).
 *
 * Covers the enum values: Change `spec.type` (`emergency` is the emergency
 * change), `spec.status` (the change status), `spec.risk`/`impact`, approval
 * `role` (`cab` is the CAB) and `decision`, review `outcome`; Service `phase`
 * (`alpha` is the alpha phase), `type`, `tier` (1..4, number or string) and
 * `links[].type: runbook`; StandardChange `maxRisk`; Release `status`
 * (`deployed`, `rolled-back` have their own entries); Knowledge `type`
 * (`known-error` is the known error). At `['kind']` the value is a record kind
 * (`Change` is the request for change), whatever `kind` says.
 */
export function entryForValue(
  kind: string,
  path: readonly (string | number)[],
  value: unknown,
): GlossaryEntry | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = String(value);
  if (path.length === 1 && path[0] === 'kind') {
    const id = KIND_VALUE_IDS[text];
    return id === undefined ? undefined : BY_ID.get(id);
  }
  const table = VALUE_IDS[tableKey(kind, path)];
  const id = table !== undefined && Object.hasOwn(table, text) ? table[text] : undefined;
  return id === undefined ? undefined : BY_ID.get(id);
}

// Text matching. Spaces and hyphens between words are interchangeable, and a
// term may wrap across a line break in Markdown.

const SEPARATORS = /[\s\-\u2010-\u2015]+/gu;
const SEPARATOR_PATTERN = '[\\s\\-\\u2010-\\u2015]+';
const WORD_CHAR = /[\p{L}\p{N}_]/u;

/**
 * The matching key of a term or alias: lower case, runs of spaces and hyphens
 * collapsed to one space, trimmed. Two spellings with the same key are the
 * same word to the glossary (`Known-error` and `known error`).
 */
export function termKey(text: string): string {
  return text.toLowerCase().replace(SEPARATORS, ' ').trim();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface TermIndex {
  byKey: Map<string, GlossaryEntry>;
  /** sticky: tried at one start position; longest alternative first */
  pattern: RegExp;
  /** how far before the offset a match can start */
  reach: number;
}

function buildTermIndex(entries: readonly GlossaryEntry[]): TermIndex {
  const byKey = new Map<string, GlossaryEntry>();
  for (const entry of entries) {
    for (const spelling of [entry.term, ...entry.aliases]) {
      const key = termKey(spelling);
      // Uniqueness is a unit-test invariant; first one wins rather than throwing in the editor.
      if (key !== '' && !byKey.has(key)) byKey.set(key, entry);
    }
  }
  const keys = [...byKey.keys()].sort((a, b) => b.length - a.length || a.localeCompare(b));
  const alternatives = keys.map((k) => k.split(' ').map(escapeRegExp).join(SEPARATOR_PATTERN));
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}_])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}_])`, 'iuy');
  // Separators in the text can be longer than the key's single spaces (a line break and indentation).
  const reach = keys.reduce((max, k) => Math.max(max, k.length + (k.split(' ').length - 1) * 8), 0);
  return { byKey, pattern, reach };
}

let terms: ReturnType<typeof buildTermIndex> | undefined;
/** Built on first use: only hovers need it, and building it at load would slow the extension's activation. */
const TERMS = () => (terms ??= buildTermIndex(GLOSSARY));

/**
 * The entry whose term or one of whose aliases is `word`, compared by
 * {@link termKey} (case-insensitive; spaces and hyphens alike), or `undefined`.
 * Only whole terms match: `backout` alone is not an entry; use
 * {@link findTermAt} to find the multi-word term around a word in text.
 */
export function entryForWord(word: string): GlossaryEntry | undefined {
  return TERMS().byKey.get(termKey(word));
}

/** A glossary term found in text: `start`/`end` are UTF-16 offsets, end exclusive. */
export interface TermMatch {
  entry: GlossaryEntry;
  start: number;
  end: number;
}

/**
 * The longest glossary term or alias in `text` that covers `offset` (a UTF-16
 * offset; covered means `start <= offset <= end`, so a caret just after a word
 * still finds it), or `undefined`.
 *
 * Matches whole words only (no match inside a longer word), case-insensitively,
 * with spaces, hyphens and line breaks between the words of a term treated
 * alike: hovering `backout` in "the backout plan is" gives the backout plan
 * entry with the span of "backout plan". Of equally long matches the earliest
 * wins. Cost is bounded by the longest term, not by the text.
 */
export function findTermAt(text: string, offset: number): TermMatch | undefined {
  if (!Number.isInteger(offset) || offset < 0 || offset > text.length) return undefined;
  const { pattern, byKey, reach } = TERMS();
  let best: TermMatch | undefined;
  for (let start = Math.max(0, offset - reach); start <= offset && start < text.length; start++) {
    if (!WORD_CHAR.test(text[start]) || (start > 0 && WORD_CHAR.test(text[start - 1]))) continue;
    pattern.lastIndex = start;
    const m = pattern.exec(text);
    if (m === null) continue;
    const end = start + m[0].length;
    if (end < offset) continue;
    if (best !== undefined && end - start <= best.end - best.start) continue;
    const entry = byKey.get(termKey(m[0]));
    if (entry !== undefined) best = { entry, start, end };
  }
  return best;
}

const GROUP_LABELS: Record<GlossaryEntry['group'], string> = {
  stage: 'ITIL lifecycle stage',
  process: 'ITIL process',
  function: 'ITIL function',
  term: 'ITIL term',
};

const ACRONYM = /^[A-Z][A-Z0-9]+$/;
const FIELD_PATH = /\bspec(?:\.[A-Za-z0-9_]+(?:\[\])?)+(?:: [a-z0-9-]+)?/g;

/**
 * The Markdown shown on hover for `entry`: the term in bold (with its
 * acronyms, e.g. "(CAB)"), the definition, "Why it matters:", "In svcm:" with
 * the field when there is one (`spec.…` paths as code), and a last line with
 * the group and lifecycle stage. A plain string; the caller wraps it.
 */
export function hoverMarkdown(entry: GlossaryEntry): string {
  const acronyms = entry.aliases.filter((a) => ACRONYM.test(a));
  const title = `**${entry.term}**${acronyms.length > 0 ? ` (${acronyms.join(', ')})` : ''}`;
  const parts = [title, entry.definition, `**Why it matters:** ${entry.whyItMatters}`];
  if (entry.field !== undefined) parts.push(`**In svcm:** ${entry.field.replace(FIELD_PATH, (p) => `\`${p}\``)}`);
  const where =
    entry.group === 'stage' || entry.stage === undefined
      ? GROUP_LABELS[entry.group]
      : `${GROUP_LABELS[entry.group]} · ${entry.stage}`;
  parts.push(`*${where}*`);
  return parts.join('\n\n');
}
