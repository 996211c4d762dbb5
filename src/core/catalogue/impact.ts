import { componentIndexName, entityDependents } from '../backstage/impact';
import { specOf } from '../index/references';
import type { WorkspaceIndex } from '../index/workspaceIndex';

/*
 * What a change to some services puts at risk: the tier of the most critical
 * one, the risk that suggests, and the services that depend on them.
 */

export type Risk = 'low' | 'medium' | 'high';

/**
 * The most critical tier among the named services (1 is the most critical) and a
 * service that has it; undefined when none of them is defined with a valid tier.
 */
export function highestTier(
  index: WorkspaceIndex,
  services: readonly string[],
): { tier: number; service: string } | undefined {
  let best: { tier: number; service: string } | undefined;
  for (const service of services) {
    for (const record of index.definitions('Service', service)) {
      const tier = specOf(record, 'Service')?.tier;
      if (typeof tier !== 'number' || !Number.isInteger(tier) || tier < 1 || tier > 4) continue;
      if (!best || tier < best.tier) best = { tier, service };
    }
  }
  return best;
}

/**
 * The risk Raise Change suggests for a change to these services: `high` when a
 * tier 1 service is touched, `medium` for tier 2, else `low` (also when no
 * service, or none with a tier, is given).
 */
export function suggestRisk(index: WorkspaceIndex, services: readonly string[]): Risk {
  const tier = highestTier(index, services)?.tier;
  return tier === 1 ? 'high' : tier === 2 ? 'medium' : 'low';
}

/**
 * The services that depend on any of `services`, transitively, not counting
 * those (the blast radius), sorted. A Backstage Component is named by its full
 * reference (`component:default/petstore`, as `ownersOfFile` names it): its
 * blast radius follows docs/backstage.md (dependents, API consumers, svcm
 * Services that depend on it), entities as full references.
 */
export function blastRadius(index: WorkspaceIndex, services: readonly string[]): string[] {
  const out = new Set<string>();
  for (const service of services) {
    const dependents = service.startsWith('component:')
      ? entityDependents(index, 'Component', componentIndexName(service))
      : index.dependentsOf(service);
    for (const dependent of dependents) out.add(dependent);
  }
  for (const service of services) out.delete(service);
  return [...out].sort();
}
