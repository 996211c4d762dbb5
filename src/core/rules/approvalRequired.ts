import { specOf } from '../index/references';
import { spanIn } from '../parse/span';
import { APPROVED_OR_LATER } from '../schema/vocabulary';
import { finding, type Rule } from './rule';
import { describeRecord } from './ruleSupport';

/**
 * `approval-required`: a change that is approved or later (`APPROVED_OR_LATER`)
 * without the approval its type and risk need: a normal change needs an
 * approval whose decision is `approved`, a high-risk normal change an approved
 * `cab` approval, an emergency change an approved `ecab` approval; standard
 * changes are pre-approved and never need one.
 *
 * Where: on the `spec.approvals` key when the list is there (the person adds
 * the missing approval to it); otherwise on `spec.status`'s value, the claim
 * that the change is approved which nothing backs yet.
 */
export const approvalRequiredRule: Rule = {
  codes: ['approval-required'],
  local: true,
  kinds: ['Change'],
  check(record) {
    const spec = specOf(record, 'Change');
    if (!spec || !(APPROVED_OR_LATER as readonly unknown[]).includes(spec.status)) return [];
    const need = neededApproval(spec.type, spec.risk);
    if (!need) return [];
    const approvals = Array.isArray(spec.approvals) ? spec.approvals : [];
    if (approvals.some((a) => isApproval(a, need.role))) return [];
    const hasList = Object.prototype.hasOwnProperty.call(spec, 'approvals') && spec.approvals !== undefined;
    const span = hasList ? spanIn(record, ['spec', 'approvals'], 'key') : spanIn(record, ['spec', 'status']);
    return [
      finding(
        'approval-required',
        `${describeRecord(record, 'Change', need.label)} is ${String(spec.status)} but ${need.advice}`,
        span,
      ),
    ];
  },
};

interface Need {
  /** the role the approval must have; any role when undefined */
  role?: string;
  label: string;
  advice: string;
}

function neededApproval(type: unknown, risk: unknown): Need | undefined {
  if (type === 'emergency') {
    return {
      role: 'ecab',
      label: 'emergency',
      advice:
        "has no approved ecab approval: record the emergency CAB's decision under approvals (role: ecab, decision: approved)",
    };
  }
  if (type !== 'normal') return undefined;
  if (risk === 'high') {
    return {
      role: 'cab',
      label: 'high-risk normal',
      advice:
        'has no approved cab approval: a high-risk change needs the change advisory board; record its decision under approvals (role: cab, decision: approved)',
    };
  }
  return { label: 'normal', advice: 'has no approval with decision approved: record who approved it under approvals' };
}

function isApproval(entry: unknown, role: string | undefined): boolean {
  if (!entry || typeof entry !== 'object' || Array.isArray(entry)) return false;
  const a = entry as Record<string, unknown>;
  return a.decision === 'approved' && (role === undefined || a.role === role);
}
