;;; anno-test-common.el --- Helpers shared by the Emacs editor tests  -*- lexical-binding: t; -*-

;;; Commentary:
;; Loaded by test-eglot.el and test-lsp-mode.el: Debian's elpa packages under -Q, check/report
;; helpers, and the facts about the fixture and the bundled catalogue that the tests assert.

;;; Code:

(require 'package)
(require 'cl-lib)
;; -Q skips site-lisp: find Debian's elpa packages (elpa-eglot, elpa-lsp-mode) the way
;; package.el would for a user.
(setq package-user-dir (make-temp-file "anno-test-elpa" t))
(dolist (dir '("/usr/share/emacs/site-lisp/elpa" "/usr/share/emacs/site-lisp/elpa-src"))
  (when (file-directory-p dir) (add-to-list 'package-directory-list dir)))
(package-initialize)

(defvar anno-test-client "emacs"
  "Name of the client under test, printed before each check.")

(defvar anno-test-passed 0)
(defvar anno-test-failed 0)

(defun anno-test-out (fmt &rest args)
  (princ (concat (apply #'format fmt args) "\n") #'external-debugging-output))

(defun anno-test-check (ok name &optional detail)
  (if ok
      (progn (cl-incf anno-test-passed) (anno-test-out "ok - %s: %s" anno-test-client name))
    (cl-incf anno-test-failed)
    (anno-test-out "not ok - %s: %s%s" anno-test-client name (if detail (format ": %s" detail) "")))
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

(defun anno-test-user-config ()
  "What a user's init file holds, per editors/emacs/README.md."
  (add-to-list 'load-path (expand-file-name "emacs" (getenv "ANNO_EDITORS_DIR")))
  (require 'anno-mode)
  (setq anno-server-command (list (getenv "ANNO_BIN") "lsp")))

(defun anno-test-check-font-lock ()
  "The mode's own highlighting, in the current (fixture) buffer."
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

(defun anno-test-finish ()
  (anno-test-out "%s: %d passed, %d failed" anno-test-client anno-test-passed anno-test-failed)
  (kill-emacs (if (> anno-test-failed 0) 1 0)))

(provide 'anno-test-common)
;;; anno-test-common.el ends here
