import { approvalRequiredRule } from './approvalRequired';
import { backoutPlanRequiredRule } from './backoutPlanRequired';
import { dependencyCycleRule } from './dependencyCycle';
import { duplicateNameRule } from './duplicateName';
import { knownErrorWorkaroundRule } from './knownErrorWorkaround';
import { nameFileMismatchRule } from './nameFileMismatch';
import { releaseMismatchRule } from './releaseMismatch';
import { retiredServiceRule } from './retiredService';
import { reviewRequiredRule } from './reviewRequired';
import type { Rule } from './rule';
import { schemaRule } from './schema';
import { serviceLevelRequiredRule } from './serviceLevelRequired';
import { serviceManagerRequiredRule } from './serviceManagerRequired';
import { staleRecordRule } from './staleRecord';
import { templateExpiredRule } from './templateExpired';
import { templateRequiredRule } from './templateRequired';
import { templateScopeRule } from './templateScope';
import { testPlanRequiredRule } from './testPlanRequired';
import { unknownKindRule } from './unknownKind';
import { unknownReferenceRule } from './unknownReference';
import { windowConflictRule } from './windowConflict';
import { windowOrderRule } from './windowOrder';
import { windowRequiredRule } from './windowRequired';

/**
 * Every rule, in the order their findings are produced (the order of the table in
 * docs/rules.md). Rules without `kinds` run on every record (also of unknown kind) and
 * check the kind themselves.
 */
export const ALL_RULES: readonly Rule[] = [
  unknownKindRule,
  schemaRule,
  duplicateNameRule,
  unknownReferenceRule,
  dependencyCycleRule,
  windowOrderRule,
  templateRequiredRule,
  templateScopeRule,
  templateExpiredRule,
  backoutPlanRequiredRule,
  testPlanRequiredRule,
  windowRequiredRule,
  approvalRequiredRule,
  reviewRequiredRule,
  retiredServiceRule,
  serviceManagerRequiredRule,
  serviceLevelRequiredRule,
  releaseMismatchRule,
  knownErrorWorkaroundRule,
  staleRecordRule,
  nameFileMismatchRule,
  windowConflictRule,
];
