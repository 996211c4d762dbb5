// One build script for the extension bundle and the CLI bundle.
// Usage: node esbuild.js [--production] [--watch] [--tests]
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
// The integration tests (trusted and Restricted Mode), run inside VS Code by scripts/run-integration.js; never packaged.
const tests = process.argv.includes('--tests');
// The editor benchmark suite (bench/editor.test.ts), run by `npm run bench`.
const bench = process.argv.includes('--bench');

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
};

const builds = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js' },
  { ...common, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
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
    entryPoints: [{ in: 'test/integration/index.ts', out: 'index' }, ...testFiles.map((file) => ({ in: file, out: path.relative(dir, file).replace(/\.ts$/, '') }))],
    outdir,
    // Only mocha's parallel mode, unused here, resolves files at run time.
    logOverride: { 'require-resolve-not-external': 'silent' },
  };
}

if (tests) {
  // The trusted suite (test/integration) and the Restricted Mode suite (test/untrusted, run with
  // `run-integration.js --untrusted`), on the same fixture workspace and the same tests entry.
  builds.push(testSuite('test/integration', 'dist/test/integration'), testSuite('test/untrusted', 'dist/test/untrusted'));
}

if (bench) {
  builds.push({
    ...common,
    entryPoints: { index: 'test/integration/index.ts', 'editor.test': 'bench/editor.test.ts' },
    outdir: 'dist/test/bench',
    logOverride: { 'require-resolve-not-external': 'silent' },
  });
}

async function main() {
  if (watch) {
    for (const options of builds) await (await esbuild.context(options)).watch();
    return;
  }
  await Promise.all(builds.map((options) => esbuild.build(options)));
  // Generated JSON Schemas, from the same zod schemas the validator uses.
  require('fs').mkdirSync('schemas', { recursive: true });
  const { execFileSync } = require('child_process');
  if (process.env.SVCM_SKIP_SCHEMAS !== '1') execFileSync(process.execPath, ['dist/cli.js', 'schema', '--out', 'schemas'], { stdio: 'inherit' });
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
