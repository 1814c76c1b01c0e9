;;; anno-mode.el --- Major mode for Anno archive notes  -*- lexical-binding: t; -*-

;; Version: 0.1.0
;; Package-Requires: ((emacs "27.1"))
;; Keywords: languages, wp, outlines
;; URL: see editors/emacs/README.md in the Anno repository

;;; Commentary:

;; Anno notes are Markdown-compatible text files (*.anno) that cite archive documents:
;;
;;     [[DATE | TITLE]]
;;     [[DATE | TITLE | LOCATOR]]
;;
;; This mode highlights citations (brackets, date, separators, title, locator, and broken
;; dates as errors), leaves citations in fenced code blocks and `code spans' alone, and
;; registers the Anno language server (`anno lsp') with eglot and with lsp-mode.  The server
;; gives completion of citations after [[, the document's summary on hover, and diagnostics.
;;
;; Set-up:
;;
;;     (add-to-list 'load-path "/path/to/anno/editors/emacs")
;;     (require 'anno-mode)
;;     (add-hook 'anno-mode-hook #'eglot-ensure)   ; or #'lsp-deferred for lsp-mode
;;
;; If `anno' is not on `exec-path', set `anno-server-command' to '("/path/to/anno" "lsp").

;;; Code:

(require 'subr-x)

(defgroup anno nil
  "Anno archive notes."
  :group 'text
  :prefix "anno-")

(defcustom anno-server-command '("anno" "lsp")
  "Command (program and arguments) that runs the Anno language server."
  :type '(repeat string)
  :group 'anno)

(defface anno-bracket-face '((t :inherit font-lock-keyword-face))
  "Face for the [[ and ]] of a citation.")
(defface anno-separator-face '((t :inherit font-lock-keyword-face))
  "Face for the | separators of a citation.")
(defface anno-date-face '((t :inherit font-lock-constant-face))
  "Face for a citation's date.")
(defface anno-invalid-date-face '((t :inherit error :underline t))
  "Face for a citation's date that is not YYYY, YYYY-MM or YYYY-MM-DD, or does not exist.")
(defface anno-title-face '((t :inherit font-lock-string-face))
  "Face for a citation's title.")
(defface anno-locator-face '((t :inherit font-lock-doc-face))
  "Face for a citation's locator (page, folio, paragraph).")
(defface anno-escape-face '((t :inherit font-lock-regexp-grouping-backslash))
  "Face for the \\| and \\] escapes in a citation.")
(defface anno-code-face '((t :inherit font-lock-comment-face))
  "Face for fenced code blocks and code spans.")
(defface anno-heading-face '((t :inherit font-lock-function-name-face :weight bold))
  "Face for Markdown headings.")

;;;; Dates

(defun anno-valid-date-p (text)
  "Non-nil if TEXT is a date of the form YYYY, YYYY-MM or YYYY-MM-DD that exists."
  (save-match-data
    (and (string-match "\\`\\([0-9]\\{4\\}\\)\\(?:-\\([0-9]\\{2\\}\\)\\(?:-\\([0-9]\\{2\\}\\)\\)?\\)?\\'" text)
	 (let ((year (string-to-number (match-string 1 text)))
               (month (and (match-string 2 text) (string-to-number (match-string 2 text))))
               (day (and (match-string 3 text) (string-to-number (match-string 3 text)))))
           (or (null month)
               (and (<= 1 month 12)
                    (or (null day)
			(<= 1 day (anno--days-in-month year month)))))))))

(defun anno--days-in-month (year month)
  "Days in MONTH of YEAR (proleptic Gregorian calendar)."
  (if (= month 2)
      (if (and (zerop (% year 4)) (or (/= 0 (% year 100)) (zerop (% year 400)))) 29 28)
    (if (memq month '(4 6 9 11)) 30 31)))

;;;; Code blocks and spans: marked as generic strings, so `syntax-ppss' knows them

(defconst anno--fence-re "^[ \t]\\{0,3\\}\\(`\\{3,\\}\\|~\\{3,\\}\\)"
  "A line that opens or closes a fenced code block.")

(defun anno--in-code-p (&optional pos)
  "Non-nil if POS (default point) is inside a fenced code block or a code span."
  (eq t (nth 3 (save-excursion (syntax-ppss (or pos (point)))))))

(defun anno--syntax-propertize (start end)
  "Mark fenced code blocks and code spans between START and END as generic strings."
  (goto-char start)
  (while (re-search-forward "`+\\|^[ \t]\\{0,3\\}~\\{3,\\}" end t)
    (let* ((mbeg (match-beginning 0))
           (mend (match-end 0))
           (run (buffer-substring-no-properties mbeg mend))
           (run-text (string-trim-left run))
           (run-beg (+ mbeg (- (length run) (length run-text))))
           (ppss (save-excursion (syntax-ppss run-beg)))
           (opener (and (eq t (nth 3 ppss)) (nth 8 ppss)))
           (at-line-start (save-excursion
                            (goto-char run-beg)
                            (looking-back "^[ \t]\\{0,3\\}" (line-beginning-position)))))
      (cond
       ;; Inside a block or span: does this run close it?
       (opener
        (let ((open-run (anno--run-at opener)))
          (if (get-text-property opener 'anno-fence)
              (when (and at-line-start
                         (eq (aref run-text 0) (aref open-run 0))
                         (>= (length run-text) (length open-run))
                         (save-excursion (goto-char mend) (looking-at "[ \t]*$")))
                (put-text-property (1- mend) mend 'syntax-table (string-to-syntax "|")))
            (when (string= run-text open-run)
              (put-text-property (1- mend) mend 'syntax-table (string-to-syntax "|"))))))
       ;; A fence opens a block (an info string of a backtick fence has no backtick).
       ((and at-line-start (>= (length run-text) 3)
             (save-excursion (goto-char mend)
                             (looking-at (if (eq (aref run-text 0) ?`) "[^`\n]*$" ".*$"))))
        (put-text-property run-beg (1+ run-beg) 'syntax-table (string-to-syntax "|"))
        (put-text-property run-beg (1+ run-beg) 'anno-fence t)
        (goto-char (line-end-position)))
       ;; A backtick run opens a code span if the same run closes it within the paragraph.
       ((eq (aref run-text 0) ?`)
        (let ((close (save-excursion
                       (goto-char mend)
                       (anno--find-closing-run run-text))))
          (when close
            (put-text-property run-beg (1+ run-beg) 'syntax-table (string-to-syntax "|"))
            (remove-text-properties run-beg (1+ run-beg) '(anno-fence nil))))))))
  nil)

(defun anno--run-at (pos)
  "The run of backticks or tildes starting at POS."
  (save-excursion
    (goto-char pos)
    (looking-at "`+\\|~+")
    (match-string-no-properties 0)))

(defun anno--find-closing-run (run)
  "Position after the next backtick run equal to RUN before a blank line, or nil."
  (let ((limit (save-excursion
                 (if (re-search-forward "^[ \t]*$" nil t) (point) (point-max))))
        found)
    (while (and (not found) (re-search-forward "`+" limit t))
      (when (string= (match-string-no-properties 0) run)
        (setq found (point))))
    found))

;;;; Citations

(defvar font-lock-beg)
(defvar font-lock-end)

(defun anno--scan-citation (limit)
  "Parse a citation whose [[ is at point; return its match data list, or nil.
Leaves point after the citation (or after the [[ when it is unclosed).
The groups are 1 [[, 2 date, 3 first |, 4 title, 5 second |, 6 locator, 7 ]]."
  (let ((open-beg (point))
        (field-starts nil)           ; positions after each |
        (seps nil)                   ; positions of the | separators
        close-beg close-end)
    (forward-char 2)
    (while (and (not close-beg) (< (point) limit))
      (cond
       ((looking-at "\\\\[]|]") (forward-char 2))
       ((looking-at "|")
        (push (point) seps)
        (forward-char 1)
        (push (point) field-starts))
       ((looking-at "\\]\\]\\(\\]*\\)")
        ;; The closing ]] is the last two of a run of ].
        (setq close-end (match-end 0)
              close-beg (- close-end 2)))
       ((and (eq (char-after) ?\n)
             (save-excursion (forward-char 1) (looking-at "[ \t]*$")))
        ;; A blank line ends an unclosed citation.
        (goto-char limit))
       (t (forward-char 1))))
    (if (not close-beg)
        (progn (goto-char (+ open-beg 2)) nil)
      (goto-char close-end)
      (setq seps (nreverse seps) field-starts (nreverse field-starts))
      (let* ((date-end (or (car seps) close-beg))
             (title-beg (car field-starts))
             (title-end (and title-beg (or (cadr seps) close-beg)))
             (loc-beg (cadr field-starts))
             (trim (lambda (beg end)
                     (save-excursion
                       (goto-char beg)
                       (skip-chars-forward " \t\n" end)
                       (let ((b (point)))
                         (goto-char end)
                         (skip-chars-backward " \t\n" b)
                         (if (< b (point)) (list b (point)) (list nil nil)))))))
        (append (list open-beg close-end open-beg (+ open-beg 2))
                (funcall trim (+ open-beg 2) date-end)
                (if (car seps) (list (car seps) (1+ (car seps))) (list nil nil))
                (if title-beg (funcall trim title-beg title-end) (list nil nil))
                (if (cadr seps) (list (cadr seps) (1+ (cadr seps))) (list nil nil))
                (if loc-beg (funcall trim loc-beg close-beg) (list nil nil))
                (list close-beg close-end))))))

(defun anno--match-citation (limit)
  "Font-lock matcher: find the next citation before LIMIT outside code."
  (let (data)
    (while (and (not data) (search-forward "[[" limit t))
      (goto-char (match-beginning 0))
      (if (anno--in-code-p)
          (forward-char 2)
        ;; A citation may wrap: let it run to the end of its paragraph.
        (setq data (anno--scan-citation
                    (save-excursion
                      (if (re-search-forward "\n[ \t]*$" nil t) (match-beginning 0) (point-max)))))))
    (when data
      (set-match-data data)
      t)))

(defun anno--date-face ()
  "Face for the date in the current citation match."
  (if (and (match-beginning 2) (anno-valid-date-p (match-string-no-properties 2)))
      'anno-date-face
    'anno-invalid-date-face))

(defun anno--match-escape (limit)
  "Font-lock matcher for escapes inside citations, before LIMIT."
  (let (found)
    (while (and (not found) (re-search-forward "\\\\[]|]" limit t))
      (when (memq (get-text-property (match-beginning 0) 'face) '(anno-title-face anno-locator-face))
        (setq found t)))
    found))

(defun anno--extend-region ()
  "Extend the font-lock region to whole paragraphs, where wrapped citations live."
  (let ((beg (save-excursion
               (goto-char font-lock-beg)
               (if (re-search-backward "^[ \t]*$" nil t) (point) (point-min))))
        (end (save-excursion
               (goto-char font-lock-end)
               (if (re-search-forward "^[ \t]*$" nil t) (point) (point-max)))))
    (prog1 (or (< beg font-lock-beg) (> end font-lock-end))
      (setq font-lock-beg (min beg font-lock-beg)
            font-lock-end (max end font-lock-end)))))

(defconst anno-font-lock-keywords
  `(("^[ \t]\\{0,3\\}#\\{1,6\\}\\(?:[ \t].*\\)?$" 0 'anno-heading-face)
    (anno--match-citation
     (1 'anno-bracket-face t)
     (2 (anno--date-face) t t)
     (3 'anno-separator-face t t)
     (4 'anno-title-face t t)
     (5 'anno-separator-face t t)
     (6 'anno-locator-face t t)
     (7 'anno-bracket-face t))
    (anno--match-escape 0 'anno-escape-face t))
  "Font-lock keywords for `anno-mode'.")

(defun anno--syntactic-face (state)
  "Face for code blocks and spans (generic strings in STATE)."
  (when (nth 3 state) 'anno-code-face))

(defvar anno-mode-syntax-table
  (let ((table (make-syntax-table text-mode-syntax-table)))
    (modify-syntax-entry ?\" "." table)
    (modify-syntax-entry ?` "." table)
    (modify-syntax-entry ?\\ "." table)
    table)
  "Syntax table for `anno-mode'.")

;;;###autoload
(define-derived-mode anno-mode text-mode "Anno"
  "Major mode for Anno archive notes: Markdown-compatible text with citations.
A citation is [[DATE | TITLE]] or [[DATE | TITLE | LOCATOR]].
Start the language server with `eglot' (or `lsp' from lsp-mode)
for completion, hover and diagnostics."
  :syntax-table anno-mode-syntax-table
  (setq-local syntax-propertize-function #'anno--syntax-propertize)
  (setq-local font-lock-defaults
              '(anno-font-lock-keywords nil nil nil nil
					(font-lock-syntactic-face-function . anno--syntactic-face)))
  (setq-local font-lock-multiline t)
  (add-hook 'font-lock-extend-region-functions #'anno--extend-region nil t)
  (setq-local comment-start "<!-- ")
  (setq-local comment-end " -->")
  (setq-local paragraph-start (concat "[ \t]*$\\|" anno--fence-re)))

;;;###autoload
(add-to-list 'auto-mode-alist '("\\.anno\\'" . anno-mode))

;;;; Language server registration

(defun anno--server-command (&optional _interactive)
  "The server command for eglot and lsp-mode, with a clear error if it is missing."
  (let ((program (car anno-server-command)))
    (unless (and program
                 (or (executable-find program)
                     (and (file-name-absolute-p program) (file-executable-p program))))
      (user-error "anno-mode: cannot find the Anno language server `%s'; build it with `swift build -c release' and put .build/release/anno on `exec-path', or set `anno-server-command' to '(\"/path/to/anno\" \"lsp\")"
                  program))
    anno-server-command))

(put 'anno-mode 'eglot-language-id "anno")

(defvar eglot-server-programs)
(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs '(anno-mode . anno--server-command)))

(declare-function lsp-register-client "ext:lsp-mode")
(declare-function make-lsp-client "ext:lsp-mode")
(declare-function lsp-stdio-connection "ext:lsp-mode")
(declare-function lsp-activate-on "ext:lsp-mode")
(defvar lsp-language-id-configuration)
(with-eval-after-load 'lsp-mode
  (add-to-list 'lsp-language-id-configuration '(anno-mode . "anno"))
  (lsp-register-client
   (make-lsp-client
    :new-connection (lsp-stdio-connection
                     (lambda () (anno--server-command))
                     (lambda () (ignore-errors (anno--server-command) t)))
    :activation-fn (lsp-activate-on "anno")
    :major-modes '(anno-mode)
    :server-id 'anno)))

(provide 'anno-mode)
;;; anno-mode.el ends here
