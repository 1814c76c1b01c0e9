import AnnoJSON

/// JSON text written straight from typed values, for the answer sent on every keystroke
/// (completion): no value tree to build, sort and free. The text is byte for byte what
/// `JSON.serialize` writes for the same value's `json`, so each writer below must give an
/// object's keys in the order that sorts them (by their UTF-8 bytes); tests compare the two.
struct DirectJSON {
    private(set) var out: [UInt8] = []
    /// A value was just written at this level: the next one needs a comma first.
    private var needsComma = false

    init(capacity: Int) { out.reserveCapacity(capacity) }

    mutating func beginObject() { separate(); out.append(0x7B); needsComma = false }
    mutating func endObject() { out.append(0x7D); needsComma = true }
    mutating func beginArray() { separate(); out.append(0x5B); needsComma = false }
    mutating func endArray() { out.append(0x5D); needsComma = true }

    /// A member's key, given as its JSON text with the colon (`"label":`): one append. Only the
    /// protocol's own member names, which need no escaping.
    mutating func key(_ quotedWithColon: StaticString) {
        separate()
        quotedWithColon.withUTF8Buffer { out.append(contentsOf: $0) }
        needsComma = false
    }

    mutating func string(_ s: String) { separate(); JSON.appendString(s, to: &out); needsComma = true }
    mutating func bool(_ b: Bool) { separate(); out.append(contentsOf: (b ? "true" : "false").utf8); needsComma = true }
    mutating func null() { separate(); out.append(contentsOf: "null".utf8); needsComma = true }

    /// As `JSONWriter` writes an integral number.
    mutating func integer(_ n: Int) {
        separate()
        if n < 0 { out.append(0x2D) }
        var magnitude = n.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)   // 24 bytes: UInt.max has 20 digits
        withUnsafeMutableBytes(of: &digits) { buffer in
            var i = buffer.count
            repeat {
                i -= 1
                buffer[i] = 0x30 + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[i...]))
        }
        needsComma = true
    }

    /// A value tree, as `JSON.serialize` writes it (an item's or a diagnostic's `data`).
    mutating func value(_ v: JSONValue) {
        switch v {
        case .null: null()
        case .bool(let b): bool(b)
        case .string(let s): string(s)
        case .number(let d):
            if d.isFinite, abs(d) <= 9_007_199_254_740_992, let n = Int(exactly: d) {
                integer(n)
            } else {
                separate(); out.append(contentsOf: JSON.serialize(v)); needsComma = true
            }
        case .array(let elements):
            beginArray()
            for e in elements { value(e) }
            endArray()
        case .object(let members):
            beginObject()
            for (k, member) in members.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
                separate()
                JSON.appendString(k, to: &out)
                out.append(0x3A)
                needsComma = false
                value(member)
            }
            endObject()
        }
    }

    private mutating func separate() { if needsComma { out.append(0x2C) } }
}

extension Position {
    func write(to w: inout DirectJSON) {
        w.beginObject()
        w.key(#""character":"#); w.integer(character)
        w.key(#""line":"#); w.integer(line)
        w.endObject()
    }
}

extension LSPRange {
    func write(to w: inout DirectJSON) {
        w.beginObject()
        w.key(#""end":"#); end.write(to: &w)
        w.key(#""start":"#); start.write(to: &w)
        w.endObject()
    }
}

extension TextEdit {
    func write(to w: inout DirectJSON) {
        w.beginObject()
        w.key(#""newText":"#); w.string(newText)
        w.key(#""range":"#); range.write(to: &w)
        w.endObject()
    }
}

extension CompletionItem {
    func write(to w: inout DirectJSON) {
        w.beginObject()
        if let additionalTextEdits {
            w.key(#""additionalTextEdits":"#)
            w.beginArray()
            for edit in additionalTextEdits { edit.write(to: &w) }
            w.endArray()
        }
        if let data { w.key(#""data":"#); w.value(data) }
        if let detail { w.key(#""detail":"#); w.string(detail) }
        if let documentation {
            w.key(#""documentation":"#)
            w.beginObject()
            w.key(#""kind":"#); w.string(documentation.kind.rawValue)
            w.key(#""value":"#); w.string(documentation.value)
            w.endObject()
        }
        if let filterText { w.key(#""filterText":"#); w.string(filterText) }
        if let insertText { w.key(#""insertText":"#); w.string(insertText) }
        if let insertTextFormat { w.key(#""insertTextFormat":"#); w.integer(insertTextFormat.rawValue) }
        if let kind { w.key(#""kind":"#); w.integer(kind.rawValue) }
        w.key(#""label":"#); w.string(label)
        if let labelDetails {
            w.key(#""labelDetails":"#)
            w.beginObject()
            if let description = labelDetails.description { w.key(#""description":"#); w.string(description) }
            if let detail = labelDetails.detail { w.key(#""detail":"#); w.string(detail) }
            w.endObject()
        }
        if let preselect { w.key(#""preselect":"#); w.bool(preselect) }
        if let sortText { w.key(#""sortText":"#); w.string(sortText) }
        if let textEdit { w.key(#""textEdit":"#); textEdit.write(to: &w) }
        if let textEditText { w.key(#""textEditText":"#); w.string(textEditText) }
        w.endObject()
    }
}

extension CompletionList {
    /// `JSON.serialize(json)`, written directly (completion answers every keystroke).
    public func encodedJSON() -> [UInt8] {
        var w = DirectJSON(capacity: 512 + items.count * 512)
        w.beginObject()
        w.key(#""isIncomplete":"#); w.bool(isIncomplete)
        if let itemDefaults {
            w.key(#""itemDefaults":"#)
            w.beginObject()
            if let editRange = itemDefaults.editRange { w.key(#""editRange":"#); editRange.write(to: &w) }
            if let format = itemDefaults.insertTextFormat { w.key(#""insertTextFormat":"#); w.integer(format.rawValue) }
            w.endObject()
        }
        w.key(#""items":"#)
        w.beginArray()
        for item in items { item.write(to: &w) }
        w.endArray()
        w.endObject()
        return w.out
    }
}

extension LSPDiagnostic {
    func write(to w: inout DirectJSON) {
        w.beginObject()
        if let code {
            w.key(#""code":"#)
            switch code {
            case .string(let s): w.string(s)
            case .number(let n): w.integer(n)
            }
        }
        if let codeDescriptionHref {
            w.key(#""codeDescription":"#)
            w.beginObject()
            w.key(#""href":"#); w.string(codeDescriptionHref)
            w.endObject()
        }
        if let data { w.key(#""data":"#); w.value(data) }
        w.key(#""message":"#); w.string(message)
        w.key(#""range":"#); range.write(to: &w)
        if let relatedInformation {
            w.key(#""relatedInformation":"#)
            w.beginArray()
            for info in relatedInformation {
                w.beginObject()
                w.key(#""location":"#)
                w.beginObject()
                w.key(#""range":"#); info.location.range.write(to: &w)
                w.key(#""uri":"#); w.string(info.location.uri)
                w.endObject()
                w.key(#""message":"#); w.string(info.message)
                w.endObject()
            }
            w.endArray()
        }
        if let severity { w.key(#""severity":"#); w.integer(severity.rawValue) }
        if let source { w.key(#""source":"#); w.string(source) }
        if let tags {
            w.key(#""tags":"#)
            w.beginArray()
            for tag in tags { w.integer(tag.rawValue) }
            w.endArray()
        }
        w.endObject()
    }
}

extension PublishDiagnosticsParams {
    /// `JSON.serialize(json)`, written directly (sent after every keystroke, hundreds of
    /// diagnostics for a long note).
    public func encodedJSON() -> [UInt8] {
        var w = DirectJSON(capacity: 256 + diagnostics.count * 256)
        w.beginObject()
        w.key(#""diagnostics":"#)
        w.beginArray()
        for d in diagnostics { d.write(to: &w) }
        w.endArray()
        w.key(#""uri":"#); w.string(uri)
        if let version { w.key(#""version":"#); w.integer(version) }
        w.endObject()
        return w.out
    }
}
