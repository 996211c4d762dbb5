import type { RelatedPlace } from '../finding';
import { specOf } from '../index/references';
import { spanIn } from '../parse/span';
import { finding, type Rule } from './rule';

/**
 * `dependency-cycle`: services that depend on each other in a cycle. Each
 * service on the cycle is reported on its `dependsOn` entry that leads to the
 * next service of the cycle; the message names the whole cycle, starting at the
 * service, and the other links of the cycle are related places.
 */
export const dependencyCycleRule: Rule = {
  codes: ['dependency-cycle'],
  kinds: ['Service'],
  check(record, { index }) {
    if (record.name === undefined) return [];
    const cycle = index.serviceCycles().get(record.name);
    if (!cycle || cycle.length === 0) return [];
    const at = edgeIndex(specOf(record, 'Service')?.dependsOn, cycle[1 % cycle.length]);
    // A duplicate definition that the graph did not use may not have this edge.
    if (at < 0) return [];
    const related: RelatedPlace[] = [];
    for (let j = 1; j < cycle.length; j++) {
      const from = cycle[j];
      const to = cycle[(j + 1) % cycle.length];
      const def = index.lookup('Service', from);
      const i = def ? edgeIndex(specOf(def, 'Service')?.dependsOn, to) : -1;
      if (def && i >= 0)
        related.push({
          file: def.file,
          span: spanIn(def, ['spec', 'dependsOn', i]),
          message: `${from} depends on ${to}`,
        });
    }
    const path = [...cycle, cycle[0]].join(' → ');
    return [
      finding(
        'dependency-cycle',
        `dependency cycle: ${path}: services that depend on each other cannot be started, changed or recovered one at a time; remove one of these dependsOn entries`,
        spanIn(record, ['spec', 'dependsOn', at]),
        { related },
      ),
    ];
  },
};

function edgeIndex(dependsOn: unknown, target: string): number {
  return Array.isArray(dependsOn) ? dependsOn.indexOf(target) : -1;
}
