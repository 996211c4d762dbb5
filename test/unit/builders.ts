import { parse } from 'yaml';

/**
 * Builders of valid records as YAML text, with overrides, for rule tests.
 *
 * The layout is fixed so that tests can assert one-based positions:
 *
 *     1 apiVersion: svcm/v1
 *     2 kind: Change
 *     3 metadata:
 *     4   name: CHG-2026-0001
 *     5 spec:
 *     6   type: normal          <- the first spec field; each field is one line
 *     7   services: [pay, ledger]
 *
 * Spec fields keep the defaults' order; an override replaces a field in place,
 * a new field goes last, and `undefined` removes one. Lists and maps are
 * written in flow style (`[a, b]`, `{start: …, end: …}`) so that every field
 * stays on its line. Knowledge records are Markdown: the front matter starts
 * with `---` on line 1, so their lines are one further down (spec on line 6).
 */

export type Spec = Record<string, unknown>;

/** YAML text inserted as written (for values no JS value renders, like a bad tag or an empty value). */
export class Raw {
  constructor(readonly text: string) {}
}

export const raw = (text: string) => new Raw(text);

export function record(kind: string, name: string, spec: Spec | undefined): string {
  const rows = ['apiVersion: svcm/v1', `kind: ${kind}`, 'metadata:', `  name: ${scalar(name)}`];
  if (spec) {
    rows.push('spec:');
    for (const [key, value] of Object.entries(spec))
      if (value !== undefined)
        rows.push(`  ${key}:${value instanceof Raw && value.text === '' ? '' : ` ${render(value)}`}`);
  }
  return rows.join('\n') + '\n';
}

function merge(defaults: Spec, overrides: Spec): Spec {
  const out: Spec = { ...defaults };
  for (const [key, value] of Object.entries(overrides)) out[key] = value;
  return out;
}

export const team = (name = 'team-a', overrides: Spec = {}) =>
  record('Team', name, merge({ email: `${name}@example.com` }, overrides));

/** A beta tier 3 service owned by team-a: none of the live-service rules apply. */
export const service = (name: string, overrides: Spec = {}) =>
  record('Service', name, merge({ owner: 'team-a', phase: 'beta', tier: 3 }, overrides));

/** A live tier 1 service with everything a live service needs. */
export const liveService = (name: string, overrides: Spec = {}) =>
  service(
    name,
    merge(
      {
        phase: 'live',
        tier: 1,
        serviceManager: 'Ann Example',
        serviceLevel: { availability: 99.9, supportHours: '24x7' },
      },
      overrides,
    ),
  );

/** A template for `pay`, up to medium risk, reviewed until after TODAY. */
export const template = (name: string, overrides: Spec = {}) =>
  record(
    'StandardChange',
    name,
    merge(
      {
        services: ['pay'],
        maxRisk: 'medium',
        approvedBy: 'CAB',
        approvedOn: '2026-01-10',
        reviewBy: '2027-01-10',
        steps: ['Rotate the certificate'],
        backoutPlan: 'Restore the old certificate',
      },
      overrides,
    ),
  );

const CHANGE_BASICS: Spec = {
  services: ['pay'],
  summary: 'Rotate the ledger keys',
  risk: 'low',
  impact: 'low',
  status: 'draft',
};

/**
 * A draft normal change on `pay` with every plan it needs. Lines: 6 type,
 * 7 services, 8 summary, 9 risk, 10 impact, 11 status, 12 implementationPlan,
 * 13 backoutPlan, 14 testPlan, then the new fields.
 */
export const change = (name: string, overrides: Spec = {}) =>
  record(
    'Change',
    name,
    merge(
      {
        type: 'normal',
        ...CHANGE_BASICS,
        implementationPlan: 'Deploy the new keys',
        backoutPlan: 'Restore the old keys',
        testPlan: 'Run the smoke tests',
      },
      overrides,
    ),
  );

/**
 * A draft standard change on `pay` following `rotate-tls` (no plans: the
 * template holds them). Lines: 6 type, 7 template, 8 services, 9 summary,
 * 10 risk, 11 impact, 12 status, then the new fields.
 */
export const standardChange = (name: string, overrides: Spec = {}) =>
  record('Change', name, merge({ type: 'standard', template: 'rotate-tls', ...CHANGE_BASICS }, overrides));

/** A window on 2026-12-01 from `from` to `to` o'clock UTC. */
export const window = (from: number, to: number) => ({
  start: `2026-12-01T${hour(from)}:00:00Z`,
  end: `2026-12-01T${hour(to)}:00:00Z`,
});

/** An approval of `role`, approved unless said otherwise. */
export const approval = (role: string, decision = 'approved') => ({
  by: 'Bob Example',
  role,
  decision,
  at: '2026-11-20T10:00:00Z',
});

export const release = (name: string, overrides: Spec = {}) =>
  record(
    'Release',
    name,
    merge({ version: '2026.11.2', services: ['pay'], changes: [], status: 'planned' }, overrides),
  );

/** A how-to Markdown knowledge record on `pay`, with a body. */
export const knowledge = (name: string, overrides: Spec = {}) =>
  `---\n${record('Knowledge', name, merge({ type: 'how-to', services: ['pay'] }, overrides))}---\n\n# How to restart the ledger\n`;

/** team-a and the beta service `pay`: what most records refer to. */
export const BASE: Record<string, string> = {
  'teams.yaml': team('team-a'),
  'services/pay.yaml': service('pay'),
};

function hour(h: number): string {
  return String(h).padStart(2, '0');
}

function render(value: unknown): string {
  if (value instanceof Raw) return value.text;
  if (Array.isArray(value)) return `[${value.map(render).join(', ')}]`;
  if (value && typeof value === 'object')
    return `{${Object.entries(value)
      .map(([k, v]) => `${scalar(k)}: ${render(v)}`)
      .join(', ')}}`;
  if (typeof value === 'string') return scalar(value);
  return String(value);
}

/** A string as a plain scalar when it reads back as the same string in a flow collection, else double-quoted. */
function scalar(text: string): string {
  const plain = text !== '' && !/[,[\]{}#&*!|>'"%@`]|: |^[-?:\s]|\s$/.test(text);
  if (plain) {
    try {
      if (parse(`[${text}]`, { schema: 'core' })?.[0] === text) return text;
    } catch {
      // not plain-safe: quote it
    }
  }
  return JSON.stringify(text);
}
