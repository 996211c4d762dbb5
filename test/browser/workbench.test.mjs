// What a person sees in the workbench. Run by scripts/browser-test.js, in order,
// on one page showing a copy of test/integration/workspace (whose deliberate
// mistakes are listed in test/integration/fixture.ts).
// SVCM_UPDATE_SCREENSHOT=1 also copies the Problems-and-hover screenshot to
// docs/screenshot.png, the picture the README shows.

import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const DOCS_SCREENSHOT = fileURLToPath(new URL('../../docs/screenshot.png', import.meta.url));

/** The fixture's deliberate mistakes, by the message the Problems panel shows. */
const MISTAKES = [
  "unknown service 'paymnts-api': did you mean 'payments-api'?",
  'normal change CHG-2026-0912 has no backoutPlan: say how to undo it if it goes wrong',
  "unknown field 'ownr' in spec: did you mean 'owner'?",
];

/** A locator's first match is visible within `timeout` ms; false (no throw) when it is not. */
async function shows(locator, timeout) {
  return locator
    .first()
    .waitFor({ state: 'visible', timeout })
    .then(
      () => true,
      () => false,
    );
}

/** @typedef {{ page: import('playwright-core').Page, folder: string, screenshot: (name: string) => Promise<string> }} Context */

/** @type {{ name: string, run: (context: Context) => Promise<void> }[]} */
export const checks = [
  {
    name: 'the workbench loads with the folder in the Explorer',
    async run({ page, screenshot }) {
      await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
      const explorer = page.locator('.explorer-folders-view');
      await explorer.getByRole('treeitem', { name: 'service-management', exact: true }).waitFor({ timeout: 60000 });
      await explorer.getByRole('treeitem', { name: 'README.md', exact: true }).waitFor();
      await screenshot('01-workbench');
    },
  },
  {
    name: 'the record files are listed under their folder',
    async run({ page, screenshot }) {
      const explorer = page.locator('.explorer-folders-view');
      await explorer.getByRole('treeitem', { name: 'service-management', exact: true }).click();
      await explorer.getByRole('treeitem', { name: 'teams.yaml', exact: true }).waitFor();
      await explorer.getByRole('treeitem', { name: 'services.yaml', exact: true }).waitFor();
      await screenshot('02-explorer');
    },
  },
  {
    name: 'Ctrl+Shift+M opens the Problems panel',
    async run({ page, screenshot }) {
      await page.keyboard.press('Control+Shift+M');
      await page.locator('.markers-panel').waitFor({ state: 'visible' });
      await screenshot('03-problems');
    },
  },
  {
    name: 'the Problems panel lists the deliberate mistakes of files never opened',
    async run({ page, screenshot }) {
      const problems = page.locator('.markers-panel');
      // The extension activates, scans and publishes after the workbench has loaded.
      for (const message of MISTAKES)
        await problems.getByText(message, { exact: true }).first().waitFor({ timeout: 90000 });
      await screenshot('04-problems-listed');
    },
  },
  {
    name: 'hovering a field of an open record shows its glossary entry',
    async run({ page, screenshot }) {
      // Quick Open, as a person opens a file.
      await page.keyboard.press('Control+P');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor();
      await input.fill('CHG-2026-0911.yaml');
      await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'CHG-2026-0911.yaml' }).first().waitFor();
      await page.keyboard.press('Enter');
      const editor = page.locator('.editor-instance .monaco-editor').first();
      const key = editor.locator('.view-line span span', { hasText: /^backoutPlan$/ }).first();
      await key.waitFor({ timeout: 30000 });

      const hover = page.locator('.monaco-hover').filter({ hasText: 'Backout plan' });
      await key.hover();
      if (!(await shows(hover, 15000))) {
        // The mouse did not bring it up (a busy machine can drop the hover): the keyboard's Show Hover does the same.
        // eslint-disable-next-line no-console -- a note under the check's line in the run's output
        console.log('        the mouse brought up no hover; using Show or Focus Hover');
        await key.click();
        await page.keyboard.press('Control+Shift+P');
        await input.waitFor();
        await input.fill('>Show or Focus Hover');
        await page
          .locator('.quick-input-widget .monaco-list-row', { hasText: 'Show or Focus Hover' })
          .first()
          .waitFor();
        await page.keyboard.press('Enter');
      }
      await hover.first().waitFor({ timeout: 30000 });
      await hover.getByText('How to undo a change', { exact: false }).first().waitFor();
      // The picture for the README: the hover over the record, the Problems panel below it.
      await page.locator('.markers-panel').getByText(MISTAKES[0], { exact: true }).first().waitFor();
      const file = await screenshot('05-hover');
      if (process.env.SVCM_UPDATE_SCREENSHOT === '1') fs.copyFileSync(file, DOCS_SCREENSHOT);
      await page.keyboard.press('Escape');
    },
  },
  {
    name: 'the Services view lists the services of the fixture',
    async run({ page, screenshot }) {
      await page.locator('.activitybar [aria-label^="Service Management"]').first().click();
      const sidebar = page.locator('.part.sidebar');
      // The container's title; its one view, Services, has no header of its own.
      await sidebar
        .locator('.composite.title', { hasText: /Service Management/i })
        .first()
        .waitFor();
      const rows = sidebar.getByRole('treeitem');
      if (!(await shows(rows, 60000))) {
        await screenshot('06-services-empty');
        const welcome = (await sidebar.locator('.welcome-view-content').allInnerTexts()).join(' ').trim();
        throw new Error(`the Services view shows no services${welcome ? `; it shows: "${welcome}"` : ''}`);
      }
      for (const [service, description] of [
        ['payments-api', 'tier 1 · live'],
        ['checkout-web', 'tier 2 · beta'],
        ['ledger', 'tier 3 · alpha'],
      ]) {
        const row = sidebar.getByRole('treeitem', { name: new RegExp(`^${service}\\b`) }).first();
        if (!(await shows(row, 30000)))
          throw new Error(
            `the Services view does not list ${service}; it lists: ${(await rows.allInnerTexts()).join(' | ')}`,
          );
        await row.getByText(description, { exact: true }).waitFor();
      }
      await screenshot('06-services');
    },
  },
];
