/**
 * The words of the record formats (docs/records.md) that code outside the validator
 * needs: kinds, name patterns and the allowed values of enumerated fields. Plain
 * data, without zod, so that what only offers or checks these words (the VS Code
 * extension's commands) does not load the schemas; core/schema/records.ts builds the
 * schemas from them.
 */

export const API_VERSION = 'svcm/v1';

export const KINDS = ['Team', 'Service', 'StandardChange', 'Change', 'Release', 'Knowledge'] as const;
export type Kind = (typeof KINDS)[number];

export function isKind(value: unknown): value is Kind {
  return typeof value === 'string' && (KINDS as readonly string[]).includes(value);
}

/** Name patterns per kind, as regular expressions (also used by completion and links). */
export const NAME_PATTERNS: Record<Kind, RegExp> = {
  Team: /^[a-z][a-z0-9-]{0,62}$/,
  Service: /^[a-z][a-z0-9-]{0,62}$/,
  StandardChange: /^[a-z][a-z0-9-]{0,62}$/,
  Change: /^CHG-\d{4}-\d{4,}$/,
  Release: /^REL-[A-Za-z0-9._-]+$/,
  Knowledge: /^KB-\d{4,}$/,
};

export const PHASES = ['discovery', 'alpha', 'beta', 'live', 'retired'] as const;
export const LINK_TYPES = ['runbook', 'dashboard', 'repository', 'documentation', 'status-page', 'other'] as const;

export const RISKS = ['low', 'medium', 'high'] as const;

export const CHANGE_TYPES = ['standard', 'normal', 'emergency'] as const;
export const CHANGE_STATUSES = [
  'draft',
  'submitted',
  'approved',
  'scheduled',
  'implemented',
  'closed',
  'rejected',
  'failed',
] as const;
export type ChangeStatus = (typeof CHANGE_STATUSES)[number];
/** Statuses that count as "approved or later" (docs/rules.md). */
export const APPROVED_OR_LATER: readonly ChangeStatus[] = ['approved', 'scheduled', 'implemented', 'closed', 'failed'];
/** A change is open unless it is closed, rejected or failed (docs/cli.md). */
export const CLOSED_STATUSES: readonly ChangeStatus[] = ['closed', 'rejected', 'failed'];

export const RELEASE_STATUSES = ['planned', 'in-progress', 'deployed', 'rolled-back', 'cancelled'] as const;

export const KNOWLEDGE_TYPES = ['runbook', 'known-error', 'how-to', 'post-incident-review', 'faq'] as const;
