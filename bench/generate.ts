import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Writes a synthetic workspace like the one in PERFORMANCE.md: `services`
 * services (one file each), `changes` changes, plus teams, templates, releases
 * and knowledge records. Deterministic, so runs compare.
 */
export function generateWorkspace(root: string, counts: { services: number; changes: number }): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  const write = (rel: string, text: string) => {
    const file = path.join(root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    files++;
    bytes += text.length;
  };
  const teams = 50;
  let teamText = '';
  for (let t = 0; t < teams; t++) teamText += `---\napiVersion: svcm/v1\nkind: Team\nmetadata:\n  name: team-${t}\n  title: Team ${t}\nspec:\n  email: team-${t}@example.com\n  members: [a, b, c]\n`;
  write('service-management/teams.yaml', teamText);
  const svc = (i: number) => `svc-${String(i).padStart(5, '0')}`;
  for (let i = 0; i < counts.services; i++) {
    const deps = i > 0 ? `\n  dependsOn: [${svc(Math.floor(i / 2))}${i > 3 ? `, ${svc(i - 3)}` : ''}]` : '';
    write(
      `service-management/services/${svc(i)}.yaml`,
      `apiVersion: svcm/v1\nkind: Service\nmetadata:\n  name: ${svc(i)}\n  title: Service ${i}\nspec:\n  owner: team-${i % teams}\n  serviceManager: Manager ${i % 97}\n  phase: ${['alpha', 'beta', 'live', 'live'][i % 4]}\n  tier: ${(i % 4) + 1}\n  serviceLevel:\n    availability: 99.9\n    supportHours: 24x7\n  continuity: {rto: 4h, rpo: 15m}${deps}\n  code:\n    - src/${svc(i)}/**\n`,
    );
  }
  const templates = 20;
  for (let t = 0; t < templates; t++) {
    write(`service-management/standard-changes/template-${t}.yaml`, `apiVersion: svcm/v1\nkind: StandardChange\nmetadata:\n  name: template-${t}\nspec:\n  services: [${Array.from({ length: 5 }, (_, k) => svc((t * 5 + k) % counts.services)).join(', ')}]\n  maxRisk: medium\n  approvedBy: CAB\n  approvedOn: 2026-01-05\n  reviewBy: 2027-06-01\n  steps: [one, two]\n  backoutPlan: undo it\n`);
  }
  const releases = Math.max(1, Math.floor(counts.changes / 50));
  for (let i = 0; i < counts.changes; i++) {
    const name = `CHG-2026-${String(i + 1).padStart(5, '0')}`;
    const s = svc(i % counts.services);
    const day = 1 + (i % 28);
    const hour = i % 24;
    write(
      `service-management/changes/${name}.yaml`,
      `apiVersion: svcm/v1\nkind: Change\nmetadata:\n  name: ${name}\nspec:\n  type: normal\n  services: [${s}]\n  summary: Change number ${i} to ${s}\n  risk: low\n  impact: low\n  status: closed\n  implementationPlan:\n    - deploy\n  backoutPlan: roll back\n  testPlan: smoke tests\n  window:\n    start: 2026-03-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00Z\n    end: 2026-03-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:30:00Z\n  approvals:\n    - {by: Ann, role: peer, decision: approved, at: 2026-02-01T10:00:00Z}\n  commits: ["${(i * 2654435761 >>> 0).toString(16).padStart(8, '0')}"]\n  release: REL-${Math.floor(i / 50)}\n`,
    );
  }
  for (let r = 0; r < releases; r++) {
    const changes = Array.from({ length: 50 }, (_, k) => r * 50 + k).filter((k) => k < counts.changes).map((k) => `CHG-2026-${String(k + 1).padStart(5, '0')}`);
    write(`service-management/releases/REL-${r}.yaml`, `apiVersion: svcm/v1\nkind: Release\nmetadata:\n  name: REL-${r}\nspec:\n  version: "${r}.0"\n  services: [${svc(r % counts.services)}]\n  changes: [${changes.join(', ')}]\n  status: deployed\n  deployedAt: 2026-03-30T10:00:00Z\n`);
  }
  for (let k = 0; k < 200; k++) {
    const name = `KB-${String(k + 1).padStart(4, '0')}`;
    write(`service-management/knowledge/${name}-article.md`, `---\napiVersion: svcm/v1\nkind: Knowledge\nmetadata:\n  name: ${name}\n  title: Article ${k}\nspec:\n  type: runbook\n  services: [${svc(k % counts.services)}]\n  reviewBy: 2027-06-01\n---\n# Article ${k}\n\nRestart the service, check the dashboard, tell the service owner.\n`);
  }
  return { files, bytes };
}
