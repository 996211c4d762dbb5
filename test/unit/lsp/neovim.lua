-- Neovim (0.7 and later) as a real third-party client of `svcm lsp --stdio`, headless; run by neovim.test.ts.
-- Opens a file without findings, waits for the diagnostics of another (unopened) file, asks for a hover,
-- and prints what it saw, one line each, before quitting.
local cli, root, open = vim.env.SVCM_CLI, vim.env.SVCM_ROOT, vim.env.SVCM_OPEN
local id = vim.lsp.start_client({
  name = 'svcm',
  cmd = { vim.env.SVCM_NODE, cli, 'lsp', '--stdio' },
  root_dir = root,
  workspace_folders = { { uri = vim.uri_from_fname(root), name = 'ws' } },
})
vim.cmd('edit ' .. open)
vim.lsp.buf_attach_client(0, id)
local seen = vim.wait(20000, function() return #vim.diagnostic.get() > 0 end, 50)
if not seen then print('NO DIAGNOSTICS') end
for _, d in ipairs(vim.diagnostic.get()) do
  local lsp = d.user_data and d.user_data.lsp or {}
  print(string.format('DIAGNOSTIC %s:%d:%d %s %s %s', vim.fn.fnamemodify(vim.api.nvim_buf_get_name(d.bufnr), ':t'),
    d.lnum + 1, d.col + 1, d.source, lsp.code or d.code, d.message))
end
local replies = vim.lsp.buf_request_sync(0, 'textDocument/hover', {
  textDocument = { uri = vim.uri_from_bufnr(0) },
  position = { line = tonumber(vim.env.SVCM_HOVER_LINE), character = tonumber(vim.env.SVCM_HOVER_CHARACTER) },
}, 20000)
for _, reply in pairs(replies or {}) do
  if reply.result then
    local value = reply.result.contents.value or reply.result.contents
    print('HOVER ' .. string.gsub(value, '\n', ' '))
  end
end
vim.lsp.stop_client(id)
vim.cmd('qa!')
