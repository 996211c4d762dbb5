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

/** A file of the person's own where the export would like to write. */
const MY_SVG = '<svg xmlns="http://www.w3.org/2000/svg"><!-- mine --></svg>\n';

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

/**
 * Waits for a notification saying `text` in the notification centre, opened and closed again
 * with the status bar's bell: a toast may come and go unseen, the centre keeps the notification.
 */
async function notified(page, text) {
  const bell = page.locator('[id="status.notifications"]').first();
  await bell.click();
  await page.locator('.notifications-center', { hasText: text }).waitFor({ timeout: 30000 });
  await bell.click();
  await page.locator('.notifications-center').waitFor({ state: 'hidden' });
}

/** Waits until `file` holds a whole SVG document; throws after `timeout` ms. */
async function svgWritten(file, timeout = 60000) {
  const until = Date.now() + timeout;
  for (;;) {
    const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    if (text.trimEnd().endsWith('</svg>')) return text;
    if (Date.now() > until) throw new Error(`${path.basename(file)} was not written within ${timeout / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`>${title}`);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 30000 });
  await page.keyboard.press('Enter');
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
  {
    name: "Export SVG writes a valid SVG of the drawn map, under a free name, never over a person's file",
    async run({ page, folder }) {
      const mine = path.join(folder, 'service-map.svg');
      fs.writeFileSync(mine, MY_SVG);
      const map = mapFrame(page);
      const drawn = await map.locator('.node').evaluateAll((els) => els.map((el) => el.getAttribute('data-id')));
      // The save dialog proposes a name nobody uses: service-map.svg is taken.
      await map.locator('#export').click();
      const input = page.locator('.quick-input-widget input');
      await input.waitFor();
      await page.waitForFunction(() =>
        /service-map-2\.svg$/.test(document.querySelector('.quick-input-widget input')?.value ?? ''),
      );
      await page.keyboard.press('Enter');
      // What is on disk is the result (the toast that says so may come and go before anyone looks).
      const exported = await svgWritten(path.join(folder, 'service-map-2.svg'));
      const { JSDOM } = await import('jsdom');
      const doc = new new JSDOM('').window.DOMParser().parseFromString(exported, 'image/svg+xml');
      const error = doc.getElementsByTagName('parsererror')[0];
      if (error) throw new Error(`the exported file is not well-formed XML: ${error.textContent}`);
      const root = doc.documentElement;
      if (root.localName !== 'svg' || root.namespaceURI !== 'http://www.w3.org/2000/svg')
        throw new Error(`the exported root is <${root.tagName}> in ${root.namespaceURI}`);
      const ids = [...doc.querySelectorAll('g[data-id]')].map((g) => g.getAttribute('data-id'));
      const want = (list) => [...list].sort().join('\n');
      if (want(ids) !== want(drawn))
        throw new Error(`the SVG holds nodes\n${want(ids)}\nbut the map drew\n${want(drawn)}`);
      if (doc.querySelectorAll('path[data-from]').length === 0) throw new Error('the SVG holds no edges');
      // Colours are written in (the file has no theme to read them from).
      if (!doc.querySelector('g[data-id] rect')?.getAttribute('fill'))
        throw new Error('the nodes have no fill written in');

      // Choosing the person's own file: nothing is written over it. The dialog first fills in its
      // proposal (service-map-3.svg now): typing before it does would be typed over.
      await map.locator('#export').click();
      await input.waitFor();
      await page.waitForFunction(() =>
        /service-map-3\.svg$/.test(document.querySelector('.quick-input-widget input')?.value ?? ''),
      );
      await input.fill(mine);
      await page.keyboard.press('Enter');
      // The dialog asks first whether to overwrite it ("... already exists. Are you sure you want to
      // overwrite it?", with OK): say yes, svcm must still refuse.
      const overwrite = page.locator('.quick-input-widget', { hasText: 'already exists' });
      const refusal = 'does not write over a file';
      const first = await Promise.race([
        overwrite.waitFor({ timeout: 30000 }).then(
          () => 'overwrite',
          () => undefined,
        ),
        page
          .locator('.notifications-toasts .notification-toast', { hasText: refusal })
          .first()
          .waitFor({ timeout: 30000 })
          .then(
            () => 'refused',
            () => undefined,
          ),
      ]);
      if (!first)
        throw new Error('after choosing service-map.svg, neither the question to overwrite it nor a refusal came');
      if (first === 'overwrite') {
        await overwrite.locator('.monaco-button', { hasText: /^OK$/ }).first().click();
        await overwrite.waitFor({ state: 'hidden' });
      }
      await notified(page, refusal);
      if (fs.readFileSync(mine, 'utf8') !== MY_SVG) throw new Error('the export wrote over service-map.svg');
      const svgs = fs.readdirSync(folder).filter((name) => name.endsWith('.svg'));
      if (svgs.sort().join(' ') !== 'service-map-2.svg service-map.svg')
        throw new Error(`after the refusal the folder holds ${svgs.join(', ')}`);
    },
  },
  {
    name: 'after a reload the map comes back as it was: its focus, its depth, its grouping',
    async run({ page }) {
      let map = mapFrame(page);
      await map.locator('#focus').fill('payments-api');
      await map.locator('#depth').fill('1');
      await map.locator('#depth').press('Enter');
      await map.locator('body[data-nodes="3"]').waitFor({ timeout: 30000 });
      // Reload Window, as a person does: the workbench saves its state (the webview's with it) before
      // it reloads, which page.reload() does not wait for.
      const reloaded = page.waitForEvent('framenavigated', {
        predicate: (frame) => frame === page.mainFrame(),
        timeout: 60000,
      });
      reloaded.catch(() => {}); // awaited below; not left unhandled if the command cannot be run
      await runCommand(page, 'Developer: Reload Window');
      await reloaded;
      await page.locator('.monaco-workbench').waitFor({ timeout: 90000 });
      // VS Code restores the panel through svcm's serializer, which asks the graph again.
      map = mapFrame(page);
      await map.locator('body[data-nodes="3"]').waitFor({ timeout: 90000 });
      for (const id of ['service:payments-api', 'service:checkout-web', 'service:ledger'])
        await map.locator(`.node[data-id="${id}"]`).waitFor();
      const controls = await map.locator('body').evaluate(() => ({
        focus: document.getElementById('focus').value,
        depth: document.getElementById('depth').value,
        group: document.getElementById('group').value,
        lanes: document.querySelectorAll('.lane').length,
      }));
      if (
        controls.focus !== 'payments-api' ||
        controls.depth !== '1' ||
        controls.group !== 'owner' ||
        controls.lanes === 0
      )
        throw new Error(`after the reload the map shows ${JSON.stringify(controls)}`);
      await runCommand(page, 'View: Close All Editors');
    },
  },
];
