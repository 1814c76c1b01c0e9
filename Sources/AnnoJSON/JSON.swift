/// Whole-document entry points over `JSONReader` and `JSONWriter`.
public enum JSON {
    /// Parses one complete JSON document; only whitespace may follow the value.
    /// Errors are thrown as `JSONSyntaxError` with their exact position.
    public static func parse(_ bytes: [UInt8]) throws -> JSONValue {
        var reader = JSONReader(bytes: bytes)
        let value = try reader.readValue()
        try reader.expectEnd()
        return value
    }

    public static func parse(_ text: String) throws -> JSONValue {
        try parse(Array(text.utf8))
    }

    /// Serializes with keys sorted; `pretty` indents by two spaces.
    public static func serialize(_ value: JSONValue, pretty: Bool = false) -> [UInt8] {
        serialize(value, pretty: pretty, indent: 0)
    }

    /// Serializes a value that will sit `indent` levels deep in a pretty document: its inner
    /// lines are indented as if the whole document were written at once (pieces of a large
    /// document can then be written in parallel and joined).
    public static func serialize(_ value: JSONValue, pretty: Bool, indent: Int) -> [UInt8] {
        var writer = JSONWriter(pretty: pretty)
        writer.write(value, indent: indent)
        return writer.out
    }

    /// Appends `s` as a JSON string literal, escaped exactly as `serialize` escapes strings:
    /// for writers that produce JSON text directly.
    public static func appendString(_ s: String, to out: inout [UInt8]) {
        var writer = JSONWriter(pretty: false)
        swap(&writer.out, &out)
        writer.writeString(s)
        swap(&writer.out, &out)
    }

    public static func serializeString(_ value: JSONValue, pretty: Bool = false) -> String {
        String(decoding: serialize(value, pretty: pretty), as: UTF8.self)
    }
}
