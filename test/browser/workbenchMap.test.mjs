// The service map as a person sees it. Run by scripts/browser-test.js after
// workbench.test.mjs, on the same page (the workbench is loaded, the Services view open).
// SVCM_UPDATE_SCREENSHOT=1 also copies the map's screenshot to docs/service-map.png,
// the picture the README shows.

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const DOCS_SCREENSHOT = path.join(REPO, 'docs', 'service-map.png');
const CHANGE = 'CHG-2026-0901';

/** More services around the fixture's payments-api, so that the blast radius reaches beyond one hop. */
const EXTRA_SERVICES = {
  'storefront-web': { title: 'Storefront', owner: 'storefront', tier: 2, dependsOn: ['checkout-web'] },
  'mobile-app': { title: 'Mobile App', owner: 'storefront', tier: 3, dependsOn: ['checkout-web'] },
  'fraud-check': { title: 'Fraud Check', owner: 'platform', tier: 2, dependsOn: ['ledger'] },
  'search-api': { title: 'Search API', owner: 'storefront', tier: 4, dependsOn: ['catalogue-db'] },
  'catalogue-db': { title: 'Catalogue DB', owner: 'platform', tier: 2, dependsOn: [] },
};

/** A Backstage Component of a system, for grouping by system. */
const COMPONENT_ID = 'component:default/petstore';
const COMPONENT_TEXT = [
  'apiVersion: backstage.io/v1alpha1',
  'kind: Component',
  'metadata:',
  '  name: petstore',
  'spec:',
  '  type: service',
  '  lifecycle: production',
  '  owner: platform',
  '  system: pets',
  '',
].join('\n');

/** `svcm graph -f json` in the workspace copy: what the command returns for the same arguments. */
function cliGraph(folder, args) {
  return JSON.parse(
    execFileSync(process.execPath, [path.join(REPO, 'dist', 'cli.js'), 'graph', ...args, '-f', 'json'], {
      cwd: folder,
      encoding: 'utf8',
    }),
  );
}

function serviceText(name, s) {
  return [
    'apiVersion: svcm/v1',
    'kind: Service',
    'metadata:',
    `  name: ${name}`,
    `  title: ${s.title}`,
    'spec:',
    `  owner: ${s.owner}`,
    '  phase: beta',
    `  tier: ${s.tier}`,
    `  dependsOn: [${s.dependsOn.join(', ')}]`,
    '',
  ].join('\n');
}

/** The webview's document: the workbench's webview frame holds the page's own frame. */
function mapFrame(page) {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

/** @type {{ name: string, run: (context: any) => Promise<void> }[]} */
export const checks = [
  {
    name: "a change record's lens opens the map with the blast radius, drawn as svcm graph computes it",
    async run({ page, folder, screenshot }) {
      const services = path.join(folder, 'service-management', 'services');
      for (const [name, s] of Object.entries(EXTRA_SERVICES))
        fs.writeFileSync(path.join(services, `${name}.yaml`), serviceText(name, s));
      // What the command returns for the change (the integration tests hold the two equal).
      const expected = cliGraph(folder, ['--change', CHANGE]);
      if (expected.nodes.length !== 8) throw new Error(`svcm graph gives ${expected.nodes.length} nodes, expected 8`);

      await page.keyboard.press('Control+P');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor();
      await input.fill(`${CHANGE}.yaml`);
      await page
        .locator('.quick-input-widget .monaco-list-row', { hasText: `${CHANGE}.yaml` })
        .first()
        .waitFor();
      await page.keyboard.press('Enter');
      const lens = page.locator('.codelens-decoration a', { hasText: 'Show Blast Radius on Service Map' }).first();
      await lens.waitFor({ timeout: 60000 });
      // Close the side bar and panel so that the map has the room.
      await page.keyboard.press('Control+J');
      await page.keyboard.press('Control+B');
      await lens.click();

      const map = mapFrame(page);
      // The extra services are read by the watcher: wait until the map shows all of them.
      await map.locator(`body[data-nodes="${expected.nodes.length}"]`).waitFor({ timeout: 60000 });
      const drawnNodes = await map.locator('.node').evaluateAll((els) => els.map((el) => el.getAttribute('data-id')));
      const drawnEdges = await map
        .locator('.edge')
        .evaluateAll((els) => els.map((el) => `${el.getAttribute('data-from')} -> ${el.getAttribute('data-to')}`));
      const want = (list) => [...list].sort().join('\n');
      if (want(drawnNodes) !== want(expected.nodes.map((n) => n.id)))
        throw new Error(
          `the map drew nodes\n${want(drawnNodes)}\nbut the graph has\n${want(expected.nodes.map((n) => n.id))}`,
        );
      const expectedEdges = expected.edges.map((e) => `${e.from} -> ${e.to}`);
      if (want(drawnEdges) !== want(expectedEdges))
        throw new Error(`the map drew edges\n${want(drawnEdges)}\nbut the graph has\n${want(expectedEdges)}`);
      for (const node of expected.nodes) {
        const classes = (await map.locator(`.node[data-id="${node.id}"]`).getAttribute('class')) ?? '';
        if (node.highlight && !classes.split(' ').includes(node.highlight))
          throw new Error(`${node.id} is ${node.highlight} but is drawn as '${classes}'`);
      }
      await map.locator('#change').evaluate((el, value) => {
        if (el.value !== value) throw new Error(`the change field shows '${el.value}'`);
      }, CHANGE);
      const file = await screenshot('10-service-map');
      if (process.env.SVCM_UPDATE_SCREENSHOT === '1') fs.copyFileSync(file, DOCS_SCREENSHOT);
    },
  },
  {
    name: 'clicking a node opens its record; the keyboard moves along the edges',
    async run({ page, screenshot }) {
      const map = mapFrame(page);
      await map.locator('.node[data-id="service:ledger"]').click();
      // The record opens beside the map, at its name, and the map stays in sight.
      await page.locator('.tabs-container .tab.active', { hasText: 'ledger.yaml' }).waitFor({ timeout: 30000 });
      await page.locator('.editor-instance .view-line', { hasText: 'name: ledger' }).first().waitFor();
      await screenshot('11-map-opened-record');
      // From ledger, ArrowRight goes to what it depends on (payments-api).
      await map.locator('.node[data-id="service:ledger"]').focus();
      await map.locator('#viewport').press('ArrowRight');
      await map.locator('.node.selected[data-id="service:payments-api"]').waitFor();
      // Search finds a service and dims the rest.
      await map.locator('#search').fill('fraud');
      await map.locator('.node.match[data-id="service:fraud-check"]').waitFor();
      await map.locator('#search').fill('');
    },
  },
  {
    name: 'the focus control redraws the map around a service',
    async run({ page, screenshot }) {
      const map = mapFrame(page);
      await map.locator('#focus').fill('ledger');
      await map.locator('#depth').fill('1');
      await map.locator('#depth').press('Enter');
      await map.locator('body[data-nodes="3"]').waitFor({ timeout: 30000 });
      for (const id of ['service:ledger', 'service:payments-api', 'service:fraud-check'])
        await map.locator(`.node[data-id="${id}"]`).waitFor();
      await screenshot('12-map-focused');
    },
  },
  {
    name: 'grouping by owner and by system draws a swimlane per group, each node in its own',
    async run({ page, folder, screenshot }) {
      // A Backstage Component of a system, beside the svcm Services (which belong to no system).
      const catalog = path.join(folder, 'catalog', 'petstore');
      fs.mkdirSync(catalog, { recursive: true });
      fs.writeFileSync(path.join(catalog, 'catalog-info.yaml'), COMPONENT_TEXT);
      const whole = cliGraph(folder, []);
      if (!whole.nodes.some((n) => n.id === COMPONENT_ID)) throw new Error(`svcm graph has no ${COMPONENT_ID}`);
      const map = mapFrame(page);
      await map.locator('#whole').click();
      await map.locator(`body[data-nodes="${whole.nodes.length}"]`).waitFor({ timeout: 60000 });
      for (const [groupBy, groupOf, none] of [
        ['owner', (n) => n.owner, 'no owner'],
        ['system', (n) => n.group, 'no system'],
      ]) {
        await map.locator('#group').selectOption(groupBy);
        const expected = new Map(whole.nodes.map((n) => [n.id, groupOf(n) ?? none]));
        const wantLanes = [...new Set(expected.values())].sort();
        await map.locator('.lane-label', { hasText: wantLanes[0] }).first().waitFor();
        const drawn = await map.locator('#map').evaluate((svg) => ({
          lanes: [...svg.querySelectorAll('.lane')].map((rect, i) => ({
            label: svg.querySelectorAll('.lane-label')[i].textContent,
            top: Number(rect.getAttribute('y')),
            bottom: Number(rect.getAttribute('y')) + Number(rect.getAttribute('height')),
          })),
          nodes: [...svg.querySelectorAll('.node')].map((g) => ({
            id: g.getAttribute('data-id'),
            y: Number(/translate\(\S+ (\S+)\)/.exec(g.getAttribute('transform'))[1]),
          })),
        }));
        const labels = drawn.lanes.map((l) => l.label).sort();
        if (labels.join('|') !== wantLanes.join('|'))
          throw new Error(`grouped by ${groupBy}, the lanes are ${labels.join(', ')}, not ${wantLanes.join(', ')}`);
        if (drawn.nodes.length !== whole.nodes.length)
          throw new Error(`grouped by ${groupBy}, ${drawn.nodes.length} nodes drawn of ${whole.nodes.length}`);
        for (const node of drawn.nodes) {
          const lane = drawn.lanes.find((l) => l.top <= node.y && node.y < l.bottom);
          if (lane?.label !== expected.get(node.id))
            throw new Error(
              `grouped by ${groupBy}, ${node.id} is in lane '${lane?.label}', not '${expected.get(node.id)}'`,
            );
        }
        await screenshot(`13-map-grouped-by-${groupBy}`);
      }
      await map.locator('#group').selectOption('owner');
      await map.locator('.lane-label', { hasText: 'platform' }).first().waitFor();
    },
  },
];
