#!/usr/bin/env python3
"""Writes the seed corpus of each fuzz target into OUT/<target>/, from spec/conformance and
spec/examples (the notes, catalogues and configurations the spec holds the code to) plus the
bundled catalogue. Deterministic: the same checkout gives the same seeds.

    Tests/Fuzz/seeds.py OUT
"""
import hashlib
import json
import os
import random
import re
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = sys.argv[1]


def read(path):
    with open(path, "rb") as f:
        return f.read()


def files(directory, suffix):
    d = os.path.join(ROOT, directory)
    return sorted(os.path.join(d, n) for n in os.listdir(d) if n.endswith(suffix))


def write(target, data):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, hashlib.sha1(data).hexdigest()), "wb") as f:
        f.write(data)


notes = [read(p) for p in files("spec/conformance", ".anno") + files("spec/examples", ".anno")]
catalogues = [read(p) for p in files("spec/conformance", ".catalogue.json")]
configs = [read(p) for p in files("spec/conformance", ".config.json")]
bundled_swift = read(os.path.join(ROOT, "Sources/AnnoCatalogue/BundledCatalogue.swift")).decode()
bundled = re.search(r'#"""\n(.*?)\n\s*"""#', bundled_swift, re.S)
if bundled:
    catalogues.append(bundled.group(1).encode())
catalogues.append(read(os.path.join(ROOT, "spec/catalogue.schema.json")))

# notes, checker: a note, byte for byte.
for n in notes:
    write("notes", n)
    write("checker", n)

# catalogue: catalogue files and anno.json files (the target reads its input as both).
for c in catalogues + configs:
    write("catalogue", c)


# jsonrpc: byte streams as a client writes them.
def frame(message):
    body = json.dumps(message, ensure_ascii=False).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


uri = "file:///anno-fuzz/note.anno"
initialize = {"jsonrpc": "2.0", "id": 1, "method": "initialize",
              "params": {"processId": None, "rootUri": None,
                         "capabilities": {"general": {"positionEncodings": ["utf-16"]}}}}
for i, n in enumerate(notes):
    text = n.decode("utf-8", "replace")
    stream = frame(initialize) + frame({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    stream += frame({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": uri, "languageId": "anno", "version": 1, "text": text}}})
    stream += frame({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
        "textDocument": {"uri": uri, "version": 2}, "contentChanges": [
            {"range": {"start": {"line": 0, "character": 3}, "end": {"line": 1, "character": 0}}, "text": "[[1960 | "}]}})
    stream += frame({"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": {
        "textDocument": {"uri": uri}, "position": {"line": 0, "character": i}}})
    stream += frame({"jsonrpc": "2.0", "id": 3, "method": "textDocument/completion", "params": {
        "textDocument": {"uri": uri}, "position": {"line": 0, "character": 5}}})
    stream += frame({"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": 3}})
    stream += frame({"jsonrpc": "2.0", "id": "s", "method": "shutdown"}) + frame({"jsonrpc": "2.0", "method": "exit"})
    write("jsonrpc", stream)
write("jsonrpc", b"Content-Length: 5\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n[1,2]"
      b"content-length:2\n\n{}Content-Length: x\r\n\r\n{}")

# edits: a note, then 0xFF, then edit operations (see Targets/edits.swift).
rng = random.Random(7)
for n in notes:
    ops = bytes(rng.randrange(256) for _ in range(rng.randrange(8, 64)))
    write("edits", n.replace(b"\xff", b"") + b"\xff" + ops)
