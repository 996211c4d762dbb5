import * as fs from 'node:fs';
import { CHANGE_STATUSES, CHANGE_TYPES } from '../src/core/schema/vocabulary';
import * as path from 'node:path';

/**
 * Synthetic workspaces for the benchmark (bench/run.ts) and for
 * test/unit/benchGenerate.test.ts. Seeded: the same options write byte-identical
 * files. A fraction of the records carries one deliberate mistake each, listed
 * with the rule code svcm must report for it, so that a run can be checked for
 * missing and extra findings.
 *
 * Names the benchmark relies on: services `svc-00000`…, one file each under
 * service-management/services/, `svc-00001` a hub; changes `CHG-2026-00001`…,
 * and `CHG-2026-00042` is never given a mistake (bench/editor.test.ts edits it).
 */

export interface PlantedMistake {
  /** workspace-relative, with '/' */
  file: string;
  /** the rule code svcm reports for it, once in that file */
  code: string;
}

export interface GenerateOptions {
  services: number;
  changes: number;
  seed?: number;
  /** fraction of records given one deliberate mistake; default 0.01 */
  mistakes?: number;
}

const SM = 'service-management';
const DAY = 86_400_000;
/** Change windows start from here; review dates are in 2099 so that nothing goes stale as years pass. */
const EPOCH = Date.UTC(2026, 0, 5);
/** Index of CHG-2026-00042: the benchmarks edit it and expect it clean, so it never gets a mistake. */
const BENCH_CHANGE = 41;

// ---------------------------------------------------------------------------
// Randomness

type Rng = () => number;

function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One stream per part of the workspace, so that services come out the same whatever follows them. */
function stream(seed: number, part: number): Rng {
  return mulberry32(Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(part, 0x85ebca6b));
}

const int = (rng: Rng, n: number) => Math.floor(rng() * n);
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[int(rng, xs.length)];
const chance = (rng: Rng, p: number) => rng() < p;

function weighted<T extends string>(rng: Rng, table: readonly (readonly [T, number])[]): T {
  let total = 0;
  for (const [, w] of table) total += w;
  let x = rng() * total;
  for (const [v, w] of table) if ((x -= w) < 0) return v;
  return table[table.length - 1][0];
}

function shuffle<T>(rng: Rng, xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = int(rng, i + 1);
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
  return xs;
}

/** `k` distinct entries of `xs` (fewer when it is shorter). */
function sample<T>(rng: Rng, xs: readonly T[], k: number): T[] {
  if (k >= xs.length) return [...xs];
  const out = new Set<T>();
  while (out.size < k) out.add(pick(rng, xs));
  return [...out];
}

/**
 * Applies the first mistake kind that fits the record, trying the codes planted
 * least so far first (ties in random order), so that even a small workspace
 * gets every kind. Returns the code, or undefined when none fits.
 */
function plantOne(rng: Rng, kinds: [string, () => boolean][], used: (code: string) => number): string | undefined {
  const order = shuffle(rng, kinds).sort((a, b) => used(a[0]) - used(b[0]));
  for (const [code, apply] of order) if (apply()) return code;
  return undefined;
}

/** Sets a field; true, for the mistake tables' `applies && put(...)`. */
function put<T>(target: Record<string, T> | T[], key: string | number, value: T): true {
  (target as Record<string | number, T>)[key] = value;
  return true;
}

const hex = (rng: Rng, n: number) => Array.from({ length: n }, () => '0123456789abcdef'[int(rng, 16)]).join('');

// ---------------------------------------------------------------------------
// A small YAML writer: block maps, flow lists, and the markers below for the rest.

/** Rendered in flow style: `{a: 1, b: 2}` or `[a, b]`. */
class Flow {
  constructor(readonly value: Record<string, unknown> | unknown[]) {}
}
/** A list rendered one entry per line. */
class Block {
  constructor(readonly items: unknown[]) {}
}
/** A string always written double-quoted (commit SHAs: all digits would read as a number). */
class Quoted {
  constructor(readonly text: string) {}
}
const flow = (value: Record<string, unknown> | unknown[]) => new Flow(value);
const block = (items: unknown[]) => new Block(items);

const ISO = /^\d{4}-\d\d-\d\d(T\d\d:\d\d:\d\dZ)?$/;
const PLAIN = /^[A-Za-z0-9][A-Za-z0-9 ._/()+,'*-]*$/;
const RESERVED = /^(true|false|null|yes|no|on|off|y|n)$/i;

function scalar(v: unknown, inFlow: boolean): string {
  if (v instanceof Quoted) return JSON.stringify(v.text);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const s = String(v);
  if (ISO.test(s)) return s;
  // Plain only when no YAML reader could take it for anything but this string.
  const plain =
    PLAIN.test(s) && !s.endsWith(' ') && !RESERVED.test(s) && Number.isNaN(Number(s)) && !(inFlow && s.includes(','));
  return plain ? s : JSON.stringify(s);
}

function flowText(v: unknown): string {
  if (v instanceof Flow) v = v.value;
  if (Array.isArray(v)) return `[${v.map(flowText).join(', ')}]`;
  if (v && typeof v === 'object' && !(v instanceof Quoted)) {
    const parts = Object.entries(v)
      .filter(([, x]) => x !== undefined)
      .map(([k, x]) => `${k}: ${flowText(x)}`);
    return `{${parts.join(', ')}}`;
  }
  return scalar(v, true);
}

function mapLines(obj: Record<string, unknown>, indent: string, out: string[]): void {
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined) continue;
    if (v instanceof Flow || Array.isArray(v)) out.push(`${indent}${k}: ${flowText(v)}`);
    else if (v instanceof Block) {
      if (v.items.length === 0) out.push(`${indent}${k}: []`);
      else {
        out.push(`${indent}${k}:`);
        for (const item of v.items)
          out.push(`${indent}  - ${item instanceof Flow ? flowText(item) : scalar(item, false)}`);
      }
    } else if (v && typeof v === 'object' && !(v instanceof Quoted)) {
      out.push(`${indent}${k}:`);
      mapLines(v as Record<string, unknown>, `${indent}  `, out);
    } else out.push(`${indent}${k}: ${scalar(v, false)}`);
  }
}

function recordText(kind: string, metadata: Record<string, unknown>, spec: Record<string, unknown>): string {
  const out = ['apiVersion: svcm/v1', `kind: ${kind}`];
  mapLines({ metadata, spec }, '', out);
  return `${out.join('\n')}\n`;
}

// ---------------------------------------------------------------------------
// Names, and the typos that turn them into references to nothing

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const serviceName = (i: number) => `svc-${pad(i, 5)}`;
const changeName = (i: number) => `CHG-2026-${pad(i + 1, 5)}`;
const knowledgeName = (k: number) => `KB-${pad(k + 1, 4)}`;
const teamName = (t: number) => `team-${t}`;

/** A slip of the keyboard on a lowercase name (two letters swapped, one dropped or doubled); never another real name. */
function slugTypo(rng: Rng, name: string, exists: (n: string) => boolean): string {
  const variants = [
    name[1] + name[0] + name.slice(2),
    name[0] + name[2] + name[1] + name.slice(3),
    name[0] + name.slice(2),
    name[0] + name[1] + name.slice(1),
  ];
  for (const v of shuffle(rng, variants)) if (/^[a-z][a-z0-9-]{0,62}$/.test(v) && v !== name && !exists(v)) return v;
  return `${name}x`;
}
/** CHG-2026-00042 → CHG-2025-00042: every generated change is of 2026. */
const changeTypo = (name: string) => name.replace('CHG-2026-', 'CHG-2025-');
/** KB-0012 → KB-00012: generated ids never have a leading zero beyond four digits. */
const knowledgeTypo = (name: string) => name.replace('KB-', 'KB-0');

const isoDateTime = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

const PEOPLE = [
  'Amara Okafor',
  'Tom Lindqvist',
  'Priya Nair',
  'Jonas Weber',
  'Lucia Ferreira',
  'Sam Adeyemi',
  'Mei Chen',
  'Oliver Grant',
  'Fatima Rahman',
  'Ben Kowalski',
  'Grace Mensah',
  'Luis Ortega',
];
const DOMAINS = [
  'Payments',
  'Ledger',
  'Catalogue',
  'Search',
  'Checkout',
  'Identity',
  'Notifications',
  'Inventory',
  'Pricing',
  'Shipping',
  'Returns',
  'Reporting',
  'Billing',
  'Loyalty',
  'Reviews',
];
const PARTS = ['API', 'Web', 'Worker', 'Gateway', 'Sync', 'Store', 'Scheduler', 'Portal'];

// ---------------------------------------------------------------------------
// Teams and services (shared by generateWorkspace and servicesInOneFile)

const teamCount = (services: number) => Math.max(3, Math.min(200, Math.round(services / 100)));
const hubCount = (services: number) => Math.min(services, Math.max(2, Math.min(8, Math.round(services / 1000))));

function teamsText(teams: number): string {
  const docs: string[] = [];
  for (let t = 0; t < teams; t++) {
    const members = [
      PEOPLE[t % PEOPLE.length],
      PEOPLE[(t * 5 + 1) % PEOPLE.length],
      PEOPLE[(t * 7 + 3) % PEOPLE.length],
    ].map((p) => p.toLowerCase().replace(' ', '.'));
    docs.push(
      recordText(
        'Team',
        { name: teamName(t), title: `${DOMAINS[t % DOMAINS.length]} team ${t}` },
        {
          email: `${teamName(t)}@example.com`,
          chat: `#${teamName(t)}`,
          members: [...new Set(members)],
          onCall: `${teamName(t)}-primary (PagerDuty)`,
        },
      ),
    );
  }
  return docs.join('---\n');
}

interface ServiceSet {
  count: number;
  hubs: number;
  teams: number;
  retired: boolean[];
  /** clean dependencies of each service (lower-numbered, never retired) */
  deps: number[][];
  /** one YAML document per service */
  texts: string[];
  /** index of the service carrying each mistake */
  mistakes: { index: number; code: string }[];
}

/**
 * The catalogue: a few hubs (live, tier 1) that about half of the services
 * depend on, `dependsOn` only on lower-numbered services (no cycles), about 3%
 * retired services that nothing targets.
 */
function buildServices(count: number, seed: number, fraction: number): ServiceSet {
  const rng = stream(seed, 1);
  const hubs = hubCount(count);
  const teams = teamCount(count);
  const retired = Array.from({ length: count }, (_, i) => i >= hubs && chance(rng, 0.03));
  const retiredSoFar: number[] = [];
  const set: ServiceSet = { count, hubs, teams, retired, deps: [], texts: [], mistakes: [] };
  const exists = (n: string) => /^svc-\d{5,}$/.test(n) && Number(n.slice(4)) < count;
  const used = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const name = serviceName(i);
    const hub = i < hubs;
    const phase = hub
      ? 'live'
      : retired[i]
        ? 'retired'
        : weighted(rng, [
            ['live', 58],
            ['beta', 18],
            ['alpha', 14],
            ['discovery', 10],
          ] as const);
    const tier = hub
      ? 1
      : Number(
          weighted(rng, [
            ['1', 10],
            ['2', 25],
            ['3', 40],
            ['4', 25],
          ] as const),
        );
    const deps = new Set<number>();
    if (!retired[i] && phase !== 'discovery') {
      if (i >= hubs && chance(rng, 0.55)) deps.add(int(rng, hubs));
      else if (hub && i > 0) deps.add(i - 1);
      const extra =
        i > hubs
          ? weighted(rng, [
              ['0', 40],
              ['1', 40],
              ['2', 20],
            ] as const)
          : '0';
      for (let k = 0; k < Number(extra); k++) {
        const j = Math.max(hubs, i - 1 - int(rng, 300));
        if (j < i && !retired[j]) deps.add(j);
      }
    }
    set.deps.push([...deps]);
    const domain = pick(rng, DOMAINS);
    const part = pick(rng, PARTS);
    const metadata = {
      name,
      title: `${domain} ${part} ${i}`,
      description: chance(rng, 0.4)
        ? `${domain} ${part.toLowerCase()} for the ${pick(rng, ['web shop', 'mobile app', 'back office', 'partner API', 'warehouse'])}.`
        : undefined,
    };
    const live = phase === 'live';
    const spec: Record<string, unknown> = {
      owner: teamName(hub ? i % teams : int(rng, teams)),
      serviceManager: live || chance(rng, 0.4) ? pick(rng, PEOPLE) : undefined,
      phase,
      type: hub || chance(rng, 0.45) ? 'technical' : 'business',
      tier,
      serviceLevel:
        (live && tier <= 2) || chance(rng, live ? 0.5 : 0.15)
          ? {
              availability: tier === 1 ? 99.95 : pick(rng, [99.9, 99.5, 99]),
              supportHours: tier <= 2 ? '24x7' : 'Mon-Fri 08:00-18:00 UK',
              responseTimes: chance(rng, 0.6) ? flow({ p1: '15m', p2: '1h', p3: '1d', p4: '5d' }) : undefined,
            }
          : undefined,
      continuity: chance(rng, 0.6)
        ? flow({ rto: pick(rng, ['30m', '1h', '4h', '1d']), rpo: pick(rng, ['0m', '5m', '15m', '1h']) })
        : undefined,
      dependsOn: deps.size > 0 ? [...deps].map(serviceName) : undefined,
      code: block(chance(rng, 0.5) ? [`services/${name}/**`, `infra/terraform/${name}/**`] : [`services/${name}/**`]),
      suppliers: chance(rng, 0.08)
        ? block([
            flow({
              name: pick(rng, ['Paylane Ltd', 'Shelfwise', 'Postmark', 'CloudCo']),
              contract: `SUP-${2024 + int(rng, 3)}-${int(rng, 900) + 100}`,
            }),
          ])
        : undefined,
      links: block([
        flow({ title: 'Runbook', url: `https://wiki.example.com/${name}/runbook`, type: 'runbook' }),
        ...(chance(rng, 0.9)
          ? [flow({ title: 'Dashboard', url: `https://grafana.example.com/d/${name}`, type: 'dashboard' })]
          : []),
      ]),
    };
    // Hubs and retired services stay clean: others rely on them being what they say.
    if (!hub && !retired[i] && chance(rng, fraction)) {
      const kinds: [string, () => boolean][] = [
        [
          'unknown-reference',
          () => {
            const list = spec.dependsOn as string[] | undefined;
            if (!list) return false;
            const k = int(rng, list.length);
            list[k] = slugTypo(rng, list[k], exists);
            return true;
          },
        ],
        [
          'unknown-reference',
          () =>
            put(
              spec,
              'owner',
              slugTypo(rng, String(spec.owner), (n) => /^team-\d+$/.test(n) && Number(n.slice(5)) < teams),
            ),
        ],
        ['schema', () => put(spec, 'phase', pick(rng, ['production', 'deprecated', 'Live']))],
        ['schema', () => put(spec, 'tier', pick(rng, [0, 5]))],
        ['schema', () => put(spec, 'owner', undefined)],
        [
          'schema',
          () => {
            if (!spec.continuity) return false;
            // A misspelt key: `continuty`, where the schema is strict about unknown fields.
            const entries = Object.entries(spec).map(([k, v]) => [k === 'continuity' ? 'continuty' : k, v] as const);
            for (const k of Object.keys(spec)) delete spec[k];
            for (const [k, v] of entries) spec[k] = v;
            return true;
          },
        ],
        ['service-manager-required', () => live && put(spec, 'serviceManager', undefined)],
        ['service-level-required', () => live && tier <= 2 && put(spec, 'serviceLevel', undefined)],
        [
          'retired-service',
          () => {
            if (retiredSoFar.length === 0) return false;
            spec.dependsOn = [
              ...((spec.dependsOn as string[] | undefined) ?? []),
              serviceName(pick(rng, retiredSoFar)),
            ];
            return true;
          },
        ],
        ['dependency-cycle', () => put(spec, 'dependsOn', [...((spec.dependsOn as string[] | undefined) ?? []), name])],
      ];
      const code = plantOne(rng, kinds, (c) => used.get(c) ?? 0);
      if (code) {
        set.mistakes.push({ index: i, code });
        used.set(code, (used.get(code) ?? 0) + 1);
      }
    }
    if (retired[i]) retiredSoFar.push(i);
    set.texts.push(recordText('Service', metadata, spec));
  }
  return set;
}

// ---------------------------------------------------------------------------
// Writing

class Writer {
  files = 0;
  bytes = 0;
  private readonly dirs = new Set<string>();
  constructor(private readonly root: string) {}

  write(rel: string, text: string): void {
    const file = path.join(this.root, ...rel.split('/'));
    const dir = path.dirname(file);
    if (!this.dirs.has(dir)) {
      fs.mkdirSync(dir, { recursive: true });
      this.dirs.add(dir);
    }
    fs.writeFileSync(file, text);
    this.files++;
    this.bytes += Buffer.byteLength(text);
  }
}

/** The planted mistakes, at most one of each code per file (so that each is found exactly once). */
class Planted {
  readonly list: PlantedMistake[] = [];
  private readonly seen = new Set<string>();
  private readonly counts = new Map<string, number>();

  free(file: string, code: string): boolean {
    return !this.seen.has(`${file}\n${code}`);
  }

  add(file: string, code: string): void {
    this.seen.add(`${file}\n${code}`);
    this.list.push({ file, code });
    this.counts.set(code, (this.counts.get(code) ?? 0) + 1);
  }

  /** how many mistakes of this code are planted so far */
  used = (code: string): number => this.counts.get(code) ?? 0;
}

/**
 * One file holding `services` Service documents joined by `---` lines
 * (service-management/all-services.yaml), plus the teams they name, for the
 * "one file of 5,000 services" benchmark. The documents are those of
 * generateWorkspace with the same seed and fraction.
 */
export function servicesInOneFile(
  root: string,
  services: number,
  seed = 1,
  mistakes = 0.01,
): { file: string; bytes: number; mistakes: PlantedMistake[] } {
  const set = buildServices(services, seed, mistakes);
  const writer = new Writer(root);
  writer.write(`${SM}/teams.yaml`, teamsText(set.teams));
  const file = `${SM}/all-services.yaml`;
  const text = set.texts.join('---\n');
  writer.write(file, text);
  return { file, bytes: Buffer.byteLength(text), mistakes: set.mistakes.map((m) => ({ file, code: m.code })) };
}

// ---------------------------------------------------------------------------
// The whole workspace

// The same lists the schema checks (core/schema/vocabulary.ts), so the generator cannot drift from it.
const TYPES = CHANGE_TYPES;
const STATUSES = CHANGE_STATUSES;
type ChangeType = (typeof TYPES)[number];
type Status = (typeof STATUSES)[number];
const APPROVED_OR_LATER: readonly Status[] = ['approved', 'scheduled', 'implemented', 'closed', 'failed'];
/** The statuses window-conflict looks at. */
const ACTIVE: readonly Status[] = ['approved', 'scheduled'];

const ACTIONS = [
  'restart-pods',
  'rotate-certificates',
  'scale-replicas',
  'rebuild-search-index',
  'renew-dns-records',
  'patch-base-image',
  'flush-cdn-cache',
  'toggle-feature-flag',
  'resize-volume',
  'update-firewall-allowlist',
];

interface Template {
  name: string;
  file: string;
  maxRisk: 'low' | 'medium';
  /** false when a planted mistake made the written maxRisk invalid (template-scope then cannot judge risk) */
  riskChecked: boolean;
  /** the services a change may name (those the template really lists) */
  usable: string[];
}

interface Release {
  name: string;
  file: string;
  status: 'planned' | 'in-progress' | 'deployed' | 'rolled-back' | 'cancelled';
  changes: string[];
  services: Set<string>;
  start: number;
  end: number;
  capacity: number;
}

interface Window {
  start: number;
  end: number;
}

/**
 * Writes a workspace of `services` services (one file each) and `changes`
 * changes, with teams, standard change templates, releases and knowledge
 * records. Every change type meets every status; the first 24 changes are the
 * 24 combinations. Windows of approved and scheduled changes never overlap on
 * a service except where a window-conflict is planted.
 */
export function generateWorkspace(
  root: string,
  options: GenerateOptions,
): { files: number; bytes: number; mistakes: PlantedMistake[] } {
  const seed = options.seed ?? 1;
  const fraction = options.mistakes ?? 0.01;
  const writer = new Writer(root);
  const planted = new Planted();
  const set = buildServices(options.services, seed, fraction);
  writer.write(`${SM}/teams.yaml`, teamsText(set.teams));
  set.texts.forEach((text, i) => writer.write(`${SM}/services/${serviceName(i)}.yaml`, text));
  for (const m of set.mistakes) planted.add(`${SM}/services/${serviceName(m.index)}.yaml`, m.code);
  const activeServices = Array.from({ length: set.count }, (_, i) => i).filter((i) => !set.retired[i]);
  const retiredServices = Array.from({ length: set.count }, (_, i) => i).filter((i) => set.retired[i]);
  const serviceExists = (n: string) => /^svc-\d{5,}$/.test(n) && Number(n.slice(4)) < set.count;

  const templates = writeTemplates(writer, planted, stream(seed, 2), activeServices, fraction, serviceExists);
  const knowledgeCount = Math.max(5, Math.round(set.count / 10));
  const { releases, referable, referenced } = writeChanges(
    writer,
    planted,
    stream(seed, 3),
    options.changes,
    fraction,
    { set, activeServices, retiredServices, serviceExists, templates, knowledgeCount },
  );
  writeReleases(writer, planted, stream(seed, 4), releases, fraction, retiredServices, serviceExists);
  writeKnowledge(writer, planted, stream(seed, 5), knowledgeCount, fraction, {
    set,
    activeServices,
    referable,
    referenced,
    serviceExists,
  });
  return { files: writer.files, bytes: writer.bytes, mistakes: planted.list };
}

function writeTemplates(
  writer: Writer,
  planted: Planted,
  rng: Rng,
  activeServices: number[],
  fraction: number,
  serviceExists: (n: string) => boolean,
): { usable: Template[]; expired?: Template } {
  const count = Math.max(3, Math.round(activeServices.length / 100));
  const names = Array.from(
    { length: count },
    (_, t) => `${ACTIONS[t % ACTIONS.length]}-${Math.floor(t / ACTIONS.length) + 1}`,
  );
  const usable: Template[] = [];
  const one = (name: string, reviewBy: string, mayErr: boolean): Template => {
    const file = `${SM}/standard-changes/${name}.yaml`;
    const services = sample(rng, activeServices, 6 + int(rng, 20)).map(serviceName);
    const maxRisk = chance(rng, 0.6) ? 'medium' : 'low';
    const approvedOn = isoDate(EPOCH - (30 + int(rng, 300)) * DAY);
    const spec: Record<string, unknown> = {
      services,
      maxRisk,
      approvedBy: `Change advisory board (minutes of ${approvedOn})`,
      approvedOn,
      reviewBy,
      steps: block([
        'Check the service dashboard is green.',
        `Run the ${name.replace(/-\d+$/, '').replace(/-/g, ' ')} job from the pipeline.`,
        'Watch error rate and latency for 15 minutes.',
      ]),
      backoutPlan: 'Run the pipeline job again with the previous values.',
    };
    const template: Template = { name, file, maxRisk, riskChecked: true, usable: [...services] };
    if (mayErr && chance(rng, fraction)) {
      const kinds: [string, () => boolean][] = [
        [
          'schema',
          () => {
            // Out of its enum: template-scope can then no longer compare a change's risk with it.
            template.riskChecked = false;
            return put(spec, 'maxRisk', 'high');
          },
        ],
        ['schema', () => put(spec, 'steps', block([]))],
        ['schema', () => put(spec, 'approvedOn', '2026-13-01')],
        [
          'unknown-reference',
          () => {
            if (services.length < 2) return false;
            // The misspelt entry no longer covers its service: changes must not use it.
            const k = int(rng, services.length);
            template.usable = services.filter((_, j) => j !== k);
            services[k] = slugTypo(rng, services[k], serviceExists);
            return true;
          },
        ],
      ];
      const code = plantOne(rng, kinds, planted.used);
      if (code) planted.add(file, code);
    }
    writer.write(
      file,
      recordText(
        'StandardChange',
        { name, title: `${name.replace(/-\d+$/, '').replace(/-/g, ' ')} (pre-approved)` },
        spec,
      ),
    );
    return template;
  };
  for (const name of names) usable.push(one(name, `2099-${pad(1 + int(rng, 12), 2)}-01`, true));
  if (fraction <= 0) return { usable };
  // A template past its review date: stale-record on it, template-expired on the changes that use it.
  const expired = one('purge-old-logs', '2021-06-30', false);
  planted.add(expired.file, 'stale-record');
  return { usable, expired };
}

interface ChangeContext {
  set: ServiceSet;
  activeServices: number[];
  retiredServices: number[];
  serviceExists: (n: string) => boolean;
  templates: { usable: Template[]; expired?: Template };
  knowledgeCount: number;
}

const SUMMARIES = [
  ['Upgrade the database driver of', 'for the leak fix'],
  ['Raise the connection pool of', 'for peak load'],
  ['Move', 'to the new cluster'],
  ['Add a read replica for', 'for reports'],
  ['Turn on tracing in', 'to find slow calls'],
  ['Shorten the cache expiry of', 'to ten minutes'],
  ['Rotate the API keys of', 'before they expire'],
  ['Patch the base image of', 'for the OpenSSL advisory'],
] as const;

/** The release status a change of this status goes into, and how often it is in one. */
const RELEASE_OF: Record<Status, [Release['status'][], number]> = {
  draft: [['planned'], 0.1],
  submitted: [['planned'], 0.1],
  approved: [['planned', 'in-progress'], 0.4],
  scheduled: [['planned', 'in-progress'], 0.4],
  implemented: [['deployed', 'in-progress'], 0.5],
  closed: [['deployed'], 0.5],
  rejected: [['cancelled'], 0.15],
  failed: [['rolled-back'], 0.6],
};

function writeChanges(
  writer: Writer,
  planted: Planted,
  rng: Rng,
  count: number,
  fraction: number,
  ctx: ChangeContext,
): { releases: Release[]; referable: string[]; referenced: Set<string> } {
  const { set, activeServices, retiredServices, serviceExists, templates } = ctx;
  const spanDays = Math.max(28, Math.ceil(count / 25));
  // Windows of approved/scheduled changes per service: window-conflict must only fire where planted.
  const taken = new Map<string, Window[]>();
  const free = (names: string[], w: Window) =>
    names.every((n) => !(taken.get(n) ?? []).some((o) => w.start < o.end && o.start < w.end));
  const claim = (names: string[], w: Window) => {
    if (!free(names, w)) return false;
    for (const n of names) {
      const list = taken.get(n);
      const slot = { start: Math.min(w.start, w.end), end: Math.max(w.start, w.end) };
      if (list) list.push(slot);
      else taken.set(n, [slot]);
    }
    return true;
  };
  /** clean approved/scheduled changes, candidates to be the other side of a planted window-conflict */
  const partners: { file: string; service: string; window: Window }[] = [];
  const releases: Release[] = [];
  const open = new Map<string, Release>();
  const referable: string[] = [];
  /** the knowledge records that changes name */
  const referenced = new Set<string>();
  const openRelease = (status: Release['status']): Release => {
    let r = open.get(status);
    if (!r) {
      const name = `REL-2026.${releases.length + 1}`;
      r = {
        name,
        file: `${SM}/releases/${name}.yaml`,
        status,
        changes: [],
        services: new Set(),
        start: Infinity,
        end: -Infinity,
        capacity: 3 + int(rng, 25),
      };
      releases.push(r);
      open.set(status, r);
    }
    return r;
  };

  for (let i = 0; i < count; i++) {
    const name = changeName(i);
    let file = `${SM}/changes/${name}.yaml`;
    const type: ChangeType =
      i < 24
        ? TYPES[i % 3]
        : weighted(rng, [
            ['normal', 58],
            ['standard', 32],
            ['emergency', 10],
          ] as const);
    const status: Status =
      i < 24
        ? STATUSES[Math.floor(i / 3)]
        : weighted(rng, [
            ['draft', 8],
            ['submitted', 8],
            ['approved', 7],
            ['scheduled', 8],
            ['implemented', 10],
            ['closed', 45],
            ['rejected', 6],
            ['failed', 8],
          ] as const);
    const day = EPOCH + Math.floor((i * spanDays) / Math.max(1, count)) * DAY;

    let template: Template | undefined;
    let services: string[];
    if (type === 'standard') {
      template = pick(
        rng,
        templates.usable.filter((t) => t.usable.length > 0),
      );
      services = sample(rng, template.usable, chance(rng, 0.3) ? 2 : 1);
    } else {
      const primary = pick(rng, activeServices);
      const s = new Set([primary]);
      if (chance(rng, 0.3) && set.deps[primary].length > 0) s.add(pick(rng, set.deps[primary]));
      if (chance(rng, 0.06)) s.add(int(rng, set.hubs));
      services = [...s].map(serviceName);
    }
    const risk =
      type === 'standard'
        ? template!.maxRisk === 'low' || chance(rng, 0.6)
          ? 'low'
          : 'medium'
        : weighted(
            rng,
            type === 'normal'
              ? ([
                  ['low', 45],
                  ['medium', 40],
                  ['high', 15],
                ] as const)
              : ([
                  ['low', 20],
                  ['medium', 40],
                  ['high', 40],
                ] as const),
          );

    let window: Window | undefined;
    const wantsWindow =
      ['scheduled', 'implemented', 'closed', 'failed'].includes(status) ||
      (status === 'approved' && chance(rng, 0.8)) ||
      chance(rng, 0.15);
    if (wantsWindow) {
      const hour = type === 'emergency' ? int(rng, 24) : pick(rng, [6, 7, 18, 19, 20, 21, 22]);
      const minutes = type === 'emergency' ? pick(rng, [20, 30, 45, 60]) : pick(rng, [30, 45, 60, 90, 120, 180]);
      window = { start: day + hour * 3_600_000 + pick(rng, [0, 30]) * 60_000, end: 0 };
      window.end = window.start + minutes * 60_000;
      // Another approved/scheduled change holds that slot on one of the services: try the next day.
      if (ACTIVE.includes(status))
        while (!claim(services, window)) window = { start: window.start + DAY, end: window.end + DAY };
    }
    const approvedOrLater = APPROVED_OR_LATER.includes(status);
    // The ECAB meets an hour or two before an emergency window; the others decide in office hours, days before.
    const decidedAt = isoDateTime(
      type === 'emergency' && window
        ? window.start - (1 + int(rng, 2)) * 3_600_000
        : (window ? window.start - (window.start % DAY) : day) -
            (1 + int(rng, 4)) * DAY +
            (10 + int(rng, 7)) * 3_600_000,
    );
    const approver = () => pick(rng, PEOPLE).toLowerCase().replace(' ', '.');
    let approvals: Flow[] | undefined;
    if (approvedOrLater && type === 'normal') {
      approvals =
        risk === 'high'
          ? [flow({ by: 'Change advisory board', role: 'cab', decision: 'approved', at: decidedAt })]
          : [
              flow({
                by: approver(),
                role: chance(rng, 0.7) ? 'peer' : 'service-manager',
                decision: 'approved',
                at: decidedAt,
              }),
            ];
    } else if (approvedOrLater && type === 'emergency') {
      approvals = [flow({ by: 'Emergency CAB', role: 'ecab', decision: 'approved', at: decidedAt })];
    } else if (status === 'rejected' && type !== 'standard') {
      approvals = [
        flow({
          by: risk === 'high' ? 'Change advisory board' : approver(),
          role: risk === 'high' ? 'cab' : 'peer',
          decision: 'rejected',
          at: decidedAt,
        }),
      ];
    }
    const [verb, why] = pick(rng, SUMMARIES);
    const withCommits =
      ['implemented', 'closed', 'failed'].includes(status) ||
      (ACTIVE.includes(status) && chance(rng, 0.5)) ||
      (status === 'draft' && chance(rng, 0.2));
    const commits = withCommits
      ? Array.from(
          { length: chance(rng, 0.3) ? 2 : 1 },
          () => new Quoted(hex(rng, chance(rng, 0.1) ? 40 : 7 + int(rng, 6))),
        )
      : undefined;
    const reviewed =
      type === 'emergency'
        ? ['implemented', 'closed', 'failed'].includes(status)
        : (status === 'closed' && chance(rng, 0.15)) || (status === 'failed' && chance(rng, 0.7));
    // Changes name only the first half of the knowledge records: the others are free to be copied (duplicate-name).
    const knowledgeRefs = chance(rng, 0.06) ? [knowledgeName(int(rng, Math.ceil(ctx.knowledgeCount / 2)))] : undefined;
    if (knowledgeRefs) referenced.add(knowledgeRefs[0]);
    const spec: Record<string, unknown> = {
      type,
      template: template?.name,
      services,
      summary: `${verb} ${services[0]}${chance(rng, 0.3) ? ` ${why}` : ''}.`,
      risk,
      impact: weighted(rng, [
        ['low', 50],
        ['medium', 35],
        ['high', 15],
      ] as const),
      status,
      implementationPlan:
        type !== 'standard' || chance(rng, 0.3)
          ? chance(rng, 0.2)
            ? block(['Deploy through the pipeline.', 'Watch the dashboard for 15 minutes.'])
            : 'Deploy through the pipeline.'
          : undefined,
      backoutPlan: type !== 'standard' || chance(rng, 0.1) ? 'Roll back the deploy.' : undefined,
      testPlan: type === 'normal' || (type === 'emergency' && chance(rng, 0.3)) ? 'Smoke tests in staging.' : undefined,
      window: window && { start: isoDateTime(window.start), end: isoDateTime(window.end) },
      approvals: approvals && block(approvals),
      commits,
      branch: commits && chance(rng, 0.3) ? `feat/${services[0]}-${i}` : undefined,
      pullRequest: commits && chance(rng, 0.15) ? `#${100 + int(rng, 9000)}` : undefined,
      release: undefined,
      knowledge: knowledgeRefs,
      review: reviewed
        ? flow({
            outcome: status === 'failed' ? 'failed' : chance(rng, 0.85) ? 'successful' : 'partially-successful',
            notes: status === 'failed' ? 'Backed out.' : 'As planned.',
            at: isoDate((window?.end ?? day) + (1 + int(rng, 3)) * DAY),
          })
        : undefined,
    };
    const cleanServices = [...services];
    const metadata = { name, title: chance(rng, 0.1) ? `${verb} ${services[0]}` : undefined };

    let kind = 'Change';
    let mistake: string | undefined;
    let inRelease = true;
    let duplicateKey = false;
    let referableChange = true;
    /** the release this change is listed in without naming it (release side of release-mismatch) */
    let listedOnlyIn: Release | undefined;
    /** where the planted mistake is reported, when not in this change's file */
    let mistakeFile: string | undefined;
    if (i !== BENCH_CHANGE && chance(rng, fraction)) {
      const active = ACTIVE.includes(status) && window !== undefined;
      /** adds services to an approved/scheduled change only where no other window overlaps */
      const addServices = (names: string[]) => {
        if (active && !claim(names, window!)) return false;
        (spec.services as string[]).push(...names);
        return true;
      };
      const kinds: [string, () => boolean][] = [
        [
          'unknown-reference',
          () => {
            // A typo in a standard change would also be outside its template.
            if (type === 'standard') return false;
            const k = int(rng, services.length);
            const typo = slugTypo(rng, services[k], serviceExists);
            if (active && !claim([typo], window!)) return false;
            services[k] = typo;
            return true;
          },
        ],
        [
          'unknown-reference',
          () =>
            type === 'standard' &&
            put(
              spec,
              'template',
              slugTypo(rng, template!.name, (n) => templates.usable.some((t) => t.name === n)),
            ),
        ],
        [
          'unknown-reference',
          () => knowledgeRefs !== undefined && put(spec, 'knowledge', [knowledgeTypo(knowledgeRefs[0])]),
        ],
        ['schema', () => put(spec, 'risk', pick(rng, ['critical', 'none', 'Low']))],
        ['schema', () => put(spec, 'status', pick(rng, ['done', 'in-progress', 'complete']))],
        ['schema', () => put(spec, 'summary', undefined)],
        ['schema', () => commits !== undefined && put(commits, 0, new Quoted(hex(rng, 5)))],
        ['schema', () => type !== 'standard' && put(spec, 'implementationPlan', undefined)],
        [
          'window-order',
          () =>
            window !== undefined &&
            put(spec, 'window', { start: isoDateTime(window.end), end: isoDateTime(window.start) }),
        ],
        [
          'window-required',
          () => ['scheduled', 'implemented', 'closed'].includes(status) && put(spec, 'window', undefined),
        ],
        ['backout-plan-required', () => type !== 'standard' && put(spec, 'backoutPlan', undefined)],
        ['test-plan-required', () => type === 'normal' && put(spec, 'testPlan', undefined)],
        [
          'approval-required',
          () => {
            if (!approvedOrLater || type === 'standard') return false;
            // A high-risk normal change with only a peer's approval, an emergency one without the ECAB, or no approvals at all.
            if (type === 'normal' && risk === 'high' && chance(rng, 0.5))
              spec.approvals = block([flow({ by: approver(), role: 'peer', decision: 'approved', at: decidedAt })]);
            else if (type === 'emergency' && chance(rng, 0.5))
              spec.approvals = block([
                flow({ by: approver(), role: 'service-manager', decision: 'approved', at: decidedAt }),
              ]);
            else spec.approvals = undefined;
            return true;
          },
        ],
        [
          'review-required',
          () =>
            type === 'emergency' && (status === 'implemented' || status === 'closed') && put(spec, 'review', undefined),
        ],
        ['template-required', () => type === 'standard' && put(spec, 'template', undefined)],
        [
          'template-scope',
          () => {
            if (type !== 'standard') return false;
            if (template!.riskChecked && chance(rng, 0.5)) return put(spec, 'risk', 'high');
            const outside = activeServices
              .map(serviceName)
              .filter((n) => !template!.usable.includes(n) && !services.includes(n));
            return outside.length > 0 && addServices([pick(rng, outside)]);
          },
        ],
        [
          'template-expired',
          () => {
            const expired = templates.expired;
            if (type !== 'standard' || !expired) return false;
            const names = sample(rng, expired.usable, 1);
            if (active && !claim(names, window!)) return false;
            spec.template = expired.name;
            spec.services = names;
            if (expired.maxRisk === 'low') spec.risk = 'low';
            return true;
          },
        ],
        [
          'retired-service',
          () =>
            type !== 'standard' && retiredServices.length > 0 && addServices([serviceName(pick(rng, retiredServices))]),
        ],
        [
          'name-file-mismatch',
          () => {
            // The id mistyped in the file name: a zero dropped, or last year's number.
            const digits = name.slice(9);
            file = `${SM}/changes/${digits.startsWith('0') ? `CHG-2026-${digits.slice(1)}` : changeTypo(name)}.yaml`;
            return true;
          },
        ],
        [
          'yaml-syntax',
          () => {
            duplicateKey = true;
            inRelease = false;
            referableChange = false;
            return true;
          },
        ],
        [
          'unknown-kind',
          () => {
            kind = pick(rng, ['Chnage', 'ChangeRequest', 'RFC']);
            inRelease = false;
            referableChange = false;
            return true;
          },
        ],
        [
          'release-mismatch',
          () => {
            // Names a release that does not list it.
            if (releases.length === 0) return false;
            spec.release = pick(rng, releases).name;
            inRelease = false;
            return true;
          },
        ],
        [
          'release-mismatch',
          () => {
            // Listed by a release that it does not name: the finding is on the release.
            const r = openRelease(pick(rng, RELEASE_OF[status][0]));
            if (!planted.free(r.file, 'release-mismatch')) return false;
            listedOnlyIn = r;
            mistakeFile = r.file;
            return true;
          },
        ],
        [
          'window-conflict',
          () => {
            if (!ACTIVE.includes(status) || type === 'standard' || partners.length === 0) return false;
            const other = partners.splice(int(rng, partners.length), 1)[0];
            if (!planted.free(other.file, 'window-conflict')) return false;
            // Same service, same slot as a change that is also approved or scheduled: both are reported.
            spec.services = [other.service];
            spec.window = { start: isoDateTime(other.window.start), end: isoDateTime(other.window.end) };
            planted.add(other.file, 'window-conflict');
            return true;
          },
        ],
      ];
      mistake = plantOne(rng, kinds, planted.used);
    }
    if (mistake === undefined && ACTIVE.includes(status) && window && i !== BENCH_CHANGE)
      partners.push({ file, service: services[0], window });

    const addTo = (r: Release) => {
      r.changes.push(name);
      for (const s of cleanServices) if (r.services.size < 10) r.services.add(s);
      if (window) {
        r.start = Math.min(r.start, window.start);
        r.end = Math.max(r.end, window.end);
      }
      if (r.changes.length >= r.capacity && open.get(r.status) === r) open.delete(r.status);
    };
    if (listedOnlyIn) addTo(listedOnlyIn);
    else if (inRelease && spec.release === undefined && chance(rng, RELEASE_OF[status][1])) {
      const r = openRelease(pick(rng, RELEASE_OF[status][0]));
      spec.release = r.name;
      addTo(r);
    }
    if (referableChange) referable.push(name);

    let text = recordText(kind, metadata, spec);
    // A key given twice: a YAML error, the only finding of that document.
    if (duplicateKey) text = text.replace(/^( {2}impact: .*\n)/m, '$1$1');
    writer.write(file, text);
    if (mistake) planted.add(mistakeFile ?? file, mistake);
  }
  return { releases, referable, referenced };
}

function writeReleases(
  writer: Writer,
  planted: Planted,
  rng: Rng,
  releases: Release[],
  fraction: number,
  retiredServices: number[],
  serviceExists: (n: string) => boolean,
): void {
  for (const r of releases) {
    const start = Number.isFinite(r.start) ? r.start : EPOCH;
    const end = Number.isFinite(r.end) ? r.end : start + 3_600_000;
    const spec: Record<string, unknown> = {
      version: r.name.slice(4),
      services: [...r.services],
      changes: [...r.changes],
      status: r.status,
      plannedFor: isoDateTime(start),
      deployedAt: r.status === 'deployed' || r.status === 'rolled-back' ? isoDateTime(end + 3_600_000) : undefined,
      notes: chance(rng, 0.4) ? `${r.changes.length} changes, ${r.status}.` : undefined,
    };
    if (chance(rng, fraction)) {
      const kinds: [string, () => boolean][] = [
        ['schema', () => r.status === 'deployed' && put(spec, 'deployedAt', undefined)],
        ['schema', () => put(spec, 'status', pick(rng, ['released', 'shipped', 'done']))],
        ['unknown-reference', () => put(spec, 'changes', [...r.changes, changeTypo(pick(rng, r.changes))])],
        [
          'unknown-reference',
          () => {
            const list = spec.services as string[];
            if (list.length === 0) return false;
            const k = int(rng, list.length);
            list[k] = slugTypo(rng, list[k], serviceExists);
            return true;
          },
        ],
        [
          'retired-service',
          () =>
            retiredServices.length > 0 &&
            put(spec, 'services', [...(spec.services as string[]), serviceName(pick(rng, retiredServices))]),
        ],
      ];
      const code = plantOne(
        rng,
        kinds.map(([c, apply]) => [c, () => planted.free(r.file, c) && apply()]),
        planted.used,
      );
      if (code) planted.add(r.file, code);
    }
    writer.write(
      r.file,
      recordText('Release', { name: r.name, title: chance(rng, 0.5) ? `Release ${r.name.slice(4)}` : undefined }, spec),
    );
  }
}

const KNOWLEDGE = [
  ['runbook', 30, 'Restart'],
  ['runbook', 10, 'Fail over'],
  ['how-to', 20, 'How to add a feature flag to'],
  ['known-error', 15, 'Timeouts under peak load in'],
  ['post-incident-review', 15, 'Outage of'],
  ['faq', 10, 'Questions about'],
] as const;

function writeKnowledge(
  writer: Writer,
  planted: Planted,
  rng: Rng,
  count: number,
  fraction: number,
  ctx: {
    set: ServiceSet;
    activeServices: number[];
    referable: string[];
    referenced: Set<string>;
    serviceExists: (n: string) => boolean;
  },
): void {
  const teams = ctx.set.teams;
  /** knowledge records without a mistake, that a copy may duplicate */
  const clean: { name: string; file: string; slug: string }[] = [];
  const written = new Set<string>();
  for (let k = 0; k < count; k++) {
    const name = knowledgeName(k);
    let recordName = name;
    const [type, , lead] =
      KNOWLEDGE[
        Number(
          weighted(
            rng,
            KNOWLEDGE.map((e, j) => [String(j), e[1]] as const),
          ),
        )
      ];
    const services = sample(rng, ctx.activeServices, chance(rng, 0.3) ? 2 : 1).map(serviceName);
    const title = `${lead} ${services[0]}`;
    const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    let file = `${SM}/knowledge/${name}-${slug}.md`;
    const changes =
      (type === 'post-incident-review' || type === 'known-error') && ctx.referable.length > 0 && chance(rng, 0.6)
        ? sample(rng, ctx.referable, 1 + int(rng, 2))
        : undefined;
    const spec: Record<string, unknown> = {
      type,
      services,
      changes,
      owner: chance(rng, 0.8) ? teamName(int(rng, teams)) : undefined,
      reviewBy: `2099-${pad(1 + int(rng, 12), 2)}-${pad(1 + int(rng, 28), 2)}`,
      workaround: type === 'known-error' ? `Scale ${services[0]} up by two replicas until the fix ships.` : undefined,
    };
    if (chance(rng, fraction)) {
      const kinds: [string, () => boolean][] = [
        [
          'duplicate-name',
          () => {
            // A copied record whose id was not changed; nothing names this one, so only the two definitions are reported.
            if (ctx.referenced.has(name) || clean.length === 0) return false;
            const j = int(rng, clean.length);
            const other = clean[j];
            const copy = `${SM}/knowledge/${other.name}-${slug}.md`;
            if (written.has(copy) || !planted.free(other.file, 'duplicate-name')) return false;
            clean.splice(j, 1);
            recordName = other.name;
            file = copy;
            planted.add(other.file, 'duplicate-name');
            return true;
          },
        ],
        ['known-error-workaround', () => put(spec, 'type', 'known-error') && put(spec, 'workaround', undefined)],
        ['stale-record', () => put(spec, 'reviewBy', `202${int(rng, 5)}-${pad(1 + int(rng, 12), 2)}-15`)],
        ['unknown-reference', () => put(services, 0, slugTypo(rng, services[0], ctx.serviceExists))],
        [
          'unknown-reference',
          () =>
            spec.owner !== undefined &&
            put(
              spec,
              'owner',
              slugTypo(rng, String(spec.owner), (n) => /^team-\d+$/.test(n) && Number(n.slice(5)) < teams),
            ),
        ],
        ['unknown-reference', () => changes !== undefined && put(changes, 0, changeTypo(changes[0]))],
        ['schema', () => put(spec, 'type', pick(rng, ['article', 'howto', 'known-issue']))],
        [
          'name-file-mismatch',
          () => {
            // The id left out of the file name.
            if (written.has(`${SM}/knowledge/${slug}.md`)) return false;
            file = `${SM}/knowledge/${slug}.md`;
            return true;
          },
        ],
      ];
      const code = plantOne(rng, kinds, planted.used);
      if (code) planted.add(file, code);
      else clean.push({ name, file, slug });
    } else clean.push({ name, file, slug });
    const body = bodyOf(String(spec.type), title, services[0]);
    written.add(file);
    writer.write(file, `---\n${recordText('Knowledge', { name: recordName, title }, spec)}---\n\n${body}`);
  }
}

function bodyOf(type: string, title: string, service: string): string {
  const steps =
    type === 'known-error'
      ? `## Symptom\n\nRequests to ${service} time out at peak.\n\n## Cause\n\nThe connection pool is too small for the peak load.\n`
      : type === 'post-incident-review'
        ? `## What happened\n\n${service} returned errors for 40 minutes.\n\n## What we change\n\nAn alert on the error budget, and a runbook.\n`
        : `## Steps\n\n1. Check the ${service} dashboard.\n2. Follow the pipeline job for ${service}.\n3. Tell the owning team in their channel.\n`;
  return `# ${title}\n\n${steps}`;
}

// ---------------------------------------------------------------------------
// A Backstage catalogue (docs/backstage.md)

/**
 * A Backstage catalogue of `components` Components, one `catalog-info.yaml`
 * per folder (catalog/c-00000/…), with the Groups, Systems and APIs they name
 * in catalog/org.yaml and catalog/apis.yaml, and a root Location whose glob
 * matches every Component file. Each Component has an owner, a system,
 * provides one API and consumes two, and depends on two earlier Components.
 * A fraction of the Components carries one mistake: a misspelt owner
 * (`unknown-reference`), a `dependsOn` entry without its kind
 * (`reference-kind-required`) or an empty lifecycle (`schema`).
 */
export function backstageCatalogue(
  root: string,
  components: number,
  seed = 1,
  mistakes = 0.01,
): { files: number; bytes: number; entities: number; mistakes: PlantedMistake[] } {
  const rng = stream(seed, 9);
  const writer = new Writer(root);
  const planted: PlantedMistake[] = [];
  const groups = Math.max(2, Math.round(components / 100));
  const systems = Math.max(2, Math.round(components / 50));
  const apis = Math.max(2, Math.round(components / 2));
  const name = (prefix: string, i: number) => `${prefix}-${String(i).padStart(5, '0')}`;
  const doc = (kind: string, metadata: string[], spec: string[]) =>
    ['apiVersion: backstage.io/v1alpha1', `kind: ${kind}`, 'metadata:', ...metadata, 'spec:', ...spec, ''].join('\n');
  const org: string[] = [];
  for (let i = 0; i < groups; i++)
    org.push(doc('Group', [`  name: ${name('team', i)}`, `  title: Team ${i}`], ['  type: team', '  children: []']));
  for (let i = 0; i < systems; i++)
    org.push(doc('System', [`  name: ${name('system', i)}`], [`  owner: ${name('team', i % groups)}`]));
  writer.write('catalog/org.yaml', org.join('---\n'));
  const apiDocs: string[] = [];
  for (let i = 0; i < apis; i++)
    apiDocs.push(
      doc(
        'API',
        [`  name: ${name('api', i)}`],
        [
          '  type: openapi',
          '  lifecycle: production',
          `  owner: ${name('team', i % groups)}`,
          '  definition: openapi: 3.0.0',
        ],
      ).replace('definition: openapi: 3.0.0', 'definition: "openapi: 3.0.0"'),
    );
  writer.write('catalog/apis.yaml', apiDocs.join('---\n'));
  writer.write(
    'catalog-info.yaml',
    doc(
      'Location',
      ['  name: everything'],
      ['  targets:', '    - ./catalog/*.yaml', '    - ./catalog/*/catalog-info.yaml'],
    ),
  );
  for (let i = 0; i < components; i++) {
    const file = `catalog/${name('c', i)}/catalog-info.yaml`;
    const owner = name('team', int(rng, groups));
    const deps = i >= 2 ? [name('c', int(rng, i)), name('c', int(rng, i))] : [];
    const spec = [
      '  type: service',
      `  lifecycle: ${i % 7 === 0 ? 'experimental' : 'production'}`,
      `  owner: ${owner}`,
      `  system: ${name('system', int(rng, systems))}`,
      `  providesApis: [${name('api', i % apis)}]`,
      `  consumesApis: [${name('api', int(rng, apis))}, ${name('api', int(rng, apis))}]`,
      ...(deps.length > 0 ? [`  dependsOn: [${[...new Set(deps)].map((d) => `component:${d}`).join(', ')}]`] : []),
    ];
    if (i > 2 && rng() < mistakes) {
      const which = int(rng, 3);
      if (which === 0) {
        spec[2] = `  owner: ${owner}x`;
        planted.push({ file, code: 'unknown-reference' });
      } else if (which === 1 && deps.length > 0) {
        spec[6] = `  dependsOn: [${deps[0]}]`;
        planted.push({ file, code: 'reference-kind-required' });
      } else {
        // An empty lifecycle: Backstage refuses it (the name stays, so what depends on it still resolves).
        spec[1] = "  lifecycle: ''";
        planted.push({ file, code: 'schema' });
      }
    }
    writer.write(file, doc('Component', [`  name: ${name('c', i)}`, `  title: Component ${i}`], spec));
  }
  return {
    files: writer.files,
    bytes: writer.bytes,
    entities: groups + systems + apis + 1 + components,
    mistakes: planted,
  };
}
