// `npm start`: builds the extension and opens examples/ in a real VS Code in
// the browser, as a person would use it. The server is code-server itself
// (not server-main.js with a payload URL), so the plain address works in any
// browser and reloads keep the extension: it is "installed" by a symlink from
// the extensions folder to this repository, so a rebuild plus a window reload
// picks up changes.
// Port: SVCM_PORT, else 8080, else a free one.
'use strict';

const childProcess = require('child_process');
const fs = require('fs');
const path = require('path');
const editor = require('./editor');

async function choosePort() {
  const wanted = Number(process.env.SVCM_PORT || 8080);
  if (await editor.portIsFree(wanted)) return wanted;
  const port = await editor.freePort();
  editor.log(`port ${wanted} is busy; using ${port} instead`);
  return port;
}

/** Links the repository into the extensions folder under the id VS Code scans for. */
function linkExtension(extensionsDir) {
  const { publisher, name, version } = require(path.join(editor.ROOT, 'package.json'));
  fs.mkdirSync(extensionsDir, { recursive: true });
  for (const entry of fs.readdirSync(extensionsDir)) {
    // Links left by earlier versions, and the scan caches that would remember them.
    if (entry.startsWith(`${publisher}.${name}-`) || entry === 'extensions.json' || entry === '.obsolete') {
      fs.rmSync(path.join(extensionsDir, entry), { recursive: true, force: true });
    }
  }
  fs.symlinkSync(editor.ROOT, path.join(extensionsDir, `${publisher}.${name}-${version}`), 'dir');
}

async function main() {
  childProcess.execFileSync(process.execPath, [path.join(editor.ROOT, 'esbuild.js')], {
    cwd: editor.ROOT,
    stdio: 'inherit',
  });
  await editor.ensureEditor();

  const folder = path.join(editor.ROOT, 'examples');
  fs.mkdirSync(folder, { recursive: true });
  // Kept between runs (settings, open editors, window state), like a person's own profile.
  const home = path.join(editor.RUNS, 'start');
  fs.mkdirSync(home, { recursive: true });
  const extensionsDir = path.join(home, 'extensions');
  linkExtension(extensionsDir);
  editor.writeUserSettings(path.join(home, 'user-data'));

  const port = await choosePort();
  const server = editor.spawnServer(
    [
      editor.CODE_SERVER_ENTRY,
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--extensions-dir',
      extensionsDir,
      '--user-data-dir',
      path.join(home, 'user-data'),
      // Otherwise code-server writes ~/.config/code-server/config.yaml with a password.
      '--config',
      path.join(home, 'config.yaml'),
      folder,
    ],
    { cwd: editor.ROOT, logFile: path.join(home, 'server.log'), tmpDir: path.join(home, 'tmp'), echo: true },
  );
  const origin = `http://127.0.0.1:${port}`;
  await editor.waitForServer(server, `${origin}/healthz`, 60000);
  console.log('');
  console.log(`  svcm is running in VS Code at  ${origin}/?folder=${encodeURI(folder)}`);
  console.log('  (after `npm run build`, reload the window to load the new extension; Ctrl+C stops)');
  console.log('');
  // Ctrl+C reaches this process directly; this covers a parent (npm, a task runner) killed alone.
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && process.exit(129), 2000).unref();
  const exit = await server.exited;
  return exit.code ?? 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[start] ${error.message}`);
    process.exit(1);
  },
);
