import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import type { Finding, Severity } from './finding';
import { spanOf } from './parse/parseFile';
import { closest } from './suggest';
import { isRuleCode, RULE_CODES, RULE_TABLE, type RuleCode } from './rules/codes';

export { CONFIG_FILE } from './configFile';

export type SeverityOverride = Severity | 'off';

/** A place named under `backstage.entities`, with where it is written (for diagnostics on the config file). */
export interface EntitySource {
  /** As written: a folder, a YAML file, or a JSON file (relative to the workspace root, or absolute). */
  path: string;
  span: { start: number; end: number };
}

/** The settings of `svcm.config.yaml` that the editor and the CLI share. */
export interface SvcmConfig {
  rules: Partial<Record<RuleCode, SeverityOverride>>;
  /** Places whose Backstage entities are known but not validated (docs/backstage.md). */
  backstageEntities?: EntitySource[];
}

export const DEFAULT_CONFIG: SvcmConfig = { rules: {} };

const LEVELS: readonly SeverityOverride[] = ['error', 'warning', 'info', 'off'];

/**
 * Reads `svcm.config.yaml`. Never throws: problems become `schema` (or
 * `yaml-syntax`) findings in the config file, and the valid entries still apply.
 */
export function parseConfig(text: string): { config: SvcmConfig; findings: Finding[] } {
  const config: SvcmConfig = { rules: {} };
  const findings: Finding[] = [];
  const doc = parseDocument(text, { schema: 'core', prettyErrors: false, uniqueKeys: true });
  for (const error of doc.errors.slice(0, 10)) {
    findings.push({
      code: 'yaml-syntax',
      severity: 'error',
      message: error.message.split('\n')[0],
      span: { start: error.pos[0], end: error.pos[1] },
    });
  }
  if (findings.length > 0) return { config, findings };
  const schema = (message: string, node: Node | null | undefined): Finding => ({
    code: 'schema',
    severity: RULE_TABLE.schema.severity,
    message,
    span: node ? spanOf(node) : { start: 0, end: 0 },
  });
  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) return { config, findings };
  if (!isMap(root)) return { config, findings: [schema('svcm.config.yaml must be a map with a `rules` key', root)] };
  for (const pair of root.items) {
    const k = pair.key as Node;
    if (isScalar(k) && k.value === 'backstage') {
      readBackstage(pair.value as Node | null, config, findings, schema);
      continue;
    }
    if (!isScalar(k) || k.value !== 'rules') {
      findings.push(
        schema(
          `unknown setting '${isScalar(k) ? String(k.value) : '?'}': svcm.config.yaml knows only 'rules' and 'backstage'`,
          k,
        ),
      );
      continue;
    }
    const rules = pair.value as Node | null;
    if (rules === null || (isScalar(rules) && rules.value === null)) continue;
    if (!isMap(rules)) {
      findings.push(schema('`rules` must map rule codes to error, warning, info or off', rules));
      continue;
    }
    for (const rule of rules.items) {
      const code = isScalar(rule.key) ? String(rule.key.value) : '';
      const level = isScalar(rule.value) ? rule.value.value : undefined;
      if (!isRuleCode(code)) {
        const hint = closest(code, RULE_CODES);
        findings.push(schema(`unknown rule '${code}'${hint ? `: did you mean '${hint}'?` : ''}`, rule.key as Node));
      } else if (typeof level !== 'string' || !LEVELS.includes(level as SeverityOverride)) {
        findings.push(
          schema(
            `'${String(level)}' is not a severity: use error, warning, info or off`,
            (rule.value as Node) ?? (rule.key as Node),
          ),
        );
      } else {
        config.rules[code] = level as SeverityOverride;
      }
    }
  }
  return { config, findings };
}

/** `backstage: { entities: [...] }`: the places whose entities are known but not validated. */
function readBackstage(
  node: Node | null,
  config: SvcmConfig,
  findings: Finding[],
  schema: (message: string, node: Node | null | undefined) => Finding,
): void {
  if (node === null || (isScalar(node) && node.value === null)) return;
  if (!isMap(node)) {
    findings.push(schema('`backstage` must be a map with an `entities` list', node));
    return;
  }
  for (const pair of node.items) {
    const k = pair.key as Node;
    if (!isScalar(k) || k.value !== 'entities') {
      findings.push(
        schema(`unknown setting 'backstage.${isScalar(k) ? String(k.value) : '?'}': only 'entities' is known`, k),
      );
      continue;
    }
    const list = pair.value as Node | null;
    if (list === null || (isScalar(list) && list.value === null)) continue;
    const items = isSeq(list) ? (list.items as Node[]) : isScalar(list) ? [list] : undefined;
    if (!items) {
      findings.push(schema('`backstage.entities` must be a list of folders, YAML files or JSON files', list));
      continue;
    }
    config.backstageEntities ??= [];
    for (const item of items) {
      if (isScalar(item) && typeof item.value === 'string' && item.value.trim() !== '')
        config.backstageEntities.push({ path: item.value, span: spanOf(item) });
      else
        findings.push(
          schema('each entry of `backstage.entities` must be a path: a folder, a YAML file or a JSON file', item),
        );
    }
  }
}

/** Applies the configured severities: the one place where overrides take effect. */
export function applySeverities(findings: Finding[], config: SvcmConfig): Finding[] {
  const out: Finding[] = [];
  for (const f of findings) {
    const level = config.rules[f.code];
    if (level === 'off') continue;
    out.push(level ? { ...f, severity: level } : f);
  }
  return out;
}
