;;; test-eglot.el --- Headless test of editors/emacs/anno-mode.el with eglot  -*- lexical-binding: t; -*-

;; Run: ANNO_BIN=... ANNO_EDITORS_DIR=... ANNO_FIXTURE=... emacs --batch -Q -l test-eglot.el
;; Opens the fixture note as a user would (find-file, with eglot-ensure on anno-mode-hook) and
;; checks through eglot: flymake diagnostics at the right positions, completion after [[ and
;; hover; then completion-at-point as typed, and the mode's font-lock.

;;; Code:

(load (expand-file-name "anno-test-common" (file-name-directory load-file-name)) nil t)
(setq anno-test-client "emacs/eglot")
(require 'eglot)
(require 'flymake)

(defun anno-test-diagnostic (code)
  (cl-find-if (lambda (d)
                (let ((data (flymake-diagnostic-data d)))
                  (or (equal (plist-get data :code) code)
                      (string-match-p (regexp-quote code) (flymake-diagnostic-text d)))))
              (flymake-diagnostics)))

(defun anno-test-check-range (code needle why)
  (let* ((want (anno-test-position needle))
         (d (anno-test-diagnostic code)))
    (when (anno-test-check d (format "%s diagnostic is reported by flymake" code)
                           (format "got %S" (mapcar #'flymake-diagnostic-text (flymake-diagnostics))))
      (anno-test-check (and (= (flymake-diagnostic-beg d) (car want))
                            (= (flymake-diagnostic-end d) (cdr want)))
                       (format "%s covers exactly %s" code why)
                       (format "got %s-%s, want %s-%s (line:column)"
                               (anno-test-describe (flymake-diagnostic-beg d))
                               (anno-test-describe (flymake-diagnostic-end d))
                               (anno-test-describe (car want)) (anno-test-describe (cdr want))))
      (anno-test-check (eq (flymake-diagnostic-type d) 'eglot-error)
                       (format "%s is an error" code) (format "%S" (flymake-diagnostic-type d))))))

(cl-defun anno-test-run ()
  (anno-test-out "# %s, eglot from %s" (emacs-version) (locate-library "eglot"))
  (anno-test-user-config)
  (add-hook 'anno-mode-hook #'eglot-ensure)

  (find-file (getenv "ANNO_FIXTURE"))
  (anno-test-check (eq major-mode 'anno-mode) "*.anno opens in anno-mode" (format "%s" major-mode))
  ;; eglot-ensure connects from post-command-hook, after the command that opened the file.
  (let ((err (condition-case err (progn (run-hooks 'post-command-hook) nil) (error err))))
    (unless (anno-test-check (and (not err) (anno-test-wait (lambda () (eglot-current-server)) 20))
                             "eglot starts the anno server for the buffer" (format "%S" err))
      (cl-return-from anno-test-run)))
  (unless (anno-test-check (eglot-current-server) "eglot manages the buffer")
    (cl-return-from anno-test-run))
  (anno-test-check (equal (eglot--language-id (eglot-current-server)) "anno")
                   "eglot announces the language id \"anno\"")

  ;; (a) Diagnostics via flymake.
  (anno-test-check (anno-test-wait (lambda () (flymake-diagnostics)) 20)
                   "flymake shows diagnostics after opening the note")
  (anno-test-check-range "unknown-document" "Jurnal of Nobody"
                         "the title, on a line with Cyrillic and Hangul before it")
  (anno-test-check-range "invalid-date" "1960-13-45" "the date, on a line with an emoji before it")
  (let ((code-beg (car (anno-test-position "```anno")))
        (code-end (cdr (anno-test-position "Inline code is prose"))))
    (setq code-end (save-excursion (goto-char code-end) (line-end-position)))
    (anno-test-check (null (flymake-diagnostics code-beg code-end))
                     "no diagnostics for citations in code blocks and code spans"
                     (format "%S" (mapcar #'flymake-diagnostic-text (flymake-diagnostics code-beg code-end)))))

  ;; (c) Hover on a citation.
  (goto-char (car (anno-test-position "Puzanov for 2 May")))
  (let* ((server (eglot-current-server))
         (hover (jsonrpc-request server :textDocument/hover (eglot--TextDocumentPositionParams)))
         (text (and hover (eglot--hover-info (plist-get hover :contents) (plist-get hover :range))))
         (flat (and text (replace-regexp-in-string "[ \t\n]+" " " (substring-no-properties text)))))
    (anno-test-check (and flat (string-match-p (regexp-quote anno-test-summary) flat))
                     "hover on a citation shows the document's summary" (format "%S" text))
    (anno-test-check (and flat (string-match-p "2 May 1960" flat)
                          (string-match-p "Journal of Soviet Ambassador" flat))
                     "hover shows the title and the date for humans" (format "%S" text)))

  ;; (b) Completion after [[ on a new line with Hangul before it, through eglot's capf.
  (goto-char (point-max))
  (insert "\n김일성 cites [[")
  (let* ((capf (eglot-completion-at-point))
         (table (nth 2 capf))
         (proxies (and table (all-completions "" table)))
         (labels (mapcar (lambda (p) (plist-get (get-text-property 0 'eglot--lsp-item p) :label)) proxies))
         (missing (cl-remove-if (lambda (title) (member title labels)) anno-test-titles)))
    (anno-test-check (and capf (null missing))
                     "completion after [[ lists the catalogue's 7 documents"
                     (format "missing %S; got %S" missing labels)))

  ;; completion-at-point, as typed: [[Puzanov then M-x completion-at-point.
  (goto-char (point-max))
  (insert "\n\nПосол cites [[Puzanov")
  (let ((completion-cycle-threshold t))
    (completion-at-point))
  (let ((line (buffer-substring-no-properties (line-beginning-position) (line-end-position))))
    (anno-test-check (equal line "Посол cites [[1960-05-02 | Journal of Soviet Ambassador in the DPRK A.M. Puzanov for 2 May 1960]]")
                     "completion-at-point after [[Puzanov completes the whole citation" (format "%S" line)))
  (let ((beg (line-beginning-position)) (end (line-end-position)) bad)
    (eglot--signal-textDocument/didChange)
    (anno-test-wait (lambda ()
                      (setq bad (flymake-diagnostics beg end))
                      (null bad))
                    10)
    (anno-test-check (null bad) "the completed citation has no diagnostic"
                     (format "%S" (mapcar #'flymake-diagnostic-text bad))))

  (anno-test-check-font-lock))

(let ((debug-on-error nil))
  (condition-case err
      (anno-test-run)
    (error (anno-test-check nil "test script error" (format "%S" err)))))
(when (and (fboundp 'eglot-current-server) (get-file-buffer (getenv "ANNO_FIXTURE")))
  (with-current-buffer (get-file-buffer (getenv "ANNO_FIXTURE"))
    (let ((server (eglot-current-server)))
      (when server (ignore-errors (eglot-shutdown server))))
    (set-buffer-modified-p nil)))
(anno-test-finish)

;;; test-eglot.el ends here
