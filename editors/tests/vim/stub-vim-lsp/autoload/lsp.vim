" A stand-in for vim-lsp's lsp#register_server (vim-lsp is not packaged for Debian), so the
" test can see what editors/vim/plugin/anno.vim registers.
let g:stub_vim_lsp_servers = get(g:, 'stub_vim_lsp_servers', [])
function! lsp#register_server(info) abort
  call add(g:stub_vim_lsp_servers, a:info)
endfunction
