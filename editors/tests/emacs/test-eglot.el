;;; test-eglot.el --- Headless test of editors/emacs/anno-mode.el with eglot  -*- lexical-binding: t; -*-

;; Run: ANNO_BIN=... ANNO_EDITORS_DIR=... ANNO_FIXTURE=... emacs --batch -Q -l test-eglot.el
;; Opens the fixture note as a user would (find-file, with eglot-ensure on anno-mode-hook) and
;; checks through eglot: flymake diagnostics at the right positions, completion after [[ and
;; hover; then completion-at-point as typed, and the mode's font-lock.

;;; Code:

(require 'package)
;; -Q skips site-lisp: find Debian's elpa-eglot (and friends) the way package.el would.
(setq package-user-dir (make-temp-file "anno-test-elpa" t))
(dolist (dir '("/usr/share/emacs/site-lisp/elpa" "/usr/share/emacs/site-lisp/elpa-src"))
  (when (file-directory-p dir) (add-to-list 'package-directory-list dir)))
(package-initialize)
(require 'eglot)
(require 'flymake)
(require 'cl-lib)

(defvar anno-test-passed 0)
(defvar anno-test-failed 0)

(defun anno-test-out (fmt &rest args)
  (princ (concat (apply #'format fmt args) "\n") #'external-debugging-output))

(defun anno-test-check (ok name &optional detail)
  (if ok
      (progn (cl-incf anno-test-passed) (anno-test-out "ok - emacs/eglot: %s" name))
    (cl-incf anno-test-failed)
    (anno-test-out "not ok - emacs/eglot: %s%s" name (if detail (format ": %s" detail) "")))
  ok)

(defun anno-test-wait (pred seconds)
  "Wait up to SECONDS for PRED to return non-nil, serving processes and timers."
  (let ((deadline (+ (float-time) seconds)) result)
    (while (and (not (setq result (funcall pred))) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    result))

(defun anno-test-position (needle)
  "Buffer position of NEEDLE's start and end, as a cons."
  (save-excursion
    (goto-char (point-min))
    (when (search-forward needle nil t)
      (cons (match-beginning 0) (match-end 0)))))

(defun anno-test-describe (pos)
  (save-excursion (goto-char pos) (format "%d:%d" (line-number-at-pos) (current-column))))

(defconst anno-test-titles
  '("Excerpts from Recollections by the Former Soviet Ambassador in North Korea Aleksandr Kapto"
    "Cable No. 121973, Meretskov and Shytkov to Cde. Stalin"
    "Record of Conversation Between A.A. Gromyko and Deputy Chairman of the Cabinet of Ministers, Minister of Foreign Affairs of the DPRK Comrade Pak Seong-cheol"
    "The Economic and Political Situation of the DPRK"
    "The Nature of Our Revolution at the Current Stage and the Primary Tasks of Our Party in the Cause of Socialist Development in North Korea"
    "Journal of Soviet Ambassador in the DPRK A.M. Puzanov for 2 May 1960"
    "Excerpts from V.P. Tkachenko 'The Korean Peninsula and Russia's Interests'"))

(defconst anno-test-summary
  "Kim Il Sung and Puzanov discuss events in South Korea, North Korea's Seven-Year Plan, Soviet-Korean relations, and Kim's health problems.")

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

(defun anno-test-run ()
  (anno-test-out "# %s, eglot from %s" (emacs-version) (locate-library "eglot"))
  ;; The user's configuration, per editors/emacs/README.md.
  (add-to-list 'load-path (expand-file-name "emacs" (getenv "ANNO_EDITORS_DIR")))
  (require 'anno-mode)
  (setq anno-server-command (list (getenv "ANNO_BIN") "lsp"))
  (add-hook 'anno-mode-hook #'eglot-ensure)

  (find-file (getenv "ANNO_FIXTURE"))
  (anno-test-check (eq major-mode 'anno-mode) "*.anno opens in anno-mode" (format "%s" major-mode))
  ;; eglot-ensure connects from post-command-hook, after the command that opened the file.
  (run-hooks 'post-command-hook)
  (unless (anno-test-check (anno-test-wait (lambda () (eglot-current-server)) 20)
                           "eglot starts the anno server for the buffer")
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

  ;; Font-lock of the mode itself.
  (font-lock-ensure)
  (dolist (spec '(("1960-05-02 | Journal" anno-date-face)
                  ("1960-13-45" anno-invalid-date-face)
                  ("Journal of Soviet Ambassador in the DPRK" anno-title-face)
                  ("p. 3]]" anno-locator-face)
                  ("Korea Aleksandr Kapto]] wraps" anno-title-face)
                  ("An example, not a citation" anno-code-face)
                  ("[[1960 | Another Example" anno-code-face)))
    (let* ((pos (car (anno-test-position (car spec))))
           (face (get-text-property pos 'face)))
      (anno-test-check (if (listp face) (memq (cadr spec) face) (eq face (cadr spec)))
                       (format "font-lock: %s at %S" (cadr spec) (car spec)) (format "%S" face))))
  (let ((face (get-text-property (car (anno-test-position "Example Title That Is Not")) 'face)))
    (anno-test-check (not (memq face '(anno-title-face anno-date-face)))
                     "font-lock: no citation faces inside a fenced code block" (format "%S" face))))

(let ((debug-on-error nil))
  (condition-case err
      (cl-block anno-test-run (anno-test-run))
    (error (anno-test-check nil "test script error" (format "%S" err)))))
(when (and (fboundp 'eglot-current-server) (get-file-buffer (getenv "ANNO_FIXTURE")))
  (with-current-buffer (get-file-buffer (getenv "ANNO_FIXTURE"))
    (let ((server (eglot-current-server)))
      (when server (ignore-errors (eglot-shutdown server))))
    (set-buffer-modified-p nil)))
(anno-test-out "emacs/eglot: %d passed, %d failed" anno-test-passed anno-test-failed)
(kill-emacs (if (> anno-test-failed 0) 1 0))

;;; test-eglot.el ends here
