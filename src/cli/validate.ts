import { applySeverities } from '../core/config';
import type { RecordDoc } from '../core/parse/parseFile';
import { todayUtc } from '../core/today';
import { validateFileUpdatingIndex } from '../core/validate';
import { nodeFileExists } from '../node/fileExists';
import { loadWorkspace, loadWorkspaceInParallel, loadWorkspaceParsingInParallel } from '../node/loadWorkspace';
import { VALIDATE_YOUNG_MB } from '../node/youngGeneration';
import { loadWithCache } from '../node/validateCache';
import {
  formatGithub,
  formatJson,
  formatSarif,
  formatSummary,
  formatText,
  summarize,
  toDiagnostics,
  type Diagnostic,
  type Format,
} from './format';

/** What a command prints and how it exits; `cli.ts` writes it out. */
export interface CommandResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface ValidateOptions {
  cwd: string;
  paths: readonly string[];
  format: Format;
  /** svcm's version, for SARIF. */
  version: string;
  /** `YYYY-MM-DD`, for `reviewBy` rules; today in UTC when absent. */
  today?: string;
  /** The reading thread's script (dist/reader.js), for large workspaces; everything on one thread when absent. */
  readerScript?: string;
  /** The parsing thread's script (dist/parser.js), used instead of the reading thread's when `useParserThread` says so (node/parserThread.ts). */
  parserScript?: string;
  /** `--cache`: keep what this run found for the next (node/validateCache.ts), in `location` or node_modules/.cache/svcm. */
  cache?: { location?: string };
}

/**
 * `svcm validate`: loads the workspace (root = `cwd`), validates the files under
 * the PATHs and formats their findings, plus those of `svcm.config.yaml`.
 * Exit status 1 when there is an error, else 0.
 *
 * @throws UsageError when a PATH cannot be read
 */
export async function runValidate(options: ValidateOptions): Promise<CommandResult> {
  const load = { cwd: options.cwd, paths: options.paths };
  const today = options.today ?? todayUtc();
  const cached = options.cache
    ? loadWithCache({ ...load, version: options.version, today, location: options.cache.location })
    : undefined;
  const ws =
    cached?.ws ??
    (options.parserScript && options.readerScript
      ? await loadWorkspaceParsingInParallel(
          load,
          { reader: options.readerScript, parser: options.parserScript },
          today,
          {
            maxYoungGenerationSizeMb: VALIDATE_YOUNG_MB,
          },
        )
      : options.readerScript
        ? await loadWorkspaceInParallel(load, options.readerScript)
        : loadWorkspace(load));
  const local = ws.localFindings;
  const localFindings = local && ((record: RecordDoc) => local.get(record));
  const textOf = (file: string) => ws.index.file(file)?.text;
  const diagnostics: Diagnostic[] = [];
  if (ws.configFile && ws.configFile.findings.length > 0) {
    diagnostics.push(
      ...toDiagnostics(
        ws.configFile.path,
        ws.configFile.text,
        applySeverities(ws.configFile.findings, ws.config),
        textOf,
      ),
    );
  }
  const fileExists = nodeFileExists(options.cwd);
  let files = 0;
  const byFile = new Map<string, Diagnostic[]>();
  let records = 0;
  for (const path of ws.reported) {
    // A cached run's index holds only the files it checks (and what their rules read).
    if (cached && !cached.affected.has(path)) {
      diagnostics.push(...cached.kept(path));
      continue;
    }
    const parsed = ws.index.file(path)!;
    if (!cached && parsed.records.length > 0) {
      files++;
      records += parsed.records.length;
    }
    // Each file once: nothing kept for an edit that will not come (RuleContext.once).
    const findings = validateFileUpdatingIndex(ws.index, path, {
      config: ws.config,
      today,
      fileExists,
      localFindings,
      once: true,
    });
    const found = findings.length > 0 ? toDiagnostics(path, parsed.text, findings, textOf) : [];
    diagnostics.push(...found);
    if (cached) byFile.set(path, found);
  }
  if (cached) {
    ({ files, records } = cached.counts);
    const warning = cached.save(byFile);
    if (warning !== undefined) ws.warnings.push(warning);
  }
  diagnostics.sort((a, b) =>
    a.file < b.file
      ? -1
      : a.file > b.file
        ? 1
        : a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
  );
  const report = { summary: summarize(files, records, diagnostics), diagnostics };
  const warnings = [
    ...ws.notes.map((n) => `svcm: note: ${n}\n`),
    ...ws.warnings.map((w) => `svcm: warning: ${w}\n`),
  ].join('');
  const exitCode = report.summary.errors > 0 ? 1 : 0;
  switch (options.format) {
    case 'json':
      return { stdout: formatJson(report), stderr: warnings, exitCode };
    case 'sarif':
      return { stdout: formatSarif(report, options.version), stderr: warnings, exitCode };
    case 'github':
      return { stdout: formatGithub(report), stderr: warnings + formatSummary(report.summary), exitCode };
    default:
      return { stdout: formatText(report), stderr: warnings + formatSummary(report.summary), exitCode };
  }
}
