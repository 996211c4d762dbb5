import { z } from 'zod';
import {
  API_VERSION,
  type Kind,
  NAME_PATTERNS,
  PHASES,
  LINK_TYPES,
  RISKS,
  CHANGE_TYPES,
  CHANGE_STATUSES,
  RELEASE_STATUSES,
  KNOWLEDGE_TYPES,
} from './vocabulary';

/*
 * zod reads only the values that the checks compiled from these schemas refuse
 * (compiled.ts), to say what is wrong with them. Its generated fast path
 * (`new Function`, per object schema) would be compiled for those few values
 * and run before the full walk that reports the issues: a compile for nothing,
 * 4-6 ms of the single large file's run (docs/performance.md, "The single file,
 * fourth pass").
 */
z.config({ jitless: true });

/**
 * The record formats of docs/records.md, as zod schemas. Everything that reads records
 * (validator, index, completion, JSON Schema export) derives from this file.
 *
 * Fields that are required only in some cases and have a dedicated rule
 * (template, backoutPlan, testPlan, window, serviceManager, serviceLevel,
 * workaround) are optional here, so that they are reported once, by their rule.
 */

const slugName = z
  .string()
  .regex(
    NAME_PATTERNS.Service,
    'a lowercase name: letters, digits and "-", starting with a letter, at most 63 characters',
  );
/** A name, or a Backstage entity reference of `kind` (docs/backstage.md, "Bridged with svcm records"). */
const bridgedRef = (kind: string, noun: string) =>
  z
    .string()
    .regex(
      new RegExp(
        `^(?:[a-z][a-z0-9-]{0,62}|[${kind[0]}${kind[0].toUpperCase()}]${kind.slice(1)}:(?:[a-z0-9]+(?:-+[a-z0-9]+)*/)?(?:[A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])$`,
      ),
      `a ${noun} name (lowercase letters, digits and "-", starting with a letter, at most 63 characters), or a Backstage reference like ${kind}:petstore`,
    );
const teamRef = bridgedRef('group', 'team').describe('the name of a Team record, or a Backstage Group');
const serviceRef = bridgedRef('component', 'service').describe(
  'the name of a Service record, or a Backstage Component',
);
const templateRef = slugName.describe('the name of a StandardChange record');
const changeRef = z
  .string()
  .regex(NAME_PATTERNS.Change, 'a change id like CHG-2026-0042')
  .describe('the name of a Change record');
const releaseRef = z
  .string()
  .regex(NAME_PATTERNS.Release, 'a release id like REL-2026.11.2')
  .describe('the name of a Release record');
const knowledgeRef = z
  .string()
  .regex(NAME_PATTERNS.Knowledge, 'a knowledge id like KB-0012')
  .describe('the name of a Knowledge record');

const date = z.iso.date({ message: 'an ISO 8601 date like 2026-11-26' });
const dateTime = z.iso.datetime({
  offset: true,
  message: 'an ISO 8601 date-time with offset like 2026-11-26T18:00:00Z',
});
const duration = z.string().regex(/^\d+(\.\d+)?[smhdw]$/, 'a duration like 15m, 4h or 2d');
const text = z.string().min(1, 'a non-empty text');

function metadata(name: z.ZodString) {
  return z.strictObject({
    name,
    title: z.string().optional(),
    description: z.string().optional(),
    labels: z.record(z.string(), z.string()).optional(),
  });
}

export const teamSpec = z.strictObject({
  email: z.string().optional(),
  chat: z.string().optional(),
  members: z.array(z.string()).optional(),
  onCall: z.string().optional(),
});

export const serviceSpec = z.strictObject({
  owner: teamRef,
  serviceManager: z.string().optional(),
  phase: z.enum(PHASES),
  type: z.enum(['business', 'technical']).default('business'),
  tier: z.int().min(1).max(4),
  serviceLevel: z
    .strictObject({
      availability: z.number().min(0).max(100),
      supportHours: z.string(),
      responseTimes: z
        .strictObject({
          p1: duration.optional(),
          p2: duration.optional(),
          p3: duration.optional(),
          p4: duration.optional(),
        })
        .optional(),
    })
    .optional(),
  continuity: z.strictObject({ rto: duration, rpo: duration }).optional(),
  dependsOn: z.array(serviceRef).optional(),
  code: z.array(z.string()).optional(),
  suppliers: z
    .array(z.strictObject({ name: z.string(), contract: z.string().optional(), contact: z.string().optional() }))
    .optional(),
  links: z.array(z.strictObject({ title: z.string(), url: z.string(), type: z.enum(LINK_TYPES) })).optional(),
});

export const standardChangeSpec = z.strictObject({
  services: z.array(serviceRef),
  maxRisk: z.enum(['low', 'medium']),
  approvedBy: z.string(),
  approvedOn: date,
  reviewBy: date.optional(),
  steps: z.array(z.string()).min(1),
  backoutPlan: z.string(),
});

export const changeSpec = z
  .strictObject({
    type: z.enum(CHANGE_TYPES),
    template: templateRef.optional(),
    services: z.array(serviceRef).min(1),
    summary: text,
    risk: z.enum(RISKS),
    impact: z.enum(RISKS),
    status: z.enum(CHANGE_STATUSES),
    implementationPlan: z.union([z.string(), z.array(z.string())]).optional(),
    backoutPlan: z.string().optional(),
    testPlan: z.string().optional(),
    window: z.strictObject({ start: dateTime, end: dateTime }).optional(),
    approvals: z
      .array(
        z.strictObject({
          by: z.string(),
          role: z.enum(['peer', 'service-manager', 'cab', 'ecab']),
          decision: z.enum(['approved', 'rejected']),
          at: dateTime,
        }),
      )
      .optional(),
    commits: z.array(z.string().regex(/^[0-9a-fA-F]{7,40}$/, 'a git commit SHA: 7 to 40 hex digits')).optional(),
    branch: z.string().optional(),
    pullRequest: z.string().optional(),
    release: releaseRef.optional(),
    knowledge: z.array(knowledgeRef).optional(),
    review: z
      .strictObject({ outcome: z.enum(['successful', 'partially-successful', 'failed']), notes: z.string(), at: date })
      .optional(),
  })
  .superRefine((spec, ctx) => {
    // Conditional fields without a dedicated rule are schema errors (docs/rules.md).
    if (spec.type !== 'standard' && spec.implementationPlan === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['implementationPlan'],
        message: `a ${spec.type} change needs an implementationPlan`,
        params: { missing: true },
      });
    }
    if (spec.type !== 'standard' && spec.template !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['template'],
        message: `only standard changes use a template; this change is ${spec.type}`,
      });
    }
  });

export const releaseSpec = z
  .strictObject({
    version: z.union([z.string(), z.number()]),
    services: z.array(serviceRef),
    changes: z.array(changeRef),
    status: z.enum(RELEASE_STATUSES),
    plannedFor: dateTime.optional(),
    deployedAt: dateTime.optional(),
    notes: z.string().optional(),
  })
  .superRefine((spec, ctx) => {
    if (spec.status === 'deployed' && spec.deployedAt === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['deployedAt'],
        message: 'a deployed release needs deployedAt',
        params: { missing: true },
      });
    }
  });

export const knowledgeSpec = z.strictObject({
  type: z.enum(KNOWLEDGE_TYPES),
  services: z.array(serviceRef),
  changes: z.array(changeRef).optional(),
  owner: teamRef.optional(),
  reviewBy: date.optional(),
  workaround: z.string().optional(),
});

function envelope<K extends Kind, S extends z.ZodType>(kind: K, spec: S, specOptional = false) {
  return z.strictObject({
    apiVersion: z.literal(API_VERSION),
    kind: z.literal(kind),
    metadata: metadata(z.string().regex(NAME_PATTERNS[kind], nameHint(kind))),
    spec: specOptional ? spec.optional() : spec,
  });
}

function nameHint(kind: Kind): string {
  switch (kind) {
    case 'Change':
      return 'a change id like CHG-2026-0042';
    case 'Release':
      return 'a release id like REL-2026.11.2';
    case 'Knowledge':
      return 'a knowledge id like KB-0012';
    default:
      return 'a lowercase name: letters, digits and "-", starting with a letter, at most 63 characters';
  }
}

export const RECORD_SCHEMAS = {
  Team: envelope('Team', teamSpec, true),
  Service: envelope('Service', serviceSpec),
  StandardChange: envelope('StandardChange', standardChangeSpec),
  Change: envelope('Change', changeSpec),
  Release: envelope('Release', releaseSpec),
  Knowledge: envelope('Knowledge', knowledgeSpec),
} as const;

export type TeamRecord = z.output<typeof RECORD_SCHEMAS.Team>;
export type ServiceRecord = z.output<typeof RECORD_SCHEMAS.Service>;
export type StandardChangeRecord = z.output<typeof RECORD_SCHEMAS.StandardChange>;
export type ChangeRecord = z.output<typeof RECORD_SCHEMAS.Change>;
export type ReleaseRecord = z.output<typeof RECORD_SCHEMAS.Release>;
export type KnowledgeRecord = z.output<typeof RECORD_SCHEMAS.Knowledge>;

export type TeamSpec = z.input<typeof teamSpec>;
export type ServiceSpec = z.input<typeof serviceSpec>;
export type StandardChangeSpec = z.input<typeof standardChangeSpec>;
export type ChangeSpec = z.input<typeof changeSpec>;
export type ReleaseSpec = z.input<typeof releaseSpec>;
export type KnowledgeSpec = z.input<typeof knowledgeSpec>;

/** The spec type of each kind, as written (input side: defaults not applied). */
export interface SpecOf {
  Team: TeamSpec;
  Service: ServiceSpec;
  StandardChange: StandardChangeSpec;
  Change: ChangeSpec;
  Release: ReleaseSpec;
  Knowledge: KnowledgeSpec;
}
