import type { Rule } from './rule';
import { schemaRule } from './schema';
import { unknownKindRule } from './unknownKind';
import { unknownReferenceRule } from './unknownReference';

/**
 * Every rule, in the order their findings are produced. Rules without `kinds`
 * run on every record (also of unknown kind) and check the kind themselves.
 */
export const ALL_RULES: readonly Rule[] = [unknownKindRule, schemaRule, unknownReferenceRule];
