// One build script for the extension bundle and the CLI bundle.
// Usage: node esbuild.js [--production] [--watch] [--tests]
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
// The integration tests, run inside VS Code by scripts/run-integration.js; never packaged.
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

if (tests) {
  // One bundle per test file, so test/integration/index.ts can find them on disk and
  // hand them to mocha as files, as in a plain mocha run; mocha itself is bundled into
  // index.js (its ESM entry cannot be require()d by every Node the tests may run on).
  const dir = 'test/integration';
  // A deleted test must not keep running from an old bundle.
  fs.rmSync('dist/test/integration', { recursive: true, force: true });
  const testFiles = fs
    .readdirSync(dir, { recursive: true })
    .filter((file) => file.endsWith('.test.ts') && !file.startsWith(`workspace${path.sep}`))
    .map((file) => path.join(dir, file));
  builds.push({
    ...common,
    entryPoints: [path.join(dir, 'index.ts'), ...testFiles],
    outdir: 'dist/test/integration',
    outbase: dir,
    // Only mocha's parallel mode, unused here, resolves files at run time.
    logOverride: { 'require-resolve-not-external': 'silent' },
  });
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
