// `svcm export backstage` (docs/backstage.md): svcm Teams and Services as Backstage
// Groups and Components, with a root Location. Pure: an index and the records to leave out in, entities out.
import type { WorkspaceIndex } from '../index/workspaceIndex';
import type { RecordDoc } from '../parse/parseFile';
import { parseEntityRef } from './ref';

export const EXPORT_API_VERSION = 'backstage.io/v1alpha1';
/** The root Location's name. */
export const EXPORT_LOCATION_NAME = 'svcm-export';

/** A Backstage entity as written: plain JSON, ready for YAML. */
export interface ExportedEntity {
  apiVersion: string;
  kind: 'Group' | 'Component' | 'Location';
  metadata: {
    name: string;
    title?: string;
    description?: string;
    annotations?: Record<string, string>;
    links?: { url: string; title?: string; type?: string }[];
  };
  spec: Record<string, unknown>;
}

/** One file of the export: its path (relative to the export folder, with `/`) and its entity. */
export interface ExportedFile {
  path: string;
  entity: ExportedEntity;
}

export interface BackstageExport {
  /** The root Location first, then the Groups, then the Components, each by name. */
  files: ExportedFile[];
  /** What was left out or dropped, one line each, for standard error. */
  notes: string[];
}

/** Backstage's `metadata.name`: 1 to 63 of `[-_.a-zA-Z0-9]`, starting and ending with a letter or digit. */
const BACKSTAGE_NAME = /^(?=.{1,63}$)[a-zA-Z0-9](?:[-_.a-zA-Z0-9]*[a-zA-Z0-9])?$/;

/** svcm's `phase` as Backstage's `lifecycle`. */
export const LIFECYCLE: Record<string, string> = {
  discovery: 'experimental',
  alpha: 'experimental',
  beta: 'experimental',
  live: 'production',
  retired: 'deprecated',
};

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Maps the Teams and Services of `index` to Backstage entities. Records in
 * `leaveOut` (those with findings of severity error) are not written, and
 * whatever refers to them loses that reference; a Service whose owner is not
 * written is left out too (a Component must have an owner).
 */
export function exportBackstage(index: WorkspaceIndex, leaveOut: ReadonlySet<RecordDoc>): BackstageExport {
  const notes: string[] = [];
  const pick = (kind: 'Team' | 'Service') => {
    const byName = new Map<string, RecordDoc>();
    for (const record of index.records(kind)) {
      if (record.name === undefined || !isObj(record.value)) continue;
      if (leaveOut.has(record)) {
        notes.push(`${record.file}: ${kind} '${record.name}' has errors: left out`);
        continue;
      }
      if (!BACKSTAGE_NAME.test(record.name)) {
        notes.push(`${record.file}: ${kind} '${record.name}' is not a valid Backstage name: left out`);
        continue;
      }
      if (byName.has(record.name)) continue; // a duplicate is an error, so this is not reached on a clean workspace
      byName.set(record.name, record);
    }
    return new Map([...byName].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  };
  const teams = pick('Team');
  const services = pick('Service');

  const files: ExportedFile[] = [];
  for (const [name, record] of teams) files.push({ path: `groups/${name}.yaml`, entity: group(name, record) });
  const components: ExportedFile[] = [];
  for (const [name, record] of services) {
    const spec = specObj(record);
    const owner = svcmName(spec.owner, 'group');
    if (owner === undefined || !teams.has(owner)) {
      notes.push(
        `${record.file}: Service '${name}' is owned by '${String(spec.owner)}', which is not exported: left out (a Component needs an owner)`,
      );
      continue;
    }
    const dependsOn: string[] = [];
    for (const dep of Array.isArray(spec.dependsOn) ? spec.dependsOn : []) {
      const target = svcmName(dep, 'component');
      if (target !== undefined && services.has(target) && target !== name) {
        const ref = `component:default/${target}`;
        if (!dependsOn.includes(ref)) dependsOn.push(ref);
      } else notes.push(`${record.file}: Service '${name}': dependsOn '${String(dep)}' is not exported: dropped`);
    }
    components.push({ path: `components/${name}.yaml`, entity: component(name, record, owner, dependsOn) });
  }
  // A Service left out for its owner may be depended on: drop those references too.
  const written = new Set(components.map((c) => `component:default/${c.entity.metadata.name}`));
  for (const c of components) {
    const deps = c.entity.spec.dependsOn as string[] | undefined;
    if (!deps) continue;
    const kept = deps.filter((d) => written.has(d));
    for (const d of deps)
      if (!kept.includes(d))
        notes.push(`Component '${c.entity.metadata.name}': dependsOn '${d}' is not exported: dropped`);
    if (kept.length > 0) c.entity.spec.dependsOn = kept;
    else delete c.entity.spec.dependsOn;
  }
  files.push(...components);
  const location: ExportedFile = {
    path: 'catalog-info.yaml',
    entity: {
      apiVersion: EXPORT_API_VERSION,
      kind: 'Location',
      metadata: {
        name: EXPORT_LOCATION_NAME,
        description: 'The svcm Teams and Services, exported by svcm export backstage',
      },
      spec: { type: 'file', targets: files.map((f) => `./${f.path}`) },
    },
  };
  return { files: [location, ...files], notes };
}

/**
 * The svcm name a Team or Service reference names, or undefined: a bare name,
 * or a Backstage reference of the given kind in the default namespace.
 */
function svcmName(value: unknown, kind: 'group' | 'component'): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (!value.includes(':') && !value.includes('/')) return value;
  const parsed = parseEntityRef(value);
  if (!parsed || parsed.kind?.toLowerCase() !== kind) return undefined;
  if ((parsed.namespace ?? 'default').toLowerCase() !== 'default') return undefined;
  return parsed.name;
}

function specObj(record: RecordDoc): Obj {
  const spec = (record.value as Obj).spec;
  return isObj(spec) ? spec : {};
}

function baseMetadata(name: string, record: RecordDoc): ExportedEntity['metadata'] {
  const md = isObj((record.value as Obj).metadata) ? ((record.value as Obj).metadata as Obj) : {};
  const metadata: ExportedEntity['metadata'] = { name };
  if (typeof md.title === 'string') metadata.title = md.title;
  if (typeof md.description === 'string') metadata.description = md.description;
  if (isObj(md.labels) && Object.keys(md.labels).length > 0) metadata.annotations = { 'svcm/labels': json(md.labels) };
  return metadata;
}

function annotate(metadata: ExportedEntity['metadata'], key: string, value: unknown): void {
  if (value === undefined) return;
  metadata.annotations = { ...metadata.annotations, [`svcm/${key}`]: typeof value === 'string' ? value : json(value) };
}

const json = (value: unknown) => JSON.stringify(value);

function isUrl(text: string): boolean {
  try {
    new URL(text);
    return true;
  } catch {
    return false;
  }
}

function group(name: string, record: RecordDoc): ExportedEntity {
  const spec = specObj(record);
  const metadata = baseMetadata(name, record);
  annotate(metadata, 'chat', spec.chat);
  annotate(metadata, 'on-call', spec.onCall);
  // Backstage's spec.members takes User references; svcm's members are free text, so they are kept here instead.
  annotate(metadata, 'members', spec.members);
  const out: Obj = { type: 'team', children: [] };
  if (typeof spec.email === 'string' && spec.email !== '') out.profile = { email: spec.email };
  return { apiVersion: EXPORT_API_VERSION, kind: 'Group', metadata, spec: out };
}

function component(name: string, record: RecordDoc, owner: string, dependsOn: string[]): ExportedEntity {
  const spec = specObj(record);
  const metadata = baseMetadata(name, record);
  annotate(metadata, 'type', spec.type ?? 'business');
  annotate(metadata, 'tier', spec.tier === undefined ? undefined : String(spec.tier));
  annotate(metadata, 'phase', spec.phase);
  annotate(metadata, 'service-manager', spec.serviceManager);
  annotate(metadata, 'service-level', spec.serviceLevel);
  annotate(metadata, 'continuity', spec.continuity);
  annotate(metadata, 'code', spec.code);
  annotate(metadata, 'suppliers', spec.suppliers);
  if (Array.isArray(spec.links)) {
    const links = spec.links.filter(isObj).flatMap((l) =>
      typeof l.url === 'string' && l.url !== ''
        ? [
            {
              url: l.url,
              ...(typeof l.title === 'string' ? { title: l.title } : {}),
              ...(typeof l.type === 'string' ? { type: l.type } : {}),
            },
          ]
        : [],
    );
    // Backstage takes absolute URLs only: a link to a file of the repository is kept as an annotation.
    const absolute = links.filter((l) => isUrl(l.url));
    const local = links.filter((l) => !isUrl(l.url));
    if (absolute.length > 0) metadata.links = absolute;
    if (local.length > 0) annotate(metadata, 'links', local);
  }
  const out: Obj = {
    type: 'service',
    lifecycle: LIFECYCLE[String(spec.phase)] ?? 'experimental',
    owner: `group:default/${owner}`,
  };
  if (dependsOn.length > 0) out.dependsOn = dependsOn;
  return { apiVersion: EXPORT_API_VERSION, kind: 'Component', metadata, spec: out };
}
