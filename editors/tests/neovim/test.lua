-- Headless Neovim test of editors/neovim: opens the fixture note as a user would (the plugin
-- was set up by init.lua) and checks, through Neovim's own LSP client, diagnostics, completion
-- and hover; then the plugin's omnifunc and the syntax file.
local anno = require("anno")
local fixture = vim.env.ANNO_FIXTURE
local failures, passes = 0, 0

local function out(s)
  -- Start on a fresh line: Neovim may have printed a message without a newline.
  io.stdout:write("\n" .. s .. "\n")
  io.stdout:flush()
end

local function check(ok, name, detail)
  if ok then
    passes = passes + 1
    out("ok - neovim: " .. name)
  else
    failures = failures + 1
    out("not ok - neovim: " .. name .. (detail and (": " .. detail) or ""))
  end
  return ok
end

local function finish()
  for _, client in ipairs((vim.lsp.get_clients or vim.lsp.get_active_clients)()) do
    client.stop()
  end
  vim.wait(3000, function()
    return #(vim.lsp.get_clients or vim.lsp.get_active_clients)() == 0
  end, 50)
  if failures > 0 then
    local log = vim.lsp.get_log_path()
    if vim.fn.getfsize(log) > 0 then
      out("# last lines of " .. log .. ":")
      local lines = vim.fn.readfile(log)
      for i = math.max(1, #lines - 20), #lines do
        out("#   " .. lines[i])
      end
    end
  end
  out(("neovim: %d passed, %d failed"):format(passes, failures))
  vim.cmd(failures > 0 and "cquit 1" or "qall!")
end

local function find_line(bufnr, needle)
  for i, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    local s = line:find(needle, 1, true)
    if s then
      return i - 1, s - 1, line
    end
  end
  return nil
end

local ok, err = xpcall(function()
  out("# " .. vim.fn.execute("version"):match("NVIM v[^\n]*"))
  vim.cmd("edit " .. vim.fn.fnameescape(fixture))
  local buf = vim.api.nvim_get_current_buf()
  check(vim.bo[buf].filetype == "anno", "*.anno opens with filetype anno", "filetype=" .. vim.bo[buf].filetype)

  local client
  local started = vim.wait(20000, function()
    client = anno.client(buf)
    return client ~= nil and client.initialized == true
  end, 50)
  if not check(started, "the anno client starts and attaches to the buffer", "no initialized anno client after 20 s") then
    return
  end
  local encoding = client.offset_encoding or "utf-16"
  out("# client offset encoding: " .. encoding)
  local notes_dir = vim.fn.fnamemodify(fixture, ":p:h")
  check(client.config.root_dir == notes_dir, "root_dir is the nearest directory with anno.json",
    tostring(client.config.root_dir) .. " ~= " .. notes_dir)

  -- (a) Diagnostics, at byte columns computed from the text itself.
  local have = vim.wait(20000, function()
    return #vim.diagnostic.get(buf) > 0
  end, 50)
  check(have, "diagnostics arrive after opening the note", "none after 20 s")
  local diags = vim.diagnostic.get(buf)
  local function code_of(d)
    return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
  end
  local function find_diag(code)
    for _, d in ipairs(diags) do
      if code_of(d) == code then
        return d
      end
    end
  end
  local function check_range(code, needle, why)
    local lnum, col, line = find_line(buf, needle)
    assert(lnum, "fixture lacks " .. needle)
    local d = find_diag(code)
    local want = ("%d:%d-%d:%d"):format(lnum, col, lnum, col + #needle)
    if not check(d ~= nil, code .. " diagnostic is reported", "codes seen: " .. vim.inspect(vim.tbl_map(code_of, diags))) then
      return
    end
    local got = ("%d:%d-%d:%d"):format(d.lnum, d.col, d.end_lnum or d.lnum, d.end_col or d.col)
    check(got == want, code .. " covers exactly " .. why, "got " .. got .. ", want " .. want
      .. " (0-based line:byte; the UTF-16 column would be " .. anno.encoded_col(line, col, "utf-16") .. ")")
    check(d.severity == vim.diagnostic.severity.ERROR, code .. " is an error", "severity " .. tostring(d.severity))
  end
  check_range("unknown-document", "Jurnal of Nobody",
    "the title, on a line with Cyrillic and Hangul before it (byte columns)")
  check_range("invalid-date", "1960-13-45", "the date, on a line with an emoji before it")
  local code_start = find_line(buf, "```anno")
  local code_end = find_line(buf, "Inline code is prose")
  local in_code = {}
  for _, d in ipairs(diags) do
    if d.lnum > code_start and d.lnum <= code_end then
      table.insert(in_code, d.lnum .. ":" .. tostring(code_of(d)))
    end
  end
  check(#in_code == 0, "no diagnostics for citations in code blocks and code spans", table.concat(in_code, ", "))
  local wrapped = find_line(buf, "Kapto's memoir")
  local on_wrapped = {}
  for _, d in ipairs(diags) do
    if d.lnum == wrapped or d.lnum == wrapped + 1 then
      table.insert(on_wrapped, tostring(code_of(d)))
    end
  end
  check(#on_wrapped == 0, "a correct citation wrapped across lines has no diagnostic", table.concat(on_wrapped, ", "))

  -- (c) Hover on a citation: the raw response, then what K shows in the floating window.
  local row, col = find_line(buf, "Puzanov for 2 May")
  vim.api.nvim_win_set_cursor(0, { row + 1, col })
  local line = vim.api.nvim_buf_get_lines(buf, row, row + 1, false)[1]
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    position = { line = row, character = anno.encoded_col(line, col, encoding) },
  }
  local responses = vim.lsp.buf_request_sync(buf, "textDocument/hover", params, 10000) or {}
  local text = ""
  for _, r in pairs(responses) do
    if r.result and r.result.contents then
      text = text .. table.concat(vim.lsp.util.convert_input_to_markdown_lines(r.result.contents), "\n")
    end
  end
  local summary = "Kim Il Sung and Puzanov discuss events in South Korea, North Korea's Seven-Year Plan, "
    .. "Soviet-Korean relations, and Kim's health problems."
  local flat = text:gsub("%s+", " ")
  check(flat:find(summary, 1, true) ~= nil, "hover on a citation shows the document's summary", vim.inspect(text))
  check(flat:find("2 May 1960", 1, true) ~= nil and flat:find("Journal of Soviet Ambassador", 1, true) ~= nil,
    "hover shows the title and the date for humans", vim.inspect(text))

  vim.lsp.buf.hover()
  local float_text = ""
  vim.wait(10000, function()
    for _, win in ipairs(vim.api.nvim_list_wins()) do
      if vim.api.nvim_win_get_config(win).relative ~= "" then
        local lines = vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(win), 0, -1, false)
        float_text = table.concat(lines, " "):gsub("%s+", " ")
        return true
      end
    end
    return false
  end, 50)
  check(float_text:find(summary, 1, true) ~= nil, "K (vim.lsp.buf.hover) opens a float with the summary", vim.inspect(float_text))
  for _, win in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(win).relative ~= "" then
      vim.api.nvim_win_close(win, true)
    end
  end

  -- (b) Completion after [[ on a new line with Hangul before it (a buffer edit, so didChange).
  local titles = {
    "Excerpts from Recollections by the Former Soviet Ambassador in North Korea Aleksandr Kapto",
    "Cable No. 121973, Meretskov and Shytkov to Cde. Stalin",
    "Record of Conversation Between A.A. Gromyko and Deputy Chairman of the Cabinet of Ministers, Minister of Foreign Affairs of the DPRK Comrade Pak Seong-cheol",
    "The Economic and Political Situation of the DPRK",
    "The Nature of Our Revolution at the Current Stage and the Primary Tasks of Our Party in the Cause of Socialist Development in North Korea",
    "Journal of Soviet Ambassador in the DPRK A.M. Puzanov for 2 May 1960",
    "Excerpts from V.P. Tkachenko 'The Korean Peninsula and Russia's Interests'",
  }
  local last = vim.api.nvim_buf_line_count(buf)
  local typed = "김일성 cites [["
  vim.api.nvim_buf_set_lines(buf, last, last, false, { "", typed })
  params = {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    position = { line = last + 1, character = anno.encoded_col(typed, #typed, encoding) },
    context = { triggerKind = 2, triggerCharacter = "[" },
  }
  responses = vim.lsp.buf_request_sync(buf, "textDocument/completion", params, 10000) or {}
  local labels = {}
  local puzanov_doc = nil
  for _, r in pairs(responses) do
    local items = r.result and (r.result.items or r.result) or {}
    for _, item in ipairs(items) do
      labels[item.label] = true
      if item.label == titles[6] then
        local d = item.documentation
        puzanov_doc = type(d) == "table" and d.value or d
      end
    end
  end
  -- Neovim's client declares no resolveSupport: the items carry their documentation.
  check(type(puzanov_doc) == "string" and puzanov_doc:find(summary, 1, true) ~= nil,
    "completion items carry the document's summary (no resolveSupport declared)", vim.inspect(puzanov_doc))
  local missing = {}
  for _, t in ipairs(titles) do
    if not labels[t] then
      table.insert(missing, t)
    end
  end
  check(#missing == 0, "completion after [[ lists the catalogue's 7 documents",
    "missing: " .. table.concat(missing, " / ") .. "; got: " .. table.concat(vim.tbl_keys(labels), " / "))

  -- The omnifunc, driven by keys as a user types them: <C-x><C-o> after "[[Puzanov".
  local changes = 0
  vim.api.nvim_create_autocmd("DiagnosticChanged", { buffer = buf, callback = function() changes = changes + 1 end })
  vim.api.nvim_buf_set_lines(buf, -1, -1, false, { "", "Посол cites [[Puzanov" })
  local nlines = vim.api.nvim_buf_line_count(buf)
  -- Let the server see this edit and answer it before completing, so the check below looks
  -- at diagnostics for the completed text, not for this one.
  vim.wait(3000, function() return changes > 0 end, 50)
  vim.api.nvim_win_set_cursor(0, { nlines, 0 })
  check(vim.bo[buf].omnifunc == "v:lua.require'anno'.omnifunc", "the plugin sets 'omnifunc'", vim.bo[buf].omnifunc)
  changes = 0
  -- No "-- INSERT --" or "match 1 of 7" on stdout, where the test lines go.
  vim.o.showmode = false
  vim.opt.shortmess:append("c")
  local keys = vim.api.nvim_replace_termcodes("A<C-x><C-o><C-y><Esc>", true, false, true)
  vim.api.nvim_feedkeys(keys, "xt", false)
  local completed = vim.api.nvim_buf_get_lines(buf, nlines - 1, nlines, false)[1]
  local want_line = "Посол cites [[1960-05-02 | Journal of Soviet Ambassador in the DPRK A.M. Puzanov for 2 May 1960]]"
  check(completed == want_line, "<C-x><C-o> after [[Puzanov completes the whole citation", vim.inspect(completed))
  -- The server re-checks the edited note, and the completed citation checks clean.
  local bad = {}
  local republished = false
  vim.wait(10000, function()
    republished = changes > 0
    bad = {}
    for _, d in ipairs(vim.diagnostic.get(buf, { lnum = nlines - 1 })) do
      table.insert(bad, tostring(code_of(d)) .. " " .. d.message)
    end
    return republished and #bad == 0
  end, 50)
  check(republished and #bad == 0, "diagnostics are re-published after the edit, none on the completed citation",
    republished and table.concat(bad, ", ") or "no publishDiagnostics after the edit")

  -- The syntax file: highlight groups at known places.
  local function group_at(needle, offset)
    local r, c = find_line(buf, needle)
    local ids = vim.fn.synstack(r + 1, c + 1 + (offset or 0))
    local names = {}
    for _, id in ipairs(ids) do
      table.insert(names, vim.fn.synIDattr(id, "name"))
    end
    return table.concat(names, ">")
  end
  local expect = {
    { "[[1960-05-02 | Journal", 0, "annoCitation" },
    { "1960-05-02 | Journal", 0, "annoDate" },
    { "1960-13-45", 0, "annoBadDate" },
    { "Journal of Soviet Ambassador in the DPRK A.M. Puzanov for 2 May 1960 | p. 3", 0, "annoTitle" },
    { "p. 3]]", 0, "annoLocator" },
    { "Korea Aleksandr Kapto]] wraps", 0, "annoTitle" },
    { "An example, not a citation", 0, "annoFence" },
    { "[[1960 | Another Example", 3, "annoCode" },
    { "# Puzanov's", 0, "annoHeading" },
  }
  for _, e in ipairs(expect) do
    local stack = group_at(e[1], e[2])
    local is_code = e[3] == "annoFence" or e[3] == "annoCode"
    local ok_group = stack:find(e[3], 1, true) ~= nil
    if is_code then
      ok_group = ok_group and stack:find("annoCitation", 1, true) == nil
    end
    check(ok_group, "syntax: " .. e[3] .. " at " .. vim.inspect(e[1]) .. (is_code and " (and no citation)" or ""), stack)
  end
end, debug.traceback)
if not ok then
  check(false, "test script error", err)
end
finish()
