import type { RecordDoc } from '../parse/parseFile';
import { metadataOf, specOf } from '../index/references';
import { escapeMarkdown } from './markdown';

function text(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

/**
 * A short Markdown card for a record: title, kind and name, then what a person
 * wants first (owner, phase, tier for a service; status, type, risk for a change; ...).
 */
export function recordSummary(record: RecordDoc): string {
  const meta = metadataOf(record) ?? {};
  const spec = specOf(record) ?? {};
  const title = text(meta.title);
  const head = `**${escapeMarkdown(title ?? record.name ?? '?')}** · ${record.kind ?? 'record'} \`${record.name ?? '?'}\``;
  const facts: string[] = [];
  const add = (label: string, value: unknown) => {
    const v = text(value);
    if (v !== undefined) facts.push(`${label}: ${escapeMarkdown(v)}`);
  };
  switch (record.kind) {
    case 'Service':
      add('owner', spec.owner);
      add('phase', spec.phase);
      add('tier', spec.tier);
      add('type', spec.type);
      add('service manager', spec.serviceManager);
      break;
    case 'Change':
      add('status', spec.status);
      add('type', spec.type);
      add('risk', spec.risk);
      add('impact', spec.impact);
      if (Array.isArray(spec.services)) add('services', spec.services.filter((s) => typeof s === 'string').join(', '));
      break;
    case 'Release':
      add('status', spec.status);
      add('version', spec.version);
      break;
    case 'Knowledge':
      add('type', spec.type);
      add('owner', spec.owner);
      break;
    case 'StandardChange':
      add('max risk', spec.maxRisk);
      add('approved by', spec.approvedBy);
      add('review by', spec.reviewBy);
      break;
    case 'Team':
      add('email', spec.email);
      add('on call', spec.onCall);
      break;
    // Backstage entities (docs/backstage.md): kind, title, owner, lifecycle, system.
    case 'Component':
    case 'API':
    case 'Resource':
    case 'System':
    case 'Domain':
      add('owner', spec.owner);
      add('lifecycle', spec.lifecycle);
      add('system', spec.system);
      add('type', spec.type);
      add('domain', spec.domain);
      break;
    case 'Group':
      add('type', spec.type);
      add('parent', spec.parent);
      break;
  }
  const summary = text(spec.summary) ?? text(meta.description);
  return [head, facts.join(' · '), summary ? escapeMarkdown(summary) : undefined].filter(Boolean).join('\n\n');
}
