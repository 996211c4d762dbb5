import * as assert from 'node:assert/strict';
import { hoverAt } from '../../../src/core/assist/hover';
import { definitionPlaces, referencePlaces, renameEdits, symbolAt } from '../../../src/core/assist/navigation';
import { documentSymbols, workspaceSymbols } from '../../../src/core/assist/symbols';
import { check, lines, workspace } from '../helpers';

const FILES: Record<string, string> = {
  'org.yaml': lines(
    'apiVersion: backstage.io/v1alpha1',
    'kind: Group',
    'metadata:',
    '  name: payments',
    'spec: {type: team, children: []}',
  ),
  'petstore/catalog-info.yaml': lines(
    'apiVersion: backstage.io/v1alpha1',
    'kind: Component',
    'metadata:',
    '  name: petstore',
    '  title: Pet Store',
    'spec:',
    '  type: service',
    '  lifecycle: production',
    '  owner: payments',
    '  system: shop',
  ),
  'web/catalog-info.yaml': lines(
    'apiVersion: backstage.io/v1alpha1',
    'kind: Component',
    'metadata:',
    '  name: web',
    'spec:',
    '  type: website',
    '  lifecycle: production',
    '  owner: group:payments',
    '  dependsOn: [component:default/petstore, component:petstore]',
    '  subcomponentOf: petstore',
  ),
  'changes/CHG-2026-0001.yaml': lines(
    'apiVersion: svcm/v1',
    'kind: Change',
    'metadata:',
    '  name: CHG-2026-0001',
    'spec:',
    '  type: normal',
    '  services: [petstore, component:web]',
    '  summary: Upgrade the pet store',
    '  risk: low',
    '  impact: low',
    '  status: draft',
    '  implementationPlan: deploy',
    '  backoutPlan: roll back',
    '  testPlan: smoke tests',
  ),
  'services.yaml': lines(
    'apiVersion: svcm/v1',
    'kind: Service',
    'metadata:',
    '  name: ledger',
    'spec:',
    '  owner: payments',
    '  phase: beta',
    '  tier: 2',
    '  dependsOn: [petstore]',
  ),
};

const at = (file: string, needle: string, nth = 0) => {
  let i = -1;
  for (let k = 0; k <= nth; k++) i = FILES[file].indexOf(needle, i + 1);
  assert.ok(i >= 0, needle);
  return i + 1;
};

describe('Backstage entities in the editor features (core/assist)', () => {
  it('the bridge: svcm records may name Components and Groups, and nothing is reported', () => {
    assert.deepEqual(check(FILES), []);
  });

  it('definition: from a bare svcm service name, an entity reference and a default-kind reference to the Component', () => {
    const index = workspace(FILES);
    for (const [file, needle, nth] of [
      ['changes/CHG-2026-0001.yaml', 'petstore', 0],
      ['web/catalog-info.yaml', 'component:default/petstore', 0],
      ['web/catalog-info.yaml', 'component:petstore', 0],
      ['web/catalog-info.yaml', 'petstore', 2],
      ['services.yaml', 'petstore', 0],
    ] as const) {
      const target = symbolAt(index.file(file), FILES[file], at(file, needle, nth ?? 0));
      assert.ok(target, `${file} ${needle}`);
      assert.deepEqual(
        definitionPlaces(index, target).map((p) => p.file),
        ['petstore/catalog-info.yaml'],
        `${file} ${needle}`,
      );
    }
    const owner = symbolAt(index.file('services.yaml'), FILES['services.yaml'], at('services.yaml', 'payments'));
    assert.deepEqual(
      definitionPlaces(index, owner!).map((p) => p.file),
      ['org.yaml'],
    );
  });

  it('references of a Component: every written form, in entities and svcm records', () => {
    const index = workspace(FILES);
    const target = symbolAt(
      index.file('petstore/catalog-info.yaml'),
      FILES['petstore/catalog-info.yaml'],
      at('petstore/catalog-info.yaml', 'petstore'),
    )!;
    assert.deepEqual(
      referencePlaces(index, target, false)
        .map((p) => `${p.file} ${index.file(p.file)!.text.slice(p.span.start, p.span.end)}`)
        .sort(),
      [
        'changes/CHG-2026-0001.yaml petstore',
        'services.yaml petstore',
        'web/catalog-info.yaml component:default/petstore',
        'web/catalog-info.yaml component:petstore',
        'web/catalog-info.yaml petstore',
      ],
    );
  });

  it('rename of a Component rewrites component:default/x, component:x and bare x, and its name', () => {
    const index = workspace(FILES);
    const target = symbolAt(
      index.file('web/catalog-info.yaml'),
      FILES['web/catalog-info.yaml'],
      at('web/catalog-info.yaml', 'component:petstore'),
    )!;
    const result = renameEdits(index, target, 'pet-shop');
    assert.ok(typeof result !== 'string', String(result));
    assert.deepEqual(result.edits.map((e) => `${e.file} ${e.newText}`).sort(), [
      'changes/CHG-2026-0001.yaml pet-shop',
      'petstore/catalog-info.yaml pet-shop',
      'services.yaml pet-shop',
      'web/catalog-info.yaml component:default/pet-shop',
      'web/catalog-info.yaml component:pet-shop',
      'web/catalog-info.yaml pet-shop',
    ]);
    assert.match(String(renameEdits(index, target, 'bad name')), /not a valid Component name/);
  });

  it('hover on a reference shows the entity: kind, title, owner, lifecycle, system', () => {
    const index = workspace(FILES);
    const file = 'changes/CHG-2026-0001.yaml';
    const hover = hoverAt(index, index.file(file), FILES[file], at(file, 'petstore'));
    assert.ok(hover);
    assert.match(hover.markdown, /Pet Store.*Component/);
    assert.match(hover.markdown, /owner: payments/);
    assert.match(hover.markdown, /lifecycle: production/);
    assert.match(hover.markdown, /system: shop/);
  });

  it('symbols: one document symbol per entity, named after it; workspace symbols find entities by name or title', () => {
    const index = workspace(FILES);
    const text =
      FILES['org.yaml'] +
      '---\n' +
      lines(
        'apiVersion: backstage.io/v1alpha1',
        'kind: User',
        'metadata:',
        '  name: jane',
        '  namespace: ops',
        'spec: {memberOf: []}',
      );
    const parsed = workspace({ 'org.yaml': text }).file('org.yaml')!;
    assert.deepEqual(
      documentSymbols(parsed).map((s) => [s.name, s.kind, s.detail, text.slice(s.selection.start, s.selection.end)]),
      [
        ['payments', 'Group', 'Group', 'payments'],
        ['jane', 'User', 'User · ops', 'jane'],
      ],
    );
    assert.deepEqual(
      workspaceSymbols(index, 'petstore')
        .slice(0, 1)
        .map((s) => [s.name, s.kind, s.detail, s.file]),
      [['petstore', 'Component', 'Pet Store', 'petstore/catalog-info.yaml']],
    );
    // Documents of other apiVersions are no symbols.
    assert.deepEqual(
      documentSymbols(
        workspace({
          't.yaml': 'apiVersion: scaffolder.backstage.io/v1beta3\nkind: Template\nmetadata:\n  name: t\n',
        }).file('t.yaml') ?? ({ records: [] } as never),
      ),
      [],
    );
  });
});
