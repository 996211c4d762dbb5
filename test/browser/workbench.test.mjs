// What a person sees in the workbench. Run by scripts/browser-test.js, in order,
// on one page showing a copy of test/integration/workspace.
// So far the extension is a stub: these assert the workbench and the Explorer;
// diagnostics in Problems, hovers and the Services view come next.

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
];
