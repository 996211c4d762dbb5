import {
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  DefaultNamespaceEntityPolicy,
  domainEntityV1alpha1Validator,
  EntityPolicies,
  FieldFormatEntityPolicy,
  groupEntityV1alpha1Validator,
  locationEntityV1alpha1Validator,
  NoForeignRootFieldsEntityPolicy,
  resourceEntityV1alpha1Validator,
  SchemaValidEntityPolicy,
  systemEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
  type Entity,
} from '@backstage/catalog-model';

/**
 * Backstage's own verdict on an entity: the default policies of
 * `@backstage/catalog-model` 1.10 and the kind's validator (how its catalog
 * judges an entity read from a file). Accepts or rejects; the message is kept
 * for failing tests.
 */
const policy = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);

const VALIDATORS: Record<string, { check(data: Entity): Promise<boolean> }> = {
  Component: componentEntityV1alpha1Validator,
  API: apiEntityV1alpha1Validator,
  Resource: resourceEntityV1alpha1Validator,
  System: systemEntityV1alpha1Validator,
  Domain: domainEntityV1alpha1Validator,
  Group: groupEntityV1alpha1Validator,
  User: userEntityV1alpha1Validator,
  Location: locationEntityV1alpha1Validator,
};

export async function backstageVerdict(entity: unknown): Promise<{ ok: boolean; why?: string }> {
  const copy = structuredClone(entity) as Entity;
  try {
    const out = await policy.enforce(copy);
    if (!out) return { ok: false, why: 'policy returned nothing' };
    const validator = VALIDATORS[(copy as { kind?: string }).kind ?? ''];
    if (!validator) return { ok: false, why: 'no validator for the kind' };
    const fine = await validator.check(out);
    return fine ? { ok: true } : { ok: false, why: 'kind validator: not this kind' };
  } catch (error) {
    return { ok: false, why: (error as Error).message };
  }
}
