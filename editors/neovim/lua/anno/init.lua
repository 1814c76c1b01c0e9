-- Anno for Neovim: starts the Anno language server (`anno lsp`) for buffers of filetype
-- "anno" and gives them an omnifunc that completes whole citations.
--
--   require("anno").setup {
--     cmd = { "anno", "lsp" },          -- the server command; a full path works too
--     root_markers = { "anno.json", ".git" },
--     on_attach = function(client, bufnr) end,
--   }
--
-- Works with Neovim 0.7 (vim.lsp.start_client + vim.lsp.buf_attach_client) and with current
-- releases (vim.lsp.start, which reuses a client per root directory by itself).
local M = {}

local defaults = {
  -- The command that runs the language server.
  cmd = { "anno", "lsp" },
  -- Filetypes the server is started for.
  filetypes = { "anno" },
  -- The workspace root is the nearest directory upwards holding one of these.
  root_markers = { "anno.json", ".git" },
  -- Passed to the server in `initialize` (see spec/lsp.md for what Anno reads there).
  init_options = nil,
  -- Answered to workspace/configuration requests.
  settings = {},
  -- Extra client capabilities (merged over Neovim's defaults).
  capabilities = nil,
  -- function(client, bufnr) called when the server attaches to a buffer.
  on_attach = nil,
  -- Set 'omnifunc' to require("anno").omnifunc, which inserts whole citations (<C-x><C-o>).
  omnifunc = true,
  -- Start the server automatically for matching buffers.
  autostart = true,
}

M.config = vim.deepcopy(defaults)

local NAME = "anno"
local warned_missing = false
-- On Neovim 0.7: client id per root directory, to share one server between buffers.
local clients_by_root = {}

local function notify(msg, level)
  vim.schedule(function()
    vim.notify("anno: " .. msg, level or vim.log.levels.INFO)
  end)
end

local function is_dir(path)
  local stat = vim.loop.fs_stat(path)
  return stat ~= nil and stat.type == "directory"
end

local function exists(path)
  return vim.loop.fs_stat(path) ~= nil
end

local function parent(dir)
  local up = vim.fn.fnamemodify(dir, ":h")
  if up == dir then
    return nil
  end
  return up
end

--- The root directory for a file: the nearest directory upwards (starting with the file's
--- own) that holds one of `config.root_markers`; else the file's directory.
function M.root_dir(path, markers)
  markers = markers or M.config.root_markers
  local start
  if path == nil or path == "" then
    start = vim.loop.cwd()
  else
    start = vim.fn.fnamemodify(path, ":p")
    if not is_dir(start) then
      start = vim.fn.fnamemodify(start, ":h")
    end
  end
  start = start:gsub("[/\\]$", "")
  if start == "" then
    start = "/"
  end
  local dir = start
  while dir do
    for _, marker in ipairs(markers) do
      if exists(dir .. "/" .. marker) then
        return dir
      end
    end
    dir = parent(dir)
  end
  return start
end

local function executable(cmd)
  return type(cmd) == "table" and cmd[1] ~= nil and vim.fn.executable(cmd[1]) == 1
end

local function missing_server_message(cmd)
  return ("cannot find the language server %q. Build Anno (swift build -c release) and put "
    .. ".build/release/anno on your PATH, or pass its full path: "
    .. 'require("anno").setup{ cmd = { "/path/to/anno", "lsp" } }'):format(tostring(cmd and cmd[1]))
end

local function on_attach(client, bufnr)
  if M.config.omnifunc then
    vim.api.nvim_buf_set_option(bufnr, "omnifunc", "v:lua.require'anno'.omnifunc")
  end
  if M.config.on_attach then
    M.config.on_attach(client, bufnr)
  end
end

local function client_config(root)
  local capabilities = vim.lsp.protocol.make_client_capabilities()
  if M.config.capabilities then
    capabilities = vim.tbl_deep_extend("force", capabilities, M.config.capabilities)
  end
  return {
    name = NAME,
    cmd = M.config.cmd,
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
    init_options = M.config.init_options,
    settings = M.config.settings,
    capabilities = capabilities,
    on_attach = on_attach,
  }
end

local function live_client(id)
  local client = id and vim.lsp.get_client_by_id(id)
  if client and not client.is_stopped() then
    return client
  end
  return nil
end

--- Starts (or reuses) the server for a buffer and attaches it. Returns the client id.
function M.start(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  if not executable(M.config.cmd) then
    if not warned_missing then
      warned_missing = true
      notify(missing_server_message(M.config.cmd), vim.log.levels.ERROR)
    end
    return nil
  end
  local root = M.root_dir(vim.api.nvim_buf_get_name(bufnr))
  if vim.lsp.start then
    return vim.lsp.start(client_config(root), { bufnr = bufnr })
  end
  -- Neovim 0.7.
  local id = clients_by_root[root]
  if not live_client(id) then
    id = vim.lsp.start_client(client_config(root))
    if not id then
      notify("the language server failed to start: " .. table.concat(M.config.cmd, " "), vim.log.levels.ERROR)
      return nil
    end
    clients_by_root[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

--- The Anno client attached to a buffer, if any.
function M.client(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local list
  if vim.lsp.get_clients then
    list = vim.lsp.get_clients({ bufnr = bufnr, name = NAME })
  else
    list = vim.tbl_values(vim.lsp.buf_get_clients(bufnr))
  end
  for _, client in ipairs(list) do
    if client.name == NAME then
      return client
    end
  end
  return nil
end

-- Positions: the server counts columns in the negotiated encoding; Neovim counts bytes.
local function char_len(byte)
  if byte < 0x80 then
    return 1
  elseif byte < 0xE0 then
    return 2
  elseif byte < 0xF0 then
    return 3
  end
  return 4
end

local function units(len, encoding)
  if encoding == "utf-16" then
    return len == 4 and 2 or 1
  end
  return 1
end

--- Byte offset in `line` of a column counted in `encoding` units.
function M.byte_col(line, col, encoding)
  if encoding == "utf-8" then
    return math.min(col, #line)
  end
  local count, i = 0, 1
  while i <= #line and count < col do
    local len = char_len(line:byte(i))
    count = count + units(len, encoding)
    i = i + len
  end
  return i - 1
end

--- Column in `encoding` units of the byte offset `byte` in `line`.
function M.encoded_col(line, byte, encoding)
  if encoding == "utf-8" then
    return byte
  end
  local count, i = 0, 1
  while i <= byte and i <= #line do
    local len = char_len(line:byte(i))
    count = count + units(len, encoding)
    i = i + len
  end
  return count
end

local pending_items = {}

local function completion_items(result)
  if type(result) ~= "table" then
    return {}
  end
  return result.items or result
end

local function documentation_text(doc)
  if type(doc) == "string" then
    return doc
  elseif type(doc) == "table" and type(doc.value) == "string" then
    return doc.value
  end
  return ""
end

--- 'omnifunc' for anno buffers. Unlike Neovim's generic LSP omnifunc on 0.7, it inserts the
--- server's text edit where the server says it starts (at the `[[`), so completing after
--- `[[Puz` replaces the partial citation with a whole `[[DATE | TITLE]]`.
function M.omnifunc(findstart, base)
  local bufnr = vim.api.nvim_get_current_buf()
  if findstart == 1 then
    pending_items = {}
    local client = M.client(bufnr)
    if not client then
      return -3
    end
    local encoding = client.offset_encoding or "utf-16"
    local row, col = unpack(vim.api.nvim_win_get_cursor(0))
    local line = vim.api.nvim_get_current_line()
    local params = {
      textDocument = { uri = vim.uri_from_bufnr(bufnr) },
      position = { line = row - 1, character = M.encoded_col(line, col, encoding) },
      context = { triggerKind = 1 },
    }
    local response = client.request_sync("textDocument/completion", params, 2000, bufnr)
    if not response or response.err then
      return -3
    end
    local start = nil
    for _, item in ipairs(completion_items(response.result)) do
      local edit = item.textEdit
      local range = edit and (edit.range or edit.replace)
      local word = (edit and edit.newText) or item.insertText or item.label
      if range and range.start.line == row - 1 then
        local s = M.byte_col(line, range.start.character, encoding)
        start = start and math.min(start, s) or s
      end
      local detail = item.detail or (item.labelDetails and item.labelDetails.description) or ""
      table.insert(pending_items, {
        word = word,
        abbr = item.label,
        menu = detail,
        info = documentation_text(item.documentation),
        icase = 1,
        dup = 1,
        empty = 1,
      })
    end
    if start == nil then
      start = vim.fn.match(line:sub(1, col), "\\k*$")
    end
    return start
  end
  -- The server has already ranked and filtered the list for the text before the cursor.
  local items = pending_items
  pending_items = {}
  return items
end

local augroup = nil

--- Configures the plugin and starts the server for "anno" buffers (and any already open).
function M.setup(opts)
  M.config = vim.tbl_deep_extend("force", vim.deepcopy(defaults), opts or {})
  if opts and opts.cmd then
    M.config.cmd = opts.cmd -- a list: replace, never merge element-wise
  end
  if opts and opts.root_markers then
    M.config.root_markers = opts.root_markers
  end
  warned_missing = false
  -- Filetype detection also lives in ftdetect/anno.vim; repeating it here makes setup()
  -- enough when the plugin is loaded late (after the first buffer was read).
  if vim.filetype and vim.filetype.add then
    vim.filetype.add({ extension = { anno = "anno" } })
  end
  augroup = vim.api.nvim_create_augroup("anno_lsp", { clear = true })
  vim.api.nvim_create_autocmd({ "BufRead", "BufNewFile" }, {
    group = augroup,
    pattern = "*.anno",
    callback = function(args)
      if vim.bo[args.buf].filetype == "" then
        vim.bo[args.buf].filetype = "anno"
      end
    end,
  })
  if M.config.autostart then
    vim.api.nvim_create_autocmd("FileType", {
      group = augroup,
      pattern = M.config.filetypes,
      callback = function(args)
        M.start(args.buf)
      end,
    })
    for _, buf in ipairs(vim.api.nvim_list_bufs()) do
      if vim.api.nvim_buf_is_loaded(buf) and vim.tbl_contains(M.config.filetypes, vim.bo[buf].filetype) then
        M.start(buf)
      end
    end
  end
  if vim.api.nvim_create_user_command then
    vim.api.nvim_create_user_command("AnnoRestart", function()
      M.restart()
    end, { desc = "Restart the Anno language server" })
  end
end

--- Stops every Anno client and starts one again for each open anno buffer.
function M.restart()
  local buffers = {}
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) and vim.tbl_contains(M.config.filetypes, vim.bo[buf].filetype) then
      table.insert(buffers, buf)
    end
  end
  local list_clients = vim.lsp.get_clients or vim.lsp.get_active_clients
  local all = list_clients()
  for _, client in ipairs(all) do
    if client.name == NAME then
      client.stop()
    end
  end
  clients_by_root = {}
  vim.wait(2000, function()
    for _, client in ipairs(list_clients()) do
      if client.name == NAME and not client.is_stopped() then
        return false
      end
    end
    return true
  end, 50)
  for _, buf in ipairs(buffers) do
    M.start(buf)
  end
end

return M
