// What the fixture workspace (test/integration/workspace) holds on purpose:
// the mistakes its files make, and where.
import * as vscode from 'vscode';

export interface Mistake {
  file: string;
  code: string;
  severity: vscode.DiagnosticSeverity;
  message: string;
  /** the text the diagnostic underlines */
  covers: string;
}

export const UNKNOWN_REFERENCE: Mistake = {
  file: 'service-management/changes/CHG-2026-0911.yaml',
  code: 'unknown-reference',
  severity: vscode.DiagnosticSeverity.Error,
  message: "unknown service 'paymnts-api': did you mean 'payments-api'?",
  covers: 'paymnts-api',
};

export const MISSING_BACKOUT_PLAN: Mistake = {
  file: 'service-management/changes/CHG-2026-0912.yaml',
  code: 'backout-plan-required',
  severity: vscode.DiagnosticSeverity.Error,
  message: 'normal change CHG-2026-0912 has no backoutPlan: say how to undo it if it goes wrong',
  covers: 'spec',
};

export const SCHEMA_TYPO: Mistake = {
  file: 'service-management/knowledge/KB-0912-ledger-close.md',
  code: 'schema',
  severity: vscode.DiagnosticSeverity.Error,
  message: "unknown field 'ownr' in spec: did you mean 'owner'?",
  covers: 'ownr',
};

/** Every diagnostic of the fixture as checked in: nothing else in it is wrong. */
export const MISTAKES: readonly Mistake[] = [UNKNOWN_REFERENCE, MISSING_BACKOUT_PLAN, SCHEMA_TYPO];

/** YAML that is not svcm's (a GitHub workflow): it must get no diagnostics. */
export const FOREIGN_YAML = '.github/workflows/ci.yml';
