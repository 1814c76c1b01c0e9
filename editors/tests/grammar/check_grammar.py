#!/usr/bin/env python3
"""Checks the VS Code extension mechanically, since VS Code itself cannot run in CI.

1. package.json, language-configuration.json and the TextMate grammar are valid JSON and
   agree with each other (language id, scope name, grammar path, settings).
2. Every regular expression in the grammar compiles in Oniguruma, the engine VS Code uses
   (through the onigurumacffi binding), and the language configuration's patterns compile.
3. Sample notes tokenize as intended, with a small TextMate tokenizer below that follows
   vscode-textmate's rules for the constructs this grammar uses: match, begin/end with
   captures, contentName, includes, back-references from end to begin, \\G, and the
   "earliest match wins, end pattern first on a tie" scanning order.
4. The Sublime Text syntax parses as YAML and its patterns compile too.

Prints one "ok"/"not ok" line per check and exits non-zero if any failed.
"""
import json
import os
import re
import sys

import onigurumacffi as onig

HERE = os.path.dirname(os.path.abspath(__file__))
EDITORS = os.path.normpath(os.path.join(HERE, "..", ".."))
VSCODE = os.path.join(EDITORS, "vscode")

results = []


def check(name, ok, detail=""):
    results.append(ok)
    print(("ok - " if ok else "not ok - ") + "grammars: " + name + ("" if ok or not detail else ": " + detail))
    return ok


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


# ---------------------------------------------------------------------------------------------
# A small TextMate tokenizer (vscode-textmate semantics, for the features this grammar uses).

NOT_BEGIN_POSITION = onig.OnigSearchOption.NOT_BEGIN_POSITION


class Rule:
    def __init__(self, raw, grammar):
        self.raw = raw
        self.grammar = grammar
        self.name = raw.get("name")
        self.content_name = raw.get("contentName")
        self.match = raw.get("match")
        self.begin = raw.get("begin")
        self.end = raw.get("end")
        self.captures = raw.get("captures", {})
        self.begin_captures = raw.get("beginCaptures", raw.get("captures", {}))
        self.end_captures = raw.get("endCaptures", raw.get("captures", {}))
        self.apply_end_last = bool(raw.get("applyEndPatternLast"))
        self._patterns = None

    def patterns(self):
        """The rule's sub-patterns with includes flattened, in order."""
        if self._patterns is None:
            self._patterns = []
            for p in self.raw.get("patterns", []):
                self._patterns.extend(self.grammar.expand(p))
        return self._patterns


class Grammar:
    def __init__(self, raw):
        self.raw = raw
        self.repository = {k: Rule(v, self) for k, v in raw.get("repository", {}).items()}
        self.root = Rule({"patterns": raw["patterns"]}, self)
        self._regex_cache = {}

    def expand(self, raw_pattern, seen=()):
        if "include" in raw_pattern:
            ref = raw_pattern["include"]
            if ref in ("$self", "$base"):
                rule = self.root
            elif ref.startswith("#"):
                rule = self.repository[ref[1:]]
            else:
                raise KeyError("external include not supported here: " + ref)
            if rule.match is None and rule.begin is None:
                if ref in seen:
                    return []
                out = []
                for p in rule.raw.get("patterns", []):
                    out.extend(self.expand(p, seen + (ref,)))
                return out
            return [rule]
        rule = Rule(raw_pattern, self)
        if rule.match is None and rule.begin is None:
            out = []
            for p in raw_pattern.get("patterns", []):
                out.extend(self.expand(p, seen))
            return out
        return [rule]

    def regex(self, source):
        if source not in self._regex_cache:
            self._regex_cache[source] = onig.compile(source)
        return self._regex_cache[source]


class Frame:
    def __init__(self, rule, end_source, scopes, content_scopes, anchor):
        self.rule = rule
        self.end_source = end_source
        self.scopes = scopes                  # scopes of the begin/end delimiters
        self.content_scopes = content_scopes  # scopes of what lies between them
        self.anchor = anchor                  # where \G matches on the current line, or -1


def _with_backrefs(end_source, begin_match):
    """vscode-textmate replaces \\N in an end pattern with the escaped text of begin capture N."""
    def repl(m):
        n = int(m.group(1))
        try:
            text = begin_match.group(n) or ""
        except (IndexError, onig.OnigError):
            text = ""
        return re.sub(r"[\-\\\{\}\*\+\?\|\^\$\.\,\[\]\(\)\#\s]", lambda c: "\\" + c.group(0), text)
    return re.sub(r"\\(\d+)", repl, end_source)


def _split(name):
    return name.split() if name else []


def _paint(char_scopes, start, end, scopes):
    for i in range(start, end):
        char_scopes[i] = list(scopes)


def _paint_captures(char_scopes, m, captures, base_scopes):
    _paint(char_scopes, m.start(), m.end(), base_scopes)
    for key in sorted(captures, key=int):
        try:
            span = m.span(int(key))
        except (IndexError, onig.OnigError):
            continue
        if span[0] < 0 or span[0] == span[1]:
            continue
        for i in range(span[0], span[1]):
            char_scopes[i] = char_scopes[i] + _split(captures[key].get("name"))


def tokenize_line(grammar, line, stack):
    """Returns per-character scope lists for line (without its newline) and the new stack."""
    text = line + "\n"                       # vscode-textmate matches against the line plus \n
    char_scopes = [None] * len(text)
    pos = 0
    for frame in stack:
        frame.anchor = -1
    guard = 0
    while True:
        guard += 1
        if guard > 10000:
            raise RuntimeError("tokenizer loops on line: " + line)
        frame = stack[-1]
        candidates = []
        if frame.end_source is not None:
            candidates.append(("end", frame.rule, frame.end_source))
        for rule in frame.rule.patterns():
            candidates.append(("rule", rule, rule.match if rule.match is not None else rule.begin))
        if frame.rule.apply_end_last and candidates and candidates[0][0] == "end":
            candidates.append(candidates.pop(0))
        best = None
        for kind, rule, source in candidates:
            flags = onig.OnigSearchOption.NONE if pos == frame.anchor else NOT_BEGIN_POSITION
            m = grammar.regex(source).search(text, pos, flags)
            if m is not None and (best is None or m.start() < best[2].start()):
                best = (kind, rule, m)
        if best is None:
            _paint(char_scopes, pos, len(text), frame.content_scopes)
            break
        kind, rule, m = best
        _paint(char_scopes, pos, m.start(), frame.content_scopes)
        if kind == "end":
            _paint_captures(char_scopes, m, rule.end_captures, frame.scopes)
            stack = stack[:-1]
            pos = m.end()
        elif rule.match is not None:
            scopes = frame.content_scopes + _split(rule.name)
            _paint_captures(char_scopes, m, rule.captures, scopes)
            if m.end() == m.start():
                # An empty match would loop forever: vscode-textmate moves on by one character.
                if pos >= len(text):
                    break
                _paint(char_scopes, pos, pos + 1, frame.content_scopes)
                pos = m.end() + 1
            else:
                pos = m.end()
        else:
            scopes = frame.content_scopes + _split(rule.name)
            _paint_captures(char_scopes, m, rule.begin_captures, scopes)
            content = scopes + _split(rule.content_name)
            new = Frame(rule, _with_backrefs(rule.end, m), scopes, content, m.end())
            if m.end() == m.start() and any(f.rule is rule for f in stack):
                raise RuntimeError("grammar pushes the same rule without advancing: " + line)
            stack = stack + [new]
            pos = m.end()
        if pos >= len(text):
            break
    return char_scopes[:len(line)], stack


def tokenize(grammar, source):
    stack = [Frame(grammar.root, None, [grammar.raw["scopeName"]], [grammar.raw["scopeName"]], -1)]
    out = []
    for line in source.split("\n"):
        scopes, stack = tokenize_line(grammar, line, stack)
        out.append((line, scopes))
    return out


# ---------------------------------------------------------------------------------------------
# Expectations: (source, [(line index, substring, occurrence, scopes it must have, scopes it must not)])
# A scope is matched by prefix: "constant.numeric.date" matches "constant.numeric.date.anno".

PUZANOV = "Journal of Soviet Ambassador in the DPRK A.M. Puzanov for 2 May 1960"
KAPTO = "Excerpts from Recollections by the Former Soviet Ambassador in North Korea Aleksandr Kapto"
CITE = "meta.citation"
DATE = "constant.numeric.date"
BAD = "invalid.illegal.date"
TITLE = "string.other.title"
LOC = "string.other.locator"
SEP = "punctuation.separator.citation"
OPEN = "punctuation.definition.citation.begin"
CLOSE = "punctuation.definition.citation.end"
RAW = "markup.raw.block"
INLINE = "markup.inline.raw"
ESC = "constant.character.escape"

SAMPLES = [
    ("full citation with locator",
     f"Kim raised the Seven-Year Plan [[1960-05-02 | {PUZANOV} | p. 3]].",
     [(0, "Kim raised", 0, [], [CITE]),
      (0, "[[", 0, [CITE, OPEN], []),
      (0, "1960-05-02", 0, [CITE, DATE], [BAD, TITLE]),
      (0, "|", 0, [SEP], [TITLE]),
      (0, PUZANOV, 0, [TITLE], [LOC, DATE]),
      (0, "|", 1, [SEP], [TITLE, LOC]),
      (0, "p. 3", 0, [LOC], [TITLE]),
      (0, "]]", 0, [CITE, CLOSE], [TITLE, LOC])]),
    ("year-only date, no locator",
     f"[[1996 | {KAPTO}]]",
     [(0, "1996", 0, [DATE], []), (0, KAPTO, 0, [TITLE], [LOC]), (0, "]]", 0, [CLOSE], [])]),
    ("year-month date, no title", "[[1960-05]] then prose",
     [(0, "1960-05", 0, [DATE], [BAD]), (0, "then prose", 0, [], [CITE])]),
    ("month 13 and day 45 are a broken date", "[[1960-13-45 | Jurnal of Nobody]]",
     [(0, "1960-13-45", 0, [BAD], [DATE]), (0, "Jurnal of Nobody", 0, [TITLE], [])]),
    ("prose date is a broken date", "[[May 2, 1960 | Memo]]",
     [(0, "May 2, 1960", 0, [BAD], [DATE]), (0, "Memo", 0, [TITLE], [])]),
    ("two-digit year is a broken date", "[[60-05-02 | Memo]]", [(0, "60-05-02", 0, [BAD], [DATE])]),
    ("date with trailing junk is broken", "[[1960-05-02x | Memo]]", [(0, "1960-05-02x", 0, [BAD], [DATE])]),
    ("leap day in a leap year", "[[1960-02-29 | Memo]]", [(0, "1960-02-29", 0, [DATE], [BAD])]),
    ("leap day in a common year", "[[1961-02-29 | Memo]]", [(0, "1961-02-29", 0, [BAD], [DATE])]),
    ("1900 was not a leap year", "[[1900-02-29 | Memo]]", [(0, "1900-02-29", 0, [BAD], [DATE])]),
    ("2000 was a leap year", "[[2000-02-29 | Memo]]", [(0, "2000-02-29", 0, [DATE], [BAD])]),
    ("April has 30 days", "[[1960-04-31 | Memo]] [[1960-04-30 | Memo]]",
     [(0, "1960-04-31", 0, [BAD], [DATE]), (0, "1960-04-30", 0, [DATE], [BAD])]),
    ("title ending in ] closes at the last two ]", "[[1960 | Memo [draft]]] after",
     [(0, "Memo [draft]", 0, [TITLE], [CLOSE]), (0, "]]", 1, [CLOSE], [TITLE]),
      (0, "after", 0, [], [CITE])]),
    ("brackets, quotes and commas in titles",
     "[[1960-06-17 | Excerpts from V.P. Tkachenko 'The Korean Peninsula and Russia's Interests']]",
     [(0, "Excerpts from V.P. Tkachenko 'The Korean Peninsula and Russia's Interests'", 0, [TITLE], [])]),
    ("escaped | and ] stay in the title",
     r"[[1960 | A \| B \] C | p. 4]]",
     [(0, r"\|", 0, [TITLE, ESC], [LOC]), (0, r"\]", 0, [TITLE, ESC], [CLOSE]),
      (0, " C ", 0, [TITLE], [LOC]), (0, "p. 4", 0, [LOC], [TITLE])]),
    ("Hangul and Cyrillic before a citation",
     "Посол Пузанов и 김일성 [[1960-05-02 | Jurnal of Nobody]] в Пхеньяне.",
     [(0, "김일성", 0, [], [CITE]), (0, "1960-05-02", 0, [DATE], []),
      (0, "Jurnal of Nobody", 0, [TITLE], []), (0, "в Пхеньяне", 0, [], [CITE])]),
    ("a citation wrapped across lines",
     f"Kapto's memoir [[1996 | Excerpts from Recollections by the Former Soviet\nAmbassador in North Korea Aleksandr Kapto | ch. 2]] wraps.",
     [(0, "Excerpts from Recollections", 0, [TITLE], []),
      (1, "Ambassador in North Korea", 0, [CITE, TITLE], []),
      (1, "ch. 2", 0, [LOC], []), (1, "wraps.", 0, [], [CITE])]),
    ("a date alone on the first line of a wrapped citation",
     "See [[1960-05-02\n| Memo]] here.",
     [(0, "1960-05-02", 0, [DATE], []), (1, "|", 0, [SEP], []), (1, "Memo", 0, [TITLE], []),
      (1, "here.", 0, [], [CITE])]),
    ("a blank line ends an unclosed citation",
     "An unclosed [[1960 | Memo\n\nLater prose [[1960 | Memo]].",
     [(0, "Memo", 0, [TITLE], []), (2, "Later prose", 0, [], [CITE]),
      (2, "Memo", 0, [TITLE], [])]),
    ("backtick fences hold examples, not citations",
     "```anno\n[[1960-05-02 | Not a citation]]\n```\n[[1996 | A citation]]",
     [(1, "[[1960-05-02 | Not a citation]]", 0, [RAW], [CITE, DATE]),
      (3, "1996", 0, [CITE, DATE], [RAW])]),
    ("a longer closing fence closes, a shorter one does not",
     "````\n```\n[[1960 | Still code]]\n`````\n[[1960 | Cited]]",
     [(1, "```", 0, [RAW], []), (2, "Still code", 0, [RAW], [TITLE]), (4, "Cited", 0, [TITLE], [RAW])]),
    ("tilde fences too",
     "~~~\n[[1960 | Code]]\n~~~\n[[1960 | Cited]]",
     [(1, "Code", 0, [RAW], [TITLE]), (3, "Cited", 0, [TITLE], [RAW])]),
    ("inline code spans hold examples",
     "Write `[[1960 | Code]]` to cite, as in [[1960 | Cited]].",
     [(0, "[[1960 | Code]]", 0, [INLINE], [CITE]), (0, "Cited", 0, [TITLE], [INLINE])]),
    ("double-backtick spans may contain a backtick",
     "Write ``a ` [[1960 | Code]]`` then [[1960 | Cited]].",
     [(0, "[[1960 | Code]]", 0, [INLINE], [CITE]), (0, "Cited", 0, [TITLE], [INLINE])]),
    ("a stray backtick does not swallow a citation",
     "It's 5` long [[1960 | Cited]].",
     [(0, "Cited", 0, [TITLE], [INLINE])]),
    ("citations in headings",
     "## Puzanov [[1960-05-02 | Memo]]",
     [(0, "##", 0, ["markup.heading", "punctuation.definition.heading"], []),
      (0, "Memo", 0, ["markup.heading", TITLE], [])]),
    ("single brackets are prose", "A [note] and [[1960 | Memo]]",
     [(0, "[note]", 0, [], [CITE]), (0, "Memo", 0, [TITLE], [])]),
]


def scopes_of(tokenized, line_index, substring, occurrence):
    line, scopes = tokenized[line_index]
    start = -1
    for _ in range(occurrence + 1):
        start = line.find(substring, start + 1)
        if start < 0:
            return None
    return [scopes[i] for i in range(start, start + len(substring))]


def has_scope(char_scopes, prefix):
    return any(s == prefix or s.startswith(prefix + ".") for s in char_scopes)


def run_samples(grammar):
    for title, source, expectations in SAMPLES:
        try:
            tokenized = tokenize(grammar, source)
        except Exception as e:  # a loop or a regex error is a failure of this sample
            check("tokenize: " + title, False, repr(e))
            continue
        problems = []
        for line_index, sub, occ, want, refuse in expectations:
            chars = scopes_of(tokenized, line_index, sub, occ)
            if chars is None:
                problems.append(f"sample text {sub!r} not found")
                continue
            for i, cs in enumerate(chars):
                for w in want:
                    if not has_scope(cs, w):
                        problems.append(f"{sub!r}[{i}] lacks {w} (has {' '.join(cs)})")
                        break
                for r in refuse:
                    if has_scope(cs, r):
                        problems.append(f"{sub!r}[{i}] has {r} (has {' '.join(cs)})")
                        break
        check("tokenize: " + title, not problems, "; ".join(problems[:3]))
    # The full-stop after the first sample's citation is prose.
    tokenized = tokenize(grammar, SAMPLES[0][1])
    line, scopes = tokenized[0]
    check("tokenize: prose after a citation has no citation scope", not has_scope(scopes[-1], CITE),
          " ".join(scopes[-1]))


# ---------------------------------------------------------------------------------------------

def all_regexes(node, path="$"):
    """Yields (json path, key, regex source) for every regex in a TextMate grammar."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k in ("match", "begin", "end", "while") and isinstance(v, str):
                yield path + "." + k, k, v
            else:
                yield from all_regexes(v, path + "." + k)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from all_regexes(v, f"{path}[{i}]")


def check_vscode():
    pkg_path = os.path.join(VSCODE, "package.json")
    try:
        pkg = load_json(pkg_path)
        check("vscode/package.json is valid JSON", True)
    except Exception as e:
        check("vscode/package.json is valid JSON", False, str(e))
        return None
    try:
        langconf = load_json(os.path.join(VSCODE, "language-configuration.json"))
        check("vscode/language-configuration.json is valid JSON", True)
    except Exception as e:
        check("vscode/language-configuration.json is valid JSON", False, str(e))
        langconf = None

    contributes = pkg.get("contributes", {})
    langs = [l for l in contributes.get("languages", []) if l.get("id") == "anno"]
    check("package.json contributes the language 'anno' for *.anno",
          len(langs) == 1 and ".anno" in langs[0].get("extensions", []))
    if langs:
        conf_path = os.path.join(VSCODE, langs[0].get("configuration", ""))
        check("the language's configuration file exists", os.path.isfile(conf_path), conf_path)
    grammars = [g for g in contributes.get("grammars", []) if g.get("language") == "anno"]
    ok = len(grammars) == 1
    check("package.json contributes one grammar for 'anno'", ok)
    grammar_raw = None
    if ok:
        gpath = os.path.join(VSCODE, grammars[0]["path"])
        try:
            grammar_raw = load_json(gpath)
            check("the TextMate grammar is valid JSON", True)
        except Exception as e:
            check("the TextMate grammar is valid JSON", False, str(e))
        if grammar_raw:
            check("the grammar's scopeName matches package.json",
                  grammar_raw.get("scopeName") == grammars[0].get("scopeName"),
                  f"{grammar_raw.get('scopeName')} vs {grammars[0].get('scopeName')}")
    props = {}
    for conf in (contributes.get("configuration") or []) if isinstance(contributes.get("configuration"), list) \
            else [contributes.get("configuration") or {}]:
        props.update(conf.get("properties", {}))
    check("setting anno.serverPath defaults to \"anno\"",
          props.get("anno.serverPath", {}).get("default") == "anno")
    check("setting anno.trace.server offers off/messages/verbose",
          set(props.get("anno.trace.server", {}).get("enum", [])) == {"off", "messages", "verbose"})
    check("the client is the package's main file and exists",
          os.path.isfile(os.path.join(VSCODE, pkg.get("main", "")))
          and "onLanguage:anno" in pkg.get("activationEvents", ["onLanguage:anno"]))
    check("vscode-languageclient is a dependency", "vscode-languageclient" in pkg.get("dependencies", {}))

    if langconf is not None:
        pairs = langconf.get("autoClosingPairs", [])
        opens = {p["open"] if isinstance(p, dict) else p[0] for p in pairs}
        check("language configuration auto-closes [ (so typing [[ gives [[]])", "[" in opens)
        wp = langconf.get("wordPattern")
        wp_src = wp if isinstance(wp, str) else (wp or {}).get("pattern")
        ok_wp = False
        if wp_src:
            # VS Code compiles wordPattern as a JavaScript RegExp; Python's re agrees on this subset.
            try:
                rx = re.compile(wp_src)
                words = [m.group(0) for m in rx.finditer("Посол 김일성 met Puzanov on 1960-05-02 | p. 3")]
                ok_wp = "1960-05-02" in words and "김일성" in words and "Puzanov" in words and "|" not in words
            except re.error as e:
                wp_src = str(e)
        check("wordPattern keeps dates and Hangul/Cyrillic words whole", ok_wp, str(wp_src))

    if grammar_raw is None:
        return None
    bad = []
    count = 0
    for path, key, src in all_regexes(grammar_raw):
        count += 1
        probe = src
        if key in ("end", "while"):
            probe = re.sub(r"\\(\d+)", "x", src)   # back-references are filled in from begin
        try:
            onig.compile(probe)
        except onig.OnigError as e:
            bad.append(f"{path}: {e}")
    check(f"all {count} grammar regexes compile in Oniguruma {onig.__onig_version__}", not bad, "; ".join(bad))
    try:
        grammar = Grammar(grammar_raw)
        for r in list(grammar.repository.values()):
            r.patterns()
    except KeyError as e:
        check("every include resolves", False, str(e))
        return None
    check("every include resolves", True)
    return grammar


def check_sublime():
    path = os.path.join(EDITORS, "sublime", "Anno.sublime-syntax")
    try:
        import yaml
    except ImportError:
        check("sublime: Anno.sublime-syntax parses (PyYAML missing)", False)
        return
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        data = yaml.safe_load(text)
        check("sublime: Anno.sublime-syntax parses as YAML", isinstance(data, dict) and "contexts" in data)
    except Exception as e:
        check("sublime: Anno.sublime-syntax parses as YAML", False, str(e))
        return
    check("sublime: scope and extension", data.get("scope") == "text.anno" and "anno" in data.get("file_extensions", []))
    variables = data.get("variables", {})

    def expand(src):
        for _ in range(10):
            src = re.sub(r"\{\{(\w+)\}\}", lambda m: variables[m.group(1)], src)
        return src

    bad = []
    count = 0
    for name, items in data["contexts"].items():
        for item in items:
            if isinstance(item, dict) and "match" in item:
                count += 1
                try:
                    onig.compile(re.sub(r"\\(\d+)", "x", expand(item["match"])))
                except (onig.OnigError, KeyError) as e:
                    bad.append(f"{name}: {item['match']}: {e}")
    check(f"sublime: all {count} patterns compile in Oniguruma", not bad, "; ".join(bad))


def check_config_files():
    """Helix's languages.toml and coc.nvim's settings parse, and name `anno lsp`."""
    import tomllib
    try:
        with open(os.path.join(EDITORS, "helix", "languages.toml"), "rb") as f:
            helix = tomllib.load(f)
        server = helix["language-server"]["anno"]
        lang = [l for l in helix["language"] if l["name"] == "anno"][0]
        check("helix: languages.toml parses and runs `anno lsp` for *.anno",
              server["command"] == "anno" and server["args"] == ["lsp"]
              and lang["file-types"] == ["anno"] and lang["language-servers"] == ["anno"])
    except Exception as e:
        check("helix: languages.toml parses and runs `anno lsp` for *.anno", False, repr(e))
    for q in ("highlights.scm", "injections.scm"):
        check(f"helix: queries/anno/{q} inherits Markdown's",
              os.path.isfile(os.path.join(EDITORS, "helix", "runtime", "queries", "anno", q)))
    try:
        coc = load_json(os.path.join(EDITORS, "vim", "coc-settings.json"))["languageserver"]["anno"]
        check("coc.nvim: coc-settings.json runs `anno lsp` for filetype anno",
              coc["command"] == "anno" and coc["args"] == ["lsp"] and coc["filetypes"] == ["anno"])
    except Exception as e:
        check("coc.nvim: coc-settings.json runs `anno lsp` for filetype anno", False, repr(e))


def main():
    check_config_files()
    grammar = check_vscode()
    if grammar is not None:
        run_samples(grammar)
    check_sublime()
    failed = results.count(False)
    print(f"grammar: {len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
