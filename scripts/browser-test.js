// Drives the real workbench in headless chromium, for what a person sees: the
// checks in test/browser/*.test.mjs run in order against one page that has a
// copy of the fixture workspace open with this repository loaded as an
// extension under development. Screenshots go to test-results/browser/.
// Builds nothing: run `node esbuild.js` first.
// Usage: node scripts/browser-test.js [WORKSPACE]
'use strict';

const fs = require('fs');
const path = require('path');
const { pathToFileURL } = require('url');
const editor = require('./editor');

const CHECKS = path.join(editor.ROOT, 'test', 'browser');
const RESULTS = path.join(editor.ROOT, 'test-results', 'browser');

async function loadChecks() {
  const checks = [];
  for (const file of fs
    .readdirSync(CHECKS)
    .filter((name) => name.endsWith('.test.mjs'))
    .sort()) {
    const loaded = await import(pathToFileURL(path.join(CHECKS, file)).href);
    for (const check of loaded.checks)
      checks.push({ ...check, name: `${file.replace(/\.test\.mjs$/, '')}: ${check.name}` });
  }
  return checks;
}

async function main() {
  const workspace = path.resolve(process.argv[2] || path.join(editor.ROOT, 'test', 'integration', 'workspace'));
  const checks = await loadChecks();
  await editor.ensureEditor();
  fs.rmSync(RESULTS, { recursive: true, force: true });
  fs.mkdirSync(RESULTS, { recursive: true });
  const runDir = editor.makeRunDir('browser');
  let passed = 0;
  let failed = 0;
  let server;
  let browser;
  try {
    const folder = editor.copyWorkspace(workspace, runDir);
    server = await editor.startVSCodeServer(runDir);
    browser = await editor.launchChromium();
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.setDefaultTimeout(30000);
    const pageLog = fs.createWriteStream(path.join(runDir, 'page.log'));
    page.on('console', (message) => pageLog.write(`[${message.type()}] ${message.text()}\n`));
    page.on('pageerror', (error) => pageLog.write(`[pageerror] ${error.stack || error}\n`));
    // The checks wait for what they need; on a busy machine the full load can take longer than goto's default.
    await page.goto(editor.workbenchUrl(server.origin, folder), { waitUntil: 'commit', timeout: 60000 });

    const context = {
      page,
      folder,
      /** Saves test-results/browser/NAME.png and returns its path. */
      screenshot: async (name) => {
        const file = path.join(RESULTS, `${name}.png`);
        await page.screenshot({ path: file });
        return file;
      },
    };
    for (const check of checks) {
      const started = Date.now();
      try {
        await check.run(context);
        passed++;
        console.log(`  ok    ${check.name} (${Date.now() - started} ms)`);
      } catch (error) {
        failed++;
        console.log(
          `  FAIL  ${check.name}\n        ${String(error.message || error)
            .split('\n')
            .join('\n        ')}`,
        );
        await context.screenshot(`failed-${check.name.replace(/[^\w-]+/g, '-')}`).catch(() => {});
      }
    }
  } catch (error) {
    failed++;
    console.error(`[browser] ${error.stack || error.message}`);
  } finally {
    if (browser) await browser.close().catch(() => {});
    if (server) await server.stop();
  }
  if (failed === 0) fs.rmSync(runDir, { recursive: true, force: true });
  else console.error(`[browser] server log, page log and workspace kept in ${path.relative(process.cwd(), runDir)}`);
  console.log(`[browser] screenshots in ${path.relative(process.cwd(), RESULTS)}`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 && passed > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[browser] ${error.message}`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
