" Anno for Vim: registers the Anno language server (`anno lsp`) with vim-lsp.
" (coc.nvim users: see coc-settings.json beside this directory's README.)
"
"   let g:anno_server_command = ['anno', 'lsp']   " default; a full path works too
"
" The server starts for buffers of filetype "anno" (*.anno, see ftdetect/anno.vim).
if exists('g:loaded_anno')
  finish
endif
let g:loaded_anno = 1

let g:anno_server_command = get(g:, 'anno_server_command', ['anno', 'lsp'])

" The nearest directory upwards holding anno.json or .git, else the file's directory.
function! AnnoRootUri(...) abort
  let l:file = a:0 ? a:1 : expand('%:p')
  let l:dir = fnamemodify(l:file, ':p:h')
  while 1
    if filereadable(l:dir . '/anno.json') || isdirectory(l:dir . '/.git') || filereadable(l:dir . '/.git')
      break
    endif
    let l:up = fnamemodify(l:dir, ':h')
    if l:up ==# l:dir
      let l:dir = fnamemodify(l:file, ':p:h')
      break
    endif
    let l:dir = l:up
  endwhile
  return exists('*lsp#utils#path_to_uri') ? lsp#utils#path_to_uri(l:dir) : 'file://' . l:dir
endfunction

function! s:register_vim_lsp() abort
  if !executable(g:anno_server_command[0])
    echohl ErrorMsg
    echomsg 'anno: cannot find the language server "' . g:anno_server_command[0]
          \ . '"; build Anno (swift build -c release) and put .build/release/anno on your PATH,'
          \ . ' or set g:anno_server_command = ["/path/to/anno", "lsp"]'
    echohl None
    return
  endif
  call lsp#register_server({
        \ 'name': 'anno',
        \ 'cmd': {server_info -> g:anno_server_command},
        \ 'root_uri': {server_info -> AnnoRootUri()},
        \ 'allowlist': ['anno'],
        \ })
endfunction

augroup anno_vim_lsp
  autocmd!
  " vim-lsp fires User lsp_setup when it starts (on VimEnter); without vim-lsp nothing happens.
  autocmd User lsp_setup call s:register_vim_lsp()
augroup END
" Loaded late (after vim-lsp already started): register now.
if exists('g:lsp_loaded') && get(v:, 'vim_did_enter', 0)
  call s:register_vim_lsp()
endif
