import { approvalRequiredRule } from './approvalRequired';
import { dependencyCycleRule } from './dependencyCycle';
import { duplicateNameRule } from './duplicateName';
import { nameFileMismatchRule } from './nameFileMismatch';
import { releaseMismatchRule } from './releaseMismatch';
import { requiredFieldsRule } from './requiredFields';
import { retiredServiceRule } from './retiredService';
import type { Rule } from './rule';
import { schemaRule } from './schema';
import { staleRecordRule } from './staleRecord';
import { templateExpiredRule } from './templateExpired';
import { templateScopeRule } from './templateScope';
import { unknownKindRule } from './unknownKind';
import { unknownReferenceRule } from './unknownReference';
import { windowConflictRule } from './windowConflict';
import { windowOrderRule } from './windowOrder';

/**
 * Every rule, in the order their findings are produced (the order of the table in
 * docs/rules.md). Rules without `kinds` run on every record (also of unknown kind) and
 * check the kind themselves. The conditionally required fields are one
 * table-driven rule (requiredFields.ts).
 */
export const ALL_RULES: readonly Rule[] = [
  unknownKindRule,
  schemaRule,
  duplicateNameRule,
  unknownReferenceRule,
  dependencyCycleRule,
  windowOrderRule,
  requiredFieldsRule,
  templateScopeRule,
  templateExpiredRule,
  approvalRequiredRule,
  retiredServiceRule,
  releaseMismatchRule,
  staleRecordRule,
  nameFileMismatchRule,
  windowConflictRule,
];
