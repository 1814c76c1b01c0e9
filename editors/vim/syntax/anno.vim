" Vim syntax file
" Language:    Anno (historians' archive notes: Markdown-compatible text with citations)
" Filenames:   *.anno
"
" A citation is [[DATE | TITLE]] or [[DATE | TITLE | LOCATOR]]. DATE is YYYY, YYYY-MM or
" YYYY-MM-DD; anything else is a broken date (highlighted as an error). A title may contain
" [ ] quotes and commas and may end with ], so a citation closes at the LAST two characters of
" a run of ]. \| and \] are escapes. Citations may wrap across lines; a blank line ends an
" unclosed one. Fenced code blocks (``` and ~~~) and `code spans` hold examples, not citations.
" The same file serves Vim and Neovim (editors/vim/syntax/anno.vim is a copy of it).

if exists('b:current_syntax')
  finish
endif

let s:cpo_save = &cpo
set cpo&vim

syn case match
syn sync fromstart

" Markdown-ish structure.
syn match annoHeading /^\s\{,3}#\{1,6}\%(\s.*\)\=$/ contains=annoCitation,annoCode
syn match annoQuote /^\s\{,3}>/
syn match annoListMarker /^\s*\%([-*+]\|\d\{1,9}[.)]\)\ze\s/

" Citations.
syn region annoCitation matchgroup=annoBracket start=/\[\[/ end=/\]\]\]\@!/ end=/^\s*$/
      \ keepend contains=annoBadDate,annoDate,annoTitle
" A date field that is not one of the valid forms below is broken. Defined first so that the
" valid form, defined later, wins where both match.
syn match annoBadDate /\%(\[\[\)\@2<=\s*\zs\%([^|[:space:]\]]\|\]\%(\]\]\@!\)\@!\)\+\%(\s\+\%([^|[:space:]\]]\|\]\%(\]\]\@!\)\@!\)\+\)*/ contained
syn match annoDate /\%(\[\[\)\@2<=\s*\zs\d\{4}\%(-\%(\%(0[13578]\|1[02]\)\%(-\%(0[1-9]\|[12]\d\|3[01]\)\)\=\|\%(0[469]\|11\)\%(-\%(0[1-9]\|[12]\d\|30\)\)\=\|02\%(-\%(0[1-9]\|1\d\|2[0-8]\)\)\=\)\)\=\ze\s*\%(|\|\]\]\]\@!\|$\)/ contained
syn match annoDate /\%(\[\[\)\@2<=\s*\zs\%(\d\d\%(0[48]\|[2468][048]\|[13579][26]\)\|\%(0[48]\|[2468][048]\|[13579][26]\)00\)-02-29\ze\s*\%(|\|\]\]\]\@!\|$\)/ contained
" A date alone at the start of a wrapped line (the [[ ended the line before).
syn match annoBadDate /^\s*\zs\%([^|[:space:]\]]\|\]\%(\]\]\@!\)\@!\)\+\%(\s\+\%([^|[:space:]\]]\|\]\%(\]\]\@!\)\@!\)\+\)*/ contained
syn match annoDate /^\s*\zs\d\{4}\%(-\%(\%(0[13578]\|1[02]\)\%(-\%(0[1-9]\|[12]\d\|3[01]\)\)\=\|\%(0[469]\|11\)\%(-\%(0[1-9]\|[12]\d\|30\)\)\=\|02\%(-\%(0[1-9]\|1\d\|2[0-8]\)\)\=\)\)\=\ze\s*\%(|\|\]\]\]\@!\|$\)/ contained

syn region annoTitle matchgroup=annoSeparator start=/|/ end=/\ze\]\]\]\@!/ end=/^\s*$/
      \ contained keepend contains=annoEscape,annoLocator skip=/\\[|\]]/
syn region annoLocator matchgroup=annoSeparator start=/|/ end=/\ze\]\]\]\@!/ end=/^\s*$/
      \ contained contains=annoEscape skip=/\\[|\]]/
syn match annoEscape /\\[|\]]/ contained

" Code: defined last so that a fence or a code span wins over a citation starting at the
" same place, and citations inside them are never seen.
syn region annoCode matchgroup=annoCodeDelimiter start=/\z(`\+\)`\@!/ end=/`\@<!\z1`\@!/ keepend oneline
syn region annoFence start=/^\s\{,3}\z(`\{3,}\)[^`]*$/ end=/^\s\{,3}\z1`*\s*$/ keepend
syn region annoFence start=/^\s\{,3}\z(\~\{3,}\).*$/ end=/^\s\{,3}\z1\~*\s*$/ keepend

hi def link annoHeading       Title
hi def link annoQuote         Comment
hi def link annoListMarker    Statement
hi def link annoBracket       Delimiter
hi def link annoSeparator     Delimiter
hi def link annoDate          Number
hi def link annoBadDate       Error
hi def link annoTitle         String
hi def link annoLocator       Special
hi def link annoEscape        SpecialChar
hi def link annoCode          PreProc
hi def link annoCodeDelimiter Delimiter
hi def link annoFence         PreProc

let b:current_syntax = 'anno'

let &cpo = s:cpo_save
unlet s:cpo_save
