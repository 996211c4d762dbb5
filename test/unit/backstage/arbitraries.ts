import fc from 'fast-check';

/**
 * Valid Backstage entities of the eight built-in kinds, optional fields
 * sometimes present, with small name pools shared with the svcm records of
 * the property tests (`svc-a` is a Service and a Component, `team-a` a Team
 * and a Group), so that references, duplicates, cycles and the bridge run.
 */
const pick = <T>(values: readonly T[]) => fc.constantFrom(...values);
const some = <T>(values: readonly T[]) => fc.uniqueArray(pick(values), { maxLength: values.length });
const words = fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/);

export const COMPONENTS = ['svc-a', 'svc-b', 'cmp-x', 'Cmp_Y.v2'];
export const GROUPS = ['team-a', 'team-b', 'org'];
export const APIS = ['api-a', 'api-b'];

const owner = pick(['team-a', 'group:team-b', 'group:default/org', 'user:alice', 'Team-A']);
const system = pick(['sys-a', 'system:sys-b', 'system:other/sys-a']);
const lifecycle = pick(['production', 'experimental', 'deprecated']);

function entity(kind: string, name: fc.Arbitrary<string>, spec: fc.Arbitrary<unknown>) {
  return fc.record(
    {
      apiVersion: pick(['backstage.io/v1alpha1', 'backstage.io/v1beta1']),
      kind: fc.constant(kind),
      metadata: fc.record(
        {
          name,
          namespace: pick(['default', 'other']),
          title: fc.string({ minLength: 1, maxLength: 20 }),
          description: fc.string({ maxLength: 20 }),
          labels: fc.dictionary(pick(['tier', 'backstage.io/x', 'a.b/c_d']), pick(['', 'one', 'a-b.c']), {
            maxKeys: 2,
          }),
          annotations: fc.dictionary(
            pick(['backstage.io/techdocs-ref', 'github.com/project-slug']),
            fc.string({ maxLength: 12 }),
            {
              maxKeys: 2,
            },
          ),
          tags: fc.uniqueArray(pick(['java', 'c++', 'data:pii', 'team-1']), { maxLength: 3 }),
          links: fc.array(
            fc.record(
              {
                url: pick(['https://example.com', 'mailto:a@b.c']),
                title: pick(['Docs', 'Runbook']),
                icon: pick(['docs']),
                type: pick(['doc']),
              },
              { requiredKeys: ['url'] },
            ),
            { maxLength: 2 },
          ),
        },
        { requiredKeys: ['name'] },
      ),
      spec,
    },
    { requiredKeys: ['apiVersion', 'kind', 'metadata', 'spec'] },
  );
}

export const ENTITY_BUILDERS: Record<string, fc.Arbitrary<Record<string, unknown>>> = {
  Component: entity(
    'Component',
    pick(COMPONENTS),
    fc.record(
      {
        type: pick(['service', 'website', 'library']),
        lifecycle,
        owner,
        system,
        subcomponentOf: pick(['svc-a', 'component:cmp-x']),
        providesApis: some(APIS),
        consumesApis: some([...APIS, 'api:other/api-a']),
        dependsOn: some(['component:svc-a', 'component:svc-b', 'resource:db', 'Component:default/Cmp-X']),
        dependencyOf: some(['component:svc-a', 'resource:db']),
      },
      { requiredKeys: ['type', 'lifecycle', 'owner'] },
    ),
  ),
  API: entity(
    'API',
    pick(APIS),
    fc.record(
      {
        type: pick(['openapi', 'grpc']),
        lifecycle,
        owner,
        system,
        definition: pick(['openapi: 3.0.0', 'syntax = "proto3";']),
      },
      { requiredKeys: ['type', 'lifecycle', 'owner', 'definition'] },
    ),
  ),
  Resource: entity(
    'Resource',
    pick(['db', 'bucket']),
    fc.record(
      { type: pick(['database', 's3-bucket']), owner, system, dependsOn: some(['resource:bucket', 'component:svc-a']) },
      { requiredKeys: ['type', 'owner'] },
    ),
  ),
  System: entity(
    'System',
    pick(['sys-a', 'sys-b']),
    fc.record({ owner, domain: pick(['dom-a', 'domain:dom-b']), type: words }, { requiredKeys: ['owner'] }),
  ),
  Domain: entity(
    'Domain',
    pick(['dom-a', 'dom-b']),
    fc.record({ owner, subdomainOf: pick(['dom-a', 'dom-b']), type: words }, { requiredKeys: ['owner'] }),
  ),
  Group: entity(
    'Group',
    pick(GROUPS),
    fc.record(
      {
        type: pick(['team', 'business-unit']),
        profile: fc.record(
          { displayName: pick(['Team A']), email: pick(['a@example.com']), picture: pick(['https://x/y.png']) },
          { requiredKeys: [] },
        ),
        parent: pick(GROUPS),
        children: some(GROUPS),
        members: some(['alice', 'user:bob']),
      },
      { requiredKeys: ['type', 'children'] },
    ),
  ),
  User: entity(
    'User',
    pick(['alice', 'bob']),
    fc.record(
      {
        profile: fc.record({ displayName: pick(['Alice']), email: pick(['alice@example.com']) }, { requiredKeys: [] }),
        memberOf: some(GROUPS),
      },
      { requiredKeys: ['memberOf'] },
    ),
  ),
  Location: entity(
    'Location',
    pick(['loc-a', 'loc-b']),
    fc.record(
      {
        type: pick(['url', 'file']),
        target: pick(['./a.yaml', './none.yaml', 'https://example.com/catalog-info.yaml']),
        targets: some(['./*.yaml', './b.yaml', './missing/*.yaml', '../escape.yaml']),
        presence: pick(['required', 'optional']),
      },
      { requiredKeys: [] },
    ),
  ),
};

export const anyEntity = fc.oneof(...Object.values(ENTITY_BUILDERS));
