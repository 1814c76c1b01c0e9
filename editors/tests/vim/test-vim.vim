" Headless Vim test of editors/vim: filetype detection, the syntax file, and the vim-lsp
" registration (against a stand-in lsp#register_server, since vim-lsp is not packaged).
" Run: ANNO_EDITORS_DIR=... ANNO_FIXTURE=... ANNO_BIN=... ANNO_OUT=file vim -Es -u NONE -N -S test-vim.vim
set nocompatible
let s:lines = []
let s:failed = 0
function! s:check(ok, name, detail) abort
  if a:ok
    call add(s:lines, 'ok - vim: ' . a:name)
  else
    let s:failed += 1
    call add(s:lines, 'not ok - vim: ' . a:name . ': ' . a:detail)
  endif
endfunction

" The user's vimrc, per editors/vim/README.md.
let &runtimepath = $ANNO_EDITORS_DIR . '/vim,' . &runtimepath
" (and a stand-in for vim-lsp, which would fire User lsp_setup once loaded)
let &runtimepath .= ',' . $ANNO_EDITORS_DIR . '/tests/vim/stub-vim-lsp'
let g:anno_server_command = [$ANNO_BIN, 'lsp']
filetype plugin on
syntax on
runtime plugin/anno.vim

doautocmd User lsp_setup
let s:registered = get(get(g:, 'stub_vim_lsp_servers', []), 0, {})

execute 'edit ' . fnameescape($ANNO_FIXTURE)
call s:check(&filetype ==# 'anno', '*.anno opens with filetype anno', 'filetype=' . &filetype)
call s:check(get(s:registered, 'name', '') ==# 'anno' && get(s:registered, 'allowlist', []) ==# ['anno'],
      \ 'the server is registered with vim-lsp for filetype anno', string(s:registered))
if has_key(s:registered, 'cmd')
  call s:check(s:registered.cmd({}) ==# [$ANNO_BIN, 'lsp'], 'vim-lsp runs "anno lsp"', string(s:registered.cmd({})))
  let s:want_root = 'file://' . fnamemodify($ANNO_FIXTURE, ':p:h')
  call s:check(s:registered.root_uri({}) ==# s:want_root, 'the root is the nearest directory with anno.json',
        \ s:registered.root_uri({}) . ' vs ' . s:want_root)
endif

function! s:stack(needle, offset) abort
  let l:lnum = search('\V' . escape(a:needle, '\'), 'cw')
  let l:col = stridx(getline(l:lnum), a:needle) + 1 + a:offset
  call cursor(1, 1)
  return join(map(synstack(l:lnum, l:col), 'synIDattr(v:val, "name")'), '>')
endfunction
for [s:needle, s:offset, s:group, s:forbid] in [
      \ ['1960-05-02 | Journal', 0, 'annoDate', 'annoBadDate'],
      \ ['1960-13-45', 0, 'annoBadDate', 'annoDate'],
      \ ['Jurnal of Nobody', 0, 'annoTitle', 'annoLocator'],
      \ ['p. 3]]', 0, 'annoLocator', 'xx'],
      \ ['Korea Aleksandr Kapto]] wraps', 0, 'annoTitle', 'xx'],
      \ ['An example, not a citation', 0, 'annoFence', 'annoCitation'],
      \ ['[[1960-05-02 | Example Title', 3, 'annoFence', 'annoCitation'],
      \ ['[[1960 | Another Example', 3, 'annoCode', 'annoCitation'],
      \ ['Kim raised', 0, '', 'annoCitation'],
      \ ]
  let s:got = s:stack(s:needle, s:offset)
  call s:check((s:group ==# '' || stridx(s:got, s:group) >= 0) && stridx(s:got, s:forbid) < 0,
        \ 'syntax: ' . (s:group ==# '' ? 'prose' : s:group) . ' at "' . s:needle . '"', s:got)
endfor

call add(s:lines, printf('vim: %d passed, %d failed', len(s:lines) - s:failed, s:failed))
call writefile(s:lines, $ANNO_OUT)
if s:failed
  cquit
endif
qall!
