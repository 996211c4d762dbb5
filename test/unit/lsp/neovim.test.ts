// Neovim as a real third-party LSP client of the built server, headless (Debian's neovim, 0.7.2 on
// the CI machines: vim.lsp.start_client). Skipped where nvim is not installed; .ci/run installs it.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLI, copyFixture, requireBuiltCli, TempDirs } from '../cliSupport';
import { positionOf } from './lspClient';

function hasNeovim(): boolean {
  return spawnSync('nvim', ['--version'], { encoding: 'utf8' }).status === 0;
}

describe('svcm lsp --stdio in Neovim (headless)', function () {
  const temp = new TempDirs();
  after(() => temp.cleanup());

  it("shows an unopened file's diagnostics and hovers a reference", function () {
    if (!hasNeovim()) this.skip();
    requireBuiltCli();
    const root = copyFixture('cli', path.join(temp.make('svcm-nvim-'), 'ws'));
    const open = path.join(root, 'knowledge', 'KB-0001-restart.md');
    const hover = positionOf(fs.readFileSync(open, 'utf8'), 'cli-team', 2);
    const run = spawnSync(
      'nvim',
      ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${path.join(__dirname, 'neovim.lua')}`],
      {
        cwd: root,
        encoding: 'utf8',
        timeout: 60_000,
        env: {
          ...process.env,
          SVCM_NODE: process.execPath,
          SVCM_CLI: CLI,
          SVCM_ROOT: root,
          SVCM_OPEN: open,
          SVCM_HOVER_LINE: String(hover.line),
          SVCM_HOVER_CHARACTER: String(hover.character),
        },
      },
    );
    // Neovim prints to stderr in headless mode.
    const output = `${run.stdout}${run.stderr}`;
    assert.equal(run.signal, null, `nvim hung:\n${output}`);
    assert.match(
      output,
      /DIAGNOSTIC CHG-2026-0001\.yaml:7:14 svcm unknown-reference unknown service 'cli-paymnts': did you mean 'cli-payments'\?/,
      output,
    );
    assert.match(output, /HOVER .*CLI fixture team/, output);
  });
});
