// The tests entry the extension host loads: exports run(), the contract that
// both VS Code's extensionTestsPath payload (scripts/run-integration.js) and
// @vscode/test-electron (scripts/run-electron.js) call.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

/**
 * Runs every *.test.js bundled beside this file; rejects if any test fails.
 * SVCM_TEST_GREP (a regular expression) runs only the tests whose full title matches (docs/testing.md).
 */
export function run(): Promise<void> {
  const grep = process.env.SVCM_TEST_GREP;
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 30000, reporter: 'spec', ...(grep ? { grep } : {}) });
  // esbuild bundles each test/integration/**/*.test.ts to its own file beside this one.
  const files = (fs.readdirSync(__dirname, { recursive: true }) as string[])
    .filter((file) => file.endsWith('.test.js'))
    .sort();
  for (const file of files) mocha.addFile(path.join(__dirname, file));

  return new Promise((resolve, reject) => {
    // CI reads this line, not mocha's summary; it is printed even when a file fails to load.
    const finish = (passed: number, failed: number, error?: unknown) => {
      console.log(`${passed} passed, ${failed} failed`);
      if (error) reject(error);
      else if (failed > 0) reject(new Error(`${failed} integration test(s) failed`));
      else if (passed === 0) reject(new Error('no integration test ran'));
      else resolve();
    };
    try {
      const runner = mocha.run((failures) => finish(runner.stats?.passes ?? 0, failures));
    } catch (error) {
      // A test file threw while loading; the extension host prints the rejection.
      finish(0, 1, error);
    }
  });
}
