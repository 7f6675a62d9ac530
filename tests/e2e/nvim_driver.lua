-- Drives headless Neovim (0.7 to 0.11+) through the gifthorse LSP flow, for tests/e2e/test_neovim.py.
--
-- The client configuration comes from docs/neovim.md (the test writes it to the init file); this
-- script only acts as the user would: open a Python file, paste a risky block, read the diagnostic
-- and its hover, apply the quick fix through textDocument/codeAction, paste a second block and run
-- :GifthorseMarkReviewed. It records what it saw as JSON in $GH_E2E_RESULT and leaves every
-- judgement to the Python test. Exit code: 0 when all steps ran, 1 when one failed or timed out.
--
-- Inputs (environment): GH_E2E_FILE, GH_E2E_RESULT, GH_E2E_FIX_BLOCK, GH_E2E_FIX_CODE,
-- GH_E2E_FIX_TITLE (the engine's fix title, which the action's title starts with; or "Suppress" to pick the suppression action),
-- GH_E2E_REVIEW_BLOCK, GH_E2E_REVIEW_CODE, GH_E2E_TIMEOUT_MS.

local env = function(name) return os.getenv(name) or '' end
local timeout = tonumber(env('GH_E2E_TIMEOUT_MS')) or 20000
local result = { nvim = tostring(vim.version().major .. '.' .. vim.version().minor .. '.' .. vim.version().patch), steps = {} }
local bufnr, client

local function lines_of(text)
  local lines = vim.split(text, '\n', { plain = true })
  if lines[#lines] == '' then table.remove(lines) end
  return lines
end

-- Client methods are closures up to 0.10 and methods (client:request) from 0.11 on.
local methods = vim.fn.has('nvim-0.11') == 1
local function request(c, method, params, handler)
  if methods then return c:request(method, params, handler, bufnr) end
  return c.request(method, params, handler, bufnr)
end
local function request_sync(c, method, params)
  if methods then return c:request_sync(method, params, timeout, bufnr) end
  return c.request_sync(method, params, timeout, bufnr)
end

local function finish(code)
  local out = io.open(env('GH_E2E_RESULT'), 'w')
  out:write(vim.fn.json_encode(result))
  out:close()
  if client then
    local id = client.id
    vim.lsp.stop_client(id)  -- shutdown + exit, so that the server exits cleanly
    vim.wait(3000, function() return vim.lsp.get_client_by_id(id) == nil end, 20)
  end
  vim.cmd(code == 0 and 'qall!' or ('cquit ' .. code))
end

local function fail(step, message)
  result.failed = { step = step, message = message }
  finish(1)
end

local function step(name, fn)
  local started = vim.loop.hrtime()
  local ok, err = pcall(fn)
  if not ok then
    -- vim.cmd('cquit') inside finish() raises too; only report genuine errors
    if result.failed == nil then fail(name, tostring(err)) end
    error(err, 0)
  end
  table.insert(result.steps, { name = name, ms = math.floor((vim.loop.hrtime() - started) / 1e6) })
end

local function gifthorse_client()
  local clients = vim.lsp.get_clients and vim.lsp.get_clients({ bufnr = bufnr }) or vim.lsp.buf_get_clients(bufnr)
  for _, c in pairs(clients) do
    if c.name == 'gifthorse' then return c end
  end
end

local function gifthorse_diagnostics()
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.source == 'gifthorse' then table.insert(out, d) end
  end
  return out
end

local function summarize(diagnostics)
  local out = {}
  for _, d in ipairs(diagnostics) do
    table.insert(out, {
      lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
      severity = d.severity, code = d.code and tostring(d.code) or vim.NIL, message = d.message,
    })
  end
  return out
end

local function with_code(code)
  for _, d in ipairs(gifthorse_diagnostics()) do
    if tostring(d.code) == code then return d end
  end
end

local function buffer_text()
  return table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n') .. '\n'
end

-- The LSP form of a diagnostic, as vim.lsp.buf.code_action() sends it in context.diagnostics.
local function lsp_diagnostic(d)
  if vim.fn.has('nvim-0.10') == 1 and d.user_data and d.user_data.lsp and d.user_data.lsp.range then
    return d.user_data.lsp
  end
  for _, candidate in ipairs(vim.lsp.diagnostic.get_line_diagnostics(bufnr, d.lnum)) do
    if tostring(candidate.code) == tostring(d.code) then return candidate end
  end
end

-- Paste: one change that inserts the whole block at the end of the buffer.
local function paste(block)
  local count = vim.api.nvim_buf_line_count(bufnr)
  vim.api.nvim_buf_set_lines(bufnr, count, count, false, lines_of(block))
end

local function wait_for(what, predicate, ms)
  ms = ms or timeout
  if not vim.wait(ms, predicate, 25) then
    fail(what, ('timed out after %d ms; gifthorse diagnostics: %s'):format(
      ms, vim.inspect(summarize(gifthorse_diagnostics()))))
  end
end

local function main()
  step('open', function()
    vim.cmd('edit ' .. vim.fn.fnameescape(env('GH_E2E_FILE')))
    bufnr = vim.api.nvim_get_current_buf()
  end)
  step('attach', function()
    -- starting Python and compiling the rules can take a while on a busy CI machine
    wait_for('attach', function()
      client = gifthorse_client()
      return client ~= nil and client.initialized == true
    end, 3 * timeout)
    result.offset_encoding = client.offset_encoding
    -- the didOpen goes out on attach; give it a moment before editing
    vim.wait(200)
  end)

  step('diagnostic', function()
    paste(env('GH_E2E_FIX_BLOCK'))
    wait_for('diagnostic', function() return with_code(env('GH_E2E_FIX_CODE')) ~= nil end)
    result.buffer_before_fix = buffer_text()
    result.diagnostics = summarize(gifthorse_diagnostics())
  end)

  local target = with_code(env('GH_E2E_FIX_CODE'))
  step('hover', function()
    local params = {
      textDocument = vim.lsp.util.make_text_document_params(bufnr),
      position = lsp_diagnostic(target).range.start,
    }
    local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', params, timeout)
    local response = responses and responses[client.id]
    local contents = response and response.result and response.result.contents
    if type(contents) == 'table' and contents.value then contents = contents.value end
    result.hover = type(contents) == 'string' and contents or vim.inspect(contents)
  end)

  step('code_action', function()
    local diagnostic = lsp_diagnostic(target)
    local params = {
      textDocument = vim.lsp.util.make_text_document_params(bufnr),
      range = diagnostic.range,
      context = { diagnostics = { diagnostic } },
    }
    local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, timeout)
    local actions = (responses and responses[client.id] and responses[client.id].result) or {}
    result.actions = {}
    local chosen
    for _, action in ipairs(actions) do
      table.insert(result.actions, { title = action.title, kind = action.kind or vim.NIL })
      local wanted = env('GH_E2E_FIX_TITLE')
      -- the server may decorate the engine's fix title, e.g. with the rule code
      local matches = (wanted ~= 'Suppress' and action.title:sub(1, #wanted) == wanted)
        or (wanted == 'Suppress' and action.title:find('Suppress', 1, true) ~= nil)
      if chosen == nil and matches then chosen = action end
    end
    if chosen == nil then
      fail('code_action', 'no action titled ' .. env('GH_E2E_FIX_TITLE') .. ' among ' .. vim.inspect(result.actions))
    end
    if chosen.edit == nil and chosen.command == nil and chosen.data ~= nil then
      local resolved = request_sync(client, 'codeAction/resolve', chosen)
      chosen = resolved and resolved.result or chosen
    end
    result.applied = chosen.title
    if chosen.edit then
      vim.lsp.util.apply_workspace_edit(chosen.edit, client.offset_encoding)
    end
    if chosen.command then
      local command = type(chosen.command) == 'table' and chosen.command or chosen
      request(client, 'workspace/executeCommand', { command = command.command, arguments = command.arguments })
    end
  end)

  step('fix_cleared', function()
    wait_for('fix_cleared', function() return with_code(env('GH_E2E_FIX_CODE')) == nil end)
    result.buffer_after_fix = buffer_text()
    result.diagnostics_after_fix = summarize(gifthorse_diagnostics())
  end)

  step('review_diagnostic', function()
    paste(env('GH_E2E_REVIEW_BLOCK'))
    wait_for('review_diagnostic', function() return with_code(env('GH_E2E_REVIEW_CODE')) ~= nil end)
    result.diagnostics_before_review = summarize(gifthorse_diagnostics())
  end)

  step('mark_reviewed', function()
    vim.cmd('GifthorseMarkReviewed')
    wait_for('mark_reviewed', function() return #gifthorse_diagnostics() == 0 end)
    result.diagnostics_after_review = summarize(gifthorse_diagnostics())
  end)

  finish(0)
end

-- A last resort: never leave a headless nvim behind.
vim.defer_fn(function() fail('overall', 'the whole run took longer than 120 s') end, 120000)
local ok, err = pcall(main)
if not ok and result.failed == nil then fail('driver', tostring(err)) end
