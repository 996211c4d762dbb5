import type { Finding } from '../finding';
import { specOf, type SpecFields } from '../index/references';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import type { RecordDoc } from '../parse/parseFile';
import { spanIn } from '../parse/span';
import type { SpecOf } from '../schema/records';
import type { Kind } from '../schema/vocabulary';
import type { RuleCode } from './codes';
import { finding, strings, type Rule, type RuleContext } from './rule';
import { describeRecord } from './ruleSupport';

/**
 * A field of `spec` that is required only in some cases, with its own code
 * (docs/rules.md: reported with that code, never also as `schema`).
 */
interface Requirement<K extends Kind> {
  code: RuleCode;
  kind: K;
  field: keyof SpecOf[K] & string;
  /**
   * When the record needs the field: the message (what is missing and what to
   * do) and the placeholder of the `addField` fix; else undefined.
   */
  when(
    spec: Partial<SpecFields<K>>,
    record: RecordDoc,
    ctx: RuleContext,
  ): { message: string; placeholder: string } | undefined;
  /** Whether a string of only whitespace counts as missing (reported on the value, without a fix). */
  blankIsMissing: boolean;
}

const requirement = <K extends Kind>(r: Requirement<K>) => r as unknown as Requirement<Kind>;

const NEEDS_WINDOW: readonly unknown[] = ['scheduled', 'implemented', 'closed'];

/** Every conditionally required field, in the order of docs/rules.md. */
export const REQUIREMENTS: readonly Requirement<Kind>[] = [
  requirement({
    code: 'template-required',
    kind: 'Change',
    field: 'template',
    // A malformed template name is a schema error, so only an absent key counts here.
    blankIsMissing: false,
    when(spec, record, { index }) {
      if (spec.type !== 'standard') return undefined;
      const candidate = coveringTemplate(index, strings(spec.services));
      const hint = candidate ? ` (${candidate} covers its services)` : '';
      return {
        message: `${describeRecord(record, 'Change', 'standard')} has no template: name the pre-approved standard change it follows${hint}, or make it a normal change`,
        placeholder: candidate ?? '""',
      };
    },
  }),
  requirement({
    code: 'backout-plan-required',
    kind: 'Change',
    field: 'backoutPlan',
    blankIsMissing: true,
    when: (spec, record) =>
      spec.type === 'normal' || spec.type === 'emergency'
        ? {
            message: `${describeRecord(record, 'Change', spec.type)} has no backoutPlan: say how to undo it if it goes wrong`,
            placeholder: '""',
          }
        : undefined,
  }),
  requirement({
    code: 'test-plan-required',
    kind: 'Change',
    field: 'testPlan',
    blankIsMissing: true,
    when: (spec, record) =>
      spec.type === 'normal'
        ? {
            message: `${describeRecord(record, 'Change', 'normal')} has no testPlan: say how you will know it worked`,
            placeholder: '""',
          }
        : undefined,
  }),
  requirement({
    code: 'window-required',
    kind: 'Change',
    field: 'window',
    // A `window:` that is there but empty or malformed is a `schema` error.
    blankIsMissing: false,
    when: (spec, record) =>
      NEEDS_WINDOW.includes(spec.status)
        ? {
            message: `${describeRecord(record, 'Change')} is ${String(spec.status)} but has no window: say when it ${spec.status === 'scheduled' ? 'will happen' : 'happened'} (window.start and window.end)`,
            placeholder: '{ start: "", end: "" }',
          }
        : undefined,
  }),
  requirement({
    code: 'review-required',
    kind: 'Change',
    field: 'review',
    blankIsMissing: false,
    when: (spec, record, { today }) =>
      spec.type === 'emergency' && (spec.status === 'implemented' || spec.status === 'closed')
        ? {
            message: `${describeRecord(record, 'Change', 'emergency')} is ${String(spec.status)} but has no review: record the post-implementation review (outcome, notes, date)`,
            placeholder: `{ outcome: "", notes: "", at: "${today}" }`,
          }
        : undefined,
  }),
  requirement({
    code: 'service-manager-required',
    kind: 'Service',
    field: 'serviceManager',
    blankIsMissing: true,
    when: (spec, record) =>
      spec.phase === 'live'
        ? {
            message: `${describeRecord(record, 'Service', 'live')} has no serviceManager: name the person accountable for it, who decides on its changes`,
            placeholder: '""',
          }
        : undefined,
  }),
  requirement({
    code: 'service-level-required',
    kind: 'Service',
    field: 'serviceLevel',
    blankIsMissing: false,
    when: (spec, record) =>
      spec.phase === 'live' && (spec.tier === 1 || spec.tier === 2)
        ? {
            message: `${describeRecord(record, 'Service', `live tier ${String(spec.tier)}`)} has no serviceLevel: state the availability and support hours its users can expect`,
            placeholder: '{ availability: 99.9, supportHours: "" }',
          }
        : undefined,
  }),
  requirement({
    code: 'known-error-workaround',
    kind: 'Knowledge',
    field: 'workaround',
    blankIsMissing: true,
    when: (spec, record) =>
      spec.type === 'known-error'
        ? {
            message: `${record.name !== undefined ? `known error ${record.name}` : 'this known error'} has no workaround: say what users and support can do until it is fixed`,
            placeholder: '""',
          }
        : undefined,
  }),
];

/**
 * The conditionally required fields of REQUIREMENTS, one table-driven rule: an
 * absent field is reported on the `spec` key with an `addField` fix; with
 * `blankIsMissing`, a blank string on its value.
 */
export const requiredFieldsRule: Rule = {
  codes: REQUIREMENTS.map((r) => r.code),
  kinds: [...new Set(REQUIREMENTS.map((r) => r.kind))],
  check(record, ctx) {
    const out: Finding[] = [];
    for (const r of REQUIREMENTS) {
      if (record.kind !== r.kind) continue;
      const spec = specOf(record, r.kind);
      // A field that is there needs no message: most records have theirs, and the message is built only for the others.
      if (!spec || isPresent(spec, r.field, r.blankIsMissing)) continue;
      const needed = r.when(spec, record, ctx);
      if (needed) out.push(missingFieldFinding(record, spec, r.code, r.field, needed.message, needed.placeholder));
    }
    return out;
  },
};

/** Whether `spec` has `field` (with `blankIsMissing`, not only whitespace): then the requirement holds. */
function isPresent(spec: Record<string, unknown>, field: string, blankIsMissing: boolean): boolean {
  const value = Object.prototype.hasOwnProperty.call(spec, field) ? spec[field] : undefined;
  return value !== undefined && !(blankIsMissing && typeof value === 'string' && value.trim() === '');
}

/**
 * The finding for a conditionally required field that `isPresent` says is not
 * in `spec` (docs/rules.md: reported with its dedicated code, never as
 * `schema`). An absent field is reported on the `spec` key with an `addField`
 * fix; a string of only whitespace (with `blankIsMissing`) on its value, with
 * no fix: the key is already there. Values of other types are the schema
 * rule's to report, and `isPresent` takes them as there.
 */
function missingFieldFinding(
  record: RecordDoc,
  spec: Record<string, unknown>,
  code: RuleCode,
  field: string,
  message: string,
  placeholder: string,
): Finding {
  if (!Object.prototype.hasOwnProperty.call(spec, field) || spec[field] === undefined) {
    return finding(code, message, spanIn(record, ['spec', field], 'missing'), {
      data: { fix: 'addField', field, parentPath: ['spec'], placeholder },
    });
  }
  return finding(code, message, spanIn(record, ['spec', field], 'value'));
}

/** The single StandardChange whose services cover all of `services`, found through the index's references. */
function coveringTemplate(index: WorkspaceIndex, services: string[]): string | undefined {
  if (services.length === 0) return undefined;
  let common: Set<string> | undefined;
  for (const service of new Set(services)) {
    const names = new Set<string>();
    for (const ref of index.references('Service', service)) {
      if (ref.from.kind === 'StandardChange' && ref.field === 'spec.services' && ref.from.name !== undefined)
        names.add(ref.from.name);
    }
    common = common ? new Set([...common].filter((n) => names.has(n))) : names;
    if (common.size === 0) return undefined;
  }
  return common && common.size === 1 ? [...common][0] : undefined;
}
