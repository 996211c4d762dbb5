// Runs a bundled mocha suite inside the extension host of a real VS Code (the
// server from code-server, its workbench in headless chromium), through VS
// Code's own browser-integration mechanism (docs/testing.md). Builds nothing: run
// `node esbuild.js --tests` first.
// Usage: node scripts/run-integration.js WORKSPACE TESTS_ENTRY_JS [--timeout SECONDS] [--untrusted]
// --untrusted: Workspace Trust on and the folder opened in Restricted Mode (no prompt);
// by default the server runs with --disable-workspace-trust, so every folder is trusted.
'use strict';

const fs = require('fs');
const path = require('path');
const util = require('util');
const editor = require('./editor');

function parseArgs(argv) {
  const positional = [];
  let timeout = 180;
  let untrusted = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--timeout') timeout = Number(argv[++i]);
    else if (argv[i] === '--untrusted') untrusted = true;
    else positional.push(argv[i]);
  }
  if (positional.length !== 2 || !(timeout > 0)) {
    throw new Error(
      'usage: node scripts/run-integration.js WORKSPACE TESTS_ENTRY_JS [--timeout SECONDS] [--untrusted]',
    );
  }
  const [workspace, entry] = positional.map((file) => path.resolve(file));
  if (!fs.statSync(workspace, { throwIfNoEntry: false })?.isDirectory())
    throw new Error(`no workspace folder at ${workspace}`);
  if (!fs.existsSync(entry)) throw new Error(`no tests entry at ${entry}: run \`node esbuild.js --tests\` first`);
  return { workspace, entry, timeout, untrusted };
}

async function main() {
  const { workspace, entry, timeout, untrusted } = parseArgs(process.argv.slice(2));
  await editor.ensureEditor();
  const runDir = editor.makeRunDir(untrusted ? 'untrusted' : 'integration');
  const started = Date.now();
  let code = 1;
  let summarised = false; // whether the suite printed its closing line
  let server;
  let browser;
  try {
    const folder = editor.copyWorkspace(workspace, runDir);
    server = await editor.startVSCodeServer(runDir, { untrusted });
    browser = await editor.launchChromium();
    const page = await browser.newPage();

    let settle;
    const finished = new Promise((resolve) => (settle = resolve));
    // The extension host's console (mocha's reporter among it), printf-style.
    await page.exposeFunction('codeAutomationLog', (level, args) => {
      const line = util.format(...(Array.isArray(args) ? args : [args]));
      if (/^\d+ passed, \d+ failed$/.test(line.trim())) summarised = true;
      if (line.startsWith('SVCM-WEBVIEW-MARKS ')) void printWebviewMarks(page, line.slice(19).trim());
      (level === 'error' ? process.stderr : process.stdout).write(`${line}\n`);
    });
    // Called by the workbench when the tests entry's run() settles: 0 or 1.
    await page.exposeFunction('codeAutomationExit', (exitCode) => settle({ code: exitCode }));
    // The workbench's own console goes to the run folder: useful when a run hangs, noise otherwise.
    const pageLog = fs.createWriteStream(path.join(runDir, 'page.log'));
    page.on('console', (message) => pageLog.write(`[${message.type()}] ${message.text()}\n`));
    page.on('pageerror', (error) => pageLog.write(`[pageerror] ${error.stack || error}\n`));
    page.on('crash', () => settle({ code: 1, reason: 'the workbench page crashed' }));
    server.exited.then((exit) =>
      settle({ code: 1, reason: `the VS Code server exited early (${exit.signal || `exit ${exit.code}`})` }),
    );
    const timer = setTimeout(
      () => settle({ code: 1, reason: `the suite did not finish within ${timeout} s` }),
      timeout * 1000,
    );

    // 'commit': the suite's outcome arrives through codeAutomationExit; a slow page load is no failure of its own.
    await page.goto(editor.workbenchUrl(server.origin, folder, [['extensionTestsPath', entry]]), {
      waitUntil: 'commit',
      timeout: 60000,
    });
    const result = await finished;
    clearTimeout(timer);
    if (result.reason) console.error(`[integration] ${result.reason}`);
    code = Number(result.code) === 0 ? 0 : 1;
  } catch (error) {
    console.error(`[integration] ${error.stack || error.message}`);
  } finally {
    if (browser) await browser.close().catch(() => {});
    if (server) await server.stop();
  }
  // The closing line CI reads, for a run that never got to the suite's own (it hung or never started).
  if (!summarised) console.log(code === 0 ? '0 passed, 0 failed' : '0 passed, 1 failed');
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (code === 0) {
    fs.rmSync(runDir, { recursive: true, force: true });
    console.log(`[integration] passed in ${seconds} s`);
  } else {
    console.error(
      `[integration] failed in ${seconds} s; server log, page log and workspace kept in ${path.relative(process.cwd(), runDir)}`,
    );
  }
  return code;
}

/**
 * For the editor benchmark (bench/editor.test.ts asks by logging `SVCM-WEBVIEW-MARKS label`):
 * prints the workbench's side of each open webview's loading, on the epoch clock, as
 * `BENCH-WEBVIEW-MARKS label {json}`: when its host frame (the workbench's pre/index.html)
 * started to load, that frame's own marks (the service worker, the content handed to it, the
 * page written), and when its page's document started (the page's performance.timeOrigin).
 */
async function printWebviewMarks(page, label) {
  const webviews = [];
  for (const frame of page.frames()) {
    if (!frame.url().includes('/webview/browser/pre/index.html')) continue;
    try {
      const host = await frame.evaluate(() => ({
        origin: performance.timeOrigin,
        marks: performance.getEntriesByType('mark').map((m) => [m.name, performance.timeOrigin + m.startTime]),
      }));
      const pages = [];
      for (const child of frame.childFrames())
        pages.push(await child.evaluate(() => performance.timeOrigin).catch(() => undefined));
      webviews.push({ ...host, pages: pages.filter((p) => p !== undefined) });
    } catch {
      // a webview closed meanwhile
    }
  }
  console.log(`BENCH-WEBVIEW-MARKS ${label} ${JSON.stringify(webviews)}`);
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[integration] ${error.message}`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
