// One build script for the extension bundle and the CLI bundle.
// Usage: node esbuild.js [--production] [--watch] [--tests] [--bench]
// Also a module: bench/editorBench.ts builds the production extension bundle and the
// editor benchmark suite from extensionBuild() and benchBuild().
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
// The integration tests (trusted and Restricted Mode), run inside VS Code by scripts/run-integration.js; never packaged.
const tests = process.argv.includes('--tests');
// The editor benchmark suite (bench/editor.test.ts), run by `npm run bench`.
const bench = process.argv.includes('--bench');

/**
 * zod's namespace re-exports every locale (`z.locales`, ~260 KB minified, a third of the
 * extension bundle), and a namespace is never tree-shaken. svcm writes its own messages and
 * uses only zod's default English one (`en`, which zod itself sets up), so the bundles get a
 * locales module holding `en` alone: `z.locales.fr` and the like are undefined in them.
 * @type {import('esbuild').Plugin}
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer)
        ? { path: path.join(path.dirname(args.importer), '..', 'locales', 'index.js'), namespace: 'zod-english-only' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-english-only' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(path.join(path.dirname(args.path), 'en.js'))};`,
      resolveDir: path.dirname(args.path),
    }));
  },
};

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  external: ['vscode'],
  plugins: [zodEnglishOnly],
};

/**
 * The extension's entry bundle (src/activate.ts), kept small so that activation is quick: it
 * loads the rest (mainBuild) after activate() has returned. Its first line notes when the bundle
 * started to run, so activate() can report the bundle's own evaluation time (SvcmApi.timings).
 * The banner goes before esbuild's "use strict", which would then no longer be a directive: the
 * banner repeats it.
 * @param {{ production: boolean, outfile?: string }} options
 * @returns {import('esbuild').BuildOptions}
 */
function extensionBuild({ production: prod, outfile = 'dist/extension.js' }) {
  return {
    ...common,
    sourcemap: !prod,
    minify: prod,
    entryPoints: [path.join(__dirname, 'src', 'activate.ts')],
    outfile,
    banner: { js: '"use strict";var __svcmLoadStart=performance.now();' },
  };
}

/**
 * The rest of the extension (src/extension.ts: the language client, views, commands), loaded by
 * the entry bundle from the same folder once activation has returned.
 * @param {{ production: boolean, outfile?: string }} options
 * @returns {import('esbuild').BuildOptions}
 */
function mainBuild({ production: prod, outfile = 'dist/main.js' }) {
  return {
    ...common,
    sourcemap: !prod,
    minify: prod,
    entryPoints: [path.join(__dirname, 'src', 'extension.ts')],
    outfile,
  };
}

/**
 * The service map's webview script (src/webview/serviceMap/main.ts), for the browser; the
 * panel writes it into the webview's page.
 * @param {{ production: boolean, outfile?: string }} options
 * @returns {import('esbuild').BuildOptions}
 */
function serviceMapBuild({ production: prod, outfile = 'dist/serviceMap.js' }) {
  return {
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    sourcemap: prod ? false : 'inline',
    minify: prod,
    logLevel: 'warning',
    entryPoints: [path.join(__dirname, 'src', 'webview', 'serviceMap', 'main.ts')],
    outfile,
  };
}

const builds = [
  extensionBuild({ production }),
  mainBuild({ production }),
  // The CLI's entry: a few kilobytes, so that the first thread starts `svcm validate`'s worker at once (src/cli.ts).
  { ...common, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  // The commands, loaded by the thread that runs them (for validate: the worker), and the language server (`svcm lsp`).
  { ...common, entryPoints: ['src/cli/run.ts'], outfile: 'dist/commands.js' },
  { ...common, entryPoints: ['src/server/server.ts'], outfile: 'dist/lsp.js' },
  // The CLI's reading thread: a few kilobytes, so that it starts at once (src/node/readerThread.ts).
  { ...common, entryPoints: ['src/node/readerMain.ts'], outfile: 'dist/reader.js' },
  // svcm validate's parsing thread: the parser and the local rules (src/node/parserThread.ts).
  { ...common, entryPoints: ['src/node/parserMain.ts'], outfile: 'dist/parser.js' },
  // The service map's webview script: loaded by the webview when the map opens, never by activation.
  serviceMapBuild({ production }),
];

/**
 * One bundle per test file, so the tests entry (test/integration/index.ts) can find them on
 * disk and hand them to mocha as files, as in a plain mocha run; mocha itself is bundled into
 * index.js (its ESM entry cannot be require()d by every Node the tests may run on).
 */
function testSuite(dir, outdir) {
  // A deleted test must not keep running from an old bundle.
  fs.rmSync(outdir, { recursive: true, force: true });
  const testFiles = fs
    .readdirSync(dir, { recursive: true })
    .filter((file) => file.endsWith('.test.ts') && !file.startsWith(`workspace${path.sep}`))
    .map((file) => path.join(dir, file));
  return {
    ...common,
    entryPoints: [
      { in: 'test/integration/index.ts', out: 'index' },
      ...testFiles.map((file) => ({ in: file, out: path.relative(dir, file).replace(/\.ts$/, '') })),
    ],
    outdir,
    // Only mocha's parallel mode, unused here, resolves files at run time.
    logOverride: { 'require-resolve-not-external': 'silent' },
  };
}

if (tests) {
  // The trusted suite (test/integration) and the Restricted Mode suite (test/untrusted, run with
  // `run-integration.js --untrusted`), on the same fixture workspace and the same tests entry.
  builds.push(
    testSuite('test/integration', 'dist/test/integration'),
    testSuite('test/untrusted', 'dist/test/untrusted'),
  );
}

/** The editor benchmark suite (bench/editor.test.ts) with the tests entry, in dist/test/bench. */
function benchBuild() {
  return {
    ...common,
    entryPoints: {
      index: path.join(__dirname, 'test/integration/index.ts'),
      'editor.test': path.join(__dirname, 'bench/editor.test.ts'),
    },
    outdir: path.join(__dirname, 'dist/test/bench'),
    logOverride: { 'require-resolve-not-external': 'silent' },
  };
}

if (bench) builds.push(benchBuild());

async function main() {
  if (watch) {
    for (const options of builds) await (await esbuild.context(options)).watch();
    return;
  }
  await Promise.all(builds.map((options) => esbuild.build(options)));
  // Generated JSON Schemas, from the same zod schemas the validator uses.
  require('fs').mkdirSync('schemas', { recursive: true });
  const { execFileSync } = require('child_process');
  if (process.env.SVCM_SKIP_SCHEMAS !== '1')
    execFileSync(process.execPath, ['dist/cli.js', 'schema', '--out', 'schemas'], { stdio: 'inherit' });
}

module.exports = { extensionBuild, mainBuild, serviceMapBuild, benchBuild };

if (require.main === module) {
  main().catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
}
