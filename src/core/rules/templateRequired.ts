import { specOf } from '../index/references';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import { strings, type Rule } from './rule';
import { describeRecord, requireSpecField } from './ruleSupport';

/**
 * `template-required`: a standard change with no `template`. Reported on the
 * `spec` key with an `addField` fix whose placeholder is the one template that
 * covers all the change's services, when there is exactly one.
 */
export const templateRequiredRule: Rule = {
  codes: ['template-required'],
  kinds: ['Change'],
  check(record, { index }) {
    const spec = specOf(record);
    if (!spec || spec.type !== 'standard') return [];
    const candidate = coveringTemplate(index, strings(spec.services));
    const hint = candidate ? ` (${candidate} covers its services)` : '';
    const f = requireSpecField(
      record,
      'template-required',
      'template',
      `${describeRecord(record, 'Change', 'standard')} has no template: name the pre-approved standard change it follows${hint}, or make it a normal change`,
      // A malformed template name is a schema error, so only an absent key counts here.
      { placeholder: candidate ?? '""', blankIsMissing: false },
    );
    return f ? [f] : [];
  },
};

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
