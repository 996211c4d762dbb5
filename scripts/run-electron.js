// The same integration suite on desktop VS Code through @vscode/test-electron,
// for machines that can download VS Code (these cannot: use run-integration.js).
// Builds nothing: run `node esbuild.js --tests` first.
// Usage: node scripts/run-electron.js WORKSPACE TESTS_ENTRY_JS   (VSCODE_VERSION picks the build, default stable)
'use strict';

const fs = require('fs');
const path = require('path');
const { runTests } = require('@vscode/test-electron');
const editor = require('./editor');

async function main() {
  const [workspace, entry] = process.argv.slice(2).map((file) => path.resolve(file));
  if (!workspace || !entry) throw new Error('usage: node scripts/run-electron.js WORKSPACE TESTS_ENTRY_JS');
  const runDir = editor.makeRunDir('electron');
  let code = 1;
  try {
    code = await runTests({
      version: process.env.VSCODE_VERSION || 'stable',
      extensionDevelopmentPath: editor.ROOT,
      extensionTestsPath: entry,
      launchArgs: [
        editor.copyWorkspace(workspace, runDir),
        '--disable-extensions', // other installed extensions, not the one under development
        '--disable-workspace-trust',
        '--skip-welcome',
        '--user-data-dir',
        path.join(runDir, 'u'),
        '--extensions-dir',
        path.join(runDir, 'e'),
      ],
    }).then(
      () => 0,
      (error) => {
        console.error(`[electron] ${error.message || error}`);
        return 1;
      },
    );
  } finally {
    if (code === 0) fs.rmSync(runDir, { recursive: true, force: true });
    else console.error(`[electron] run folder kept in ${path.relative(process.cwd(), runDir)}`);
  }
  return code;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[electron] ${error.message}`);
    process.exit(1);
  },
);
