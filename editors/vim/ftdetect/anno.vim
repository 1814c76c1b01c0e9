" Anno notes: *.anno files have the filetype "anno".
autocmd BufRead,BufNewFile *.anno setfiletype anno
