-- The init.lua a user writes, per editors/neovim/README.md, with the plugin checked out at
-- $ANNO_EDITORS_DIR/neovim and the server binary at $ANNO_BIN.
vim.opt.runtimepath:prepend(vim.env.ANNO_EDITORS_DIR .. "/neovim")
require("anno").setup({ cmd = { vim.env.ANNO_BIN, "lsp" } })
