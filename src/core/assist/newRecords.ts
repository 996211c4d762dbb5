import type { WorkspaceIndex } from '../index/workspaceIndex';
import type { ChangeStatus, KNOWLEDGE_TYPES, PHASES } from '../schema/vocabulary';

/**
 * The text of the records the editor's commands write (Raise Change, New
 * Release, New Knowledge Record, New Service) and the next free ids. Plain
 * strings and offsets: the editor writes them, the tests parse and validate them.
 *
 * What the person still has to decide is written as a placeholder the validator
 * reports (`implementationPlan:` with no value, `backoutPlan: ""`), with a
 * `# TODO` comment saying what goes there, so the Problems panel lists what is
 * left to fill in.
 */

/** A new record: its text and the UTF-16 offset where the person types first. */
export interface NewRecordText {
  text: string;
  cursor: number;
}

export type ChangeType = 'standard' | 'normal' | 'emergency';
export type KnowledgeType = (typeof KNOWLEDGE_TYPES)[number];
export type Phase = (typeof PHASES)[number];
type Level = 'low' | 'medium' | 'high';

const RESERVED = /^(true|false|null|yes|no|on|off|y|n|~)$/i;

/**
 * A string as a YAML scalar: plain when YAML reads it back as the same string
 * (starts with a letter; letters, digits, spaces and `,.()'/_-` only; not a
 * boolean or null word), double-quoted (JSON escaping) otherwise.
 */
export function yamlText(value: string): string {
  const plain = /^[A-Za-z][A-Za-z0-9 ,.()'/_-]*$/.test(value) && !/\s$/.test(value) && !RESERVED.test(value);
  return plain ? value : JSON.stringify(value);
}

/** Builds a file line by line and remembers the offset of one spot in it. */
class Writer {
  private text = '';
  private mark: number | undefined;

  line(row = ''): this {
    this.text += `${row}\n`;
    return this;
  }

  /** A line whose cursor spot is right after `before` (the first marked spot wins). */
  marked(before: string, after = ''): this {
    if (this.mark === undefined) this.mark = this.text.length + before.length;
    return this.line(before + after);
  }

  list(indent: string, key: string, items: readonly string[], format: (item: string) => string = yamlText): this {
    if (items.length === 0) return this.line(`${indent}${key}: []`);
    this.line(`${indent}${key}:`);
    for (const item of items) this.line(`${indent}  - ${format(item)}`);
    return this;
  }

  done(fallback = 0): NewRecordText {
    return { text: this.text, cursor: this.mark ?? fallback };
  }
}

export interface ChangeInput {
  /** `CHG-YYYY-NNNN` */
  id: string;
  type: ChangeType;
  /** the StandardChange name (standard changes only) */
  template?: string;
  services: readonly string[];
  /** what and why; blank: a placeholder the validator reports */
  summary: string;
  risk: Level;
  /** default: the risk */
  impact?: Level;
  /** what the impact was judged from (a comment on the impact line), e.g. the blast radius */
  impactNote?: string;
  /** why this risk was suggested (a comment on the risk line) */
  riskNote?: string;
  /** default `draft` */
  status?: ChangeStatus;
  /** full or abbreviated SHAs, newest first, as git lists them */
  commits?: readonly string[];
  branch?: string;
}

/**
 * A Change record (docs/records.md) for Raise Change: valid but for what the person
 * must still write. Left for them, and reported by the validator:
 * - a blank `summary`: `schema` on its value;
 * - normal and emergency: `implementationPlan:` with no value (`schema` on the
 *   key) and `backoutPlan: ""` (`backout-plan-required` on the value);
 * - normal: also `testPlan: ""` (`test-plan-required` on the value).
 * Standard changes follow their template: nothing to fill in but a blank summary.
 * The cursor is at the first of these (the summary when blank, else the
 * implementation plan), or after `summary: ` for a standard change.
 */
export function changeRecordText(input: ChangeInput): NewRecordText {
  const w = new Writer();
  w.line('apiVersion: svcm/v1').line('kind: Change').line('metadata:').line(`  name: ${input.id}`).line('spec:');
  w.line(`  type: ${input.type}`);
  if (input.type === 'standard' && input.template) w.line(`  template: ${yamlText(input.template)}`);
  w.list('  ', 'services', input.services);
  const summary = input.summary.trim();
  if (summary) {
    if (input.type === 'standard') w.marked('  summary: ', yamlText(summary));
    else w.line(`  summary: ${yamlText(summary)}`);
  } else {
    w.marked('  summary: "', '" # TODO: what changes, and why');
  }
  w.line(`  risk: ${input.risk}${input.riskNote ? ` # ${oneLine(input.riskNote)}` : ''}`);
  w.line(`  impact: ${input.impact ?? input.risk}${input.impactNote ? ` # ${oneLine(input.impactNote)}` : ''}`);
  w.line(`  status: ${input.status ?? 'draft'}`);
  if (input.type !== 'standard') {
    w.marked('  implementationPlan: ', '# TODO: the steps that make the change, in order');
    w.line('  backoutPlan: "" # TODO: how to undo the change if it goes wrong');
    if (input.type === 'normal') w.line('  testPlan: "" # TODO: how you will know it worked');
  }
  if (input.branch) w.line(`  branch: ${yamlText(input.branch)}`);
  if (input.commits && input.commits.length > 0)
    w.list('  ', 'commits', input.commits.map(commitId), (sha) => JSON.stringify(sha));
  return w.done();
}

/** A SHA as a change lists it: at most 40 hex digits (SHA-256 object names are abbreviated to 40). */
export function commitId(sha: string): string {
  return sha.length > 40 ? sha.slice(0, 40) : sha;
}

export interface ReleaseInput {
  /** `REL-…` */
  name: string;
  version: string;
  services: readonly string[];
  changes: readonly string[];
}

/** A `planned` Release record (docs/records.md) listing the changes and their services. Cursor: after `version: `. */
export function releaseRecordText(input: ReleaseInput): NewRecordText {
  const w = new Writer();
  w.line('apiVersion: svcm/v1').line('kind: Release').line('metadata:').line(`  name: ${input.name}`).line('spec:');
  // Quoted: `2026.11` would be read as a number, and the version is kept as written.
  w.marked('  version: ', JSON.stringify(input.version));
  w.list('  ', 'services', input.services);
  w.list('  ', 'changes', input.changes);
  w.line('  status: planned');
  return w.done();
}

export interface KnowledgeInput {
  /** `KB-NNNN` */
  id: string;
  type: KnowledgeType;
  title: string;
  services: readonly string[];
  owner?: string;
  /** `YYYY-MM-DD` */
  reviewBy?: string;
}

const KNOWLEDGE_SECTIONS: Record<KnowledgeType, string[]> = {
  runbook: ['When to use this', 'Before you start', 'Steps', 'Check that it worked', 'If it goes wrong'],
  'known-error': ['Symptoms', 'Cause', 'Workaround', 'Permanent fix'],
  'how-to': ['Goal', 'Steps', 'Result'],
  'post-incident-review': [
    'Summary',
    'Timeline',
    'Impact',
    'Root cause',
    'What went well',
    'What to improve',
    'Actions',
  ],
  faq: ['Question', 'Answer'],
};

/**
 * A Knowledge record (docs/records.md): front matter, then a Markdown skeleton with the
 * headings of its type. A `known-error` gets `workaround: ""`, which the
 * validator reports (`known-error-workaround`) until it is written. Cursor: under
 * the first heading.
 */
export function knowledgeRecordText(input: KnowledgeInput): NewRecordText {
  const w = new Writer();
  w.line('---').line('apiVersion: svcm/v1').line('kind: Knowledge').line('metadata:').line(`  name: ${input.id}`);
  if (input.title.trim()) w.line(`  title: ${yamlText(input.title.trim())}`);
  w.line('spec:').line(`  type: ${input.type}`);
  w.list('  ', 'services', input.services);
  if (input.owner) w.line(`  owner: ${yamlText(input.owner)}`);
  if (input.reviewBy) w.line(`  reviewBy: ${input.reviewBy}`);
  if (input.type === 'known-error') w.line('  workaround: "" # TODO: what users and support can do until it is fixed');
  w.line('---')
    .line()
    .line(`# ${oneLine(input.title.trim() || input.id)}`);
  KNOWLEDGE_SECTIONS[input.type].forEach((heading, i) => {
    w.line().line(`## ${heading}`);
    // The first section gets a line of its own to type on, blank lines around it.
    if (i === 0) w.line().marked('');
  });
  return w.done();
}

export interface ServiceInput {
  name: string;
  title?: string;
  owner: string;
  phase: Phase;
  tier: number;
}

/**
 * A Service record (docs/records.md). A `live` service gets `serviceManager: ""`, which
 * the validator reports until it is filled in (and, at tier 1–2, the missing
 * `serviceLevel`, with a commented example). `code` and `dependsOn` are left as
 * commented examples. Cursor: the service manager, else the end of `spec`.
 */
export function serviceRecordText(input: ServiceInput): NewRecordText {
  const w = new Writer();
  w.line('apiVersion: svcm/v1').line('kind: Service').line('metadata:').line(`  name: ${input.name}`);
  if (input.title?.trim()) w.line(`  title: ${yamlText(input.title.trim())}`);
  w.line('spec:');
  w.line(`  owner: ${yamlText(input.owner)}`);
  if (input.phase === 'live') w.marked('  serviceManager: "', '" # TODO: the person accountable for the service');
  w.line(`  phase: ${input.phase}`);
  w.line(`  tier: ${input.tier}`);
  if (input.phase === 'live' && input.tier <= 2)
    w.line('  # TODO: serviceLevel: { availability: 99.9, supportHours: 24x7 }');
  w.line('  # dependsOn: [another-service]');
  w.line('  # The files that belong to the service, relative to the workspace root:');
  w.line(`  # code: [src/${input.name}/**]`);
  const out = w.done();
  return out.cursor > 0 ? out : { ...out, cursor: out.text.indexOf('  # dependsOn') };
}

/** The ids of every record of a kind the workspace defines or names. */
function idsOf(index: WorkspaceIndex, kind: 'Change' | 'Release' | 'Knowledge'): Set<string> {
  const out = new Set(index.names(kind));
  for (const file of index.files())
    for (const ref of index.referencesFrom(file.path)) if (ref.kind === kind) out.add(ref.name);
  return out;
}

function baseName(fileName: string): string {
  return fileName.replace(/^.*[\\/]/, '');
}

/**
 * The next release name of the month of `today` (`YYYY-MM-DD`): `REL-YYYY.MM.N`,
 * one above the highest N of that month among the release names the workspace
 * defines or names (`REL-2026.11.9` → `REL-2026.11.10`), starting at 1. Names a
 * file is already named after (base names in `existingFileNames`, like
 * `REL-2026.11.10.yaml`) are skipped.
 */
export function nextReleaseName(
  index: WorkspaceIndex,
  today: string,
  existingFileNames: Iterable<string> = [],
): string {
  const month = today.slice(0, 7).replace('-', '.');
  if (!/^\d{4}\.\d{2}$/.test(month)) throw new RangeError(`not a date: ${today}`);
  const prefix = `REL-${month}.`;
  const pattern = new RegExp(`^${prefix.replace(/\./g, '\\.')}(\\d+)$`);
  let highest = 0;
  for (const name of idsOf(index, 'Release')) {
    const match = pattern.exec(name);
    if (match) highest = Math.max(highest, Number(match[1]));
  }
  const taken = new Set<number>();
  for (const fileName of existingFileNames) {
    const match = new RegExp(`^${prefix.replace(/\./g, '\\.')}(\\d+)(?:\\.(?:ya?ml|md)|-|$)`, 'i').exec(
      baseName(fileName),
    );
    if (match) taken.add(Number(match[1]));
  }
  let next = highest + 1;
  while (taken.has(next)) next++;
  return `${prefix}${next}`;
}

/** The version a release name suggests: the name without `REL-` (`REL-2026.11.2` → `2026.11.2`). */
export function versionFromName(name: string): string {
  return name.replace(/^REL-/, '');
}

/**
 * The next knowledge id: `KB-NNNN` (at least 4 digits), one above the highest
 * among the ids the workspace defines or names; ids a file is already named
 * after (`KB-0013-restart.md` in `existingFileNames`) are skipped.
 */
export function nextKnowledgeId(index: WorkspaceIndex, existingFileNames: Iterable<string> = []): string {
  let highest = 0;
  for (const name of idsOf(index, 'Knowledge')) {
    const match = /^KB-(\d{4,})$/.exec(name);
    if (match) highest = Math.max(highest, Number(match[1]));
  }
  const taken = new Set<number>();
  for (const fileName of existingFileNames) {
    const match = /^KB-(\d{4,})(?:[-.]|$)/.exec(baseName(fileName));
    if (match) taken.add(Number(match[1]));
  }
  let next = highest + 1;
  while (taken.has(next)) next++;
  return `KB-${String(next).padStart(4, '0')}`;
}

/**
 * A file-name slug of a title: lowercase ASCII letters and digits joined by `-`
 * (accents dropped), at most 48 characters, cut at a word; '' when nothing is left.
 */
export function slugify(title: string): string {
  const words = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  let slug = '';
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > 48) break;
    slug = next;
  }
  return slug || (words[0] ?? '').slice(0, 48);
}

/** The file name of a knowledge record: `KB-0013-restart-the-ledger.md`, or `KB-0013.md` for a title with no slug. */
export function knowledgeFileName(id: string, title: string): string {
  const slug = slugify(title);
  return slug ? `${id}-${slug}.md` : `${id}.md`;
}

/**
 * A change summary suggested by a branch name: its last path segment, with
 * `-`/`_` as spaces and the first letter capitalised (`feature/retry-card-auth`
 * → `Retry card auth`); '' for nothing usable.
 */
export function summaryFromBranch(branch: string | undefined): string {
  const last = (branch ?? '').split('/').filter(Boolean).pop() ?? '';
  const words = last.replace(/[-_]+/g, ' ').replace(/\s+/g, ' ').trim();
  return words ? words[0].toUpperCase() + words.slice(1) : '';
}

/** `YYYY-MM-DD` one year after `today` (29 February becomes the 28th). */
export function aYearAfter(today: string): string {
  return `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`.replace(/-02-29$/, '-02-28');
}

function oneLine(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}
