import AnnoJSON

/// A protocol type that converts to and from `JSONValue`. Decoding rejects wrong shapes with an
/// `LSPDecodingError` naming the field, ready to send back as invalidParams.
public protocol JSONConvertible: Sendable {
    /// `path` names where `json` sits in the message ("textDocument.position"), for errors.
    init(json: JSONValue, path: String) throws
    var json: JSONValue { get }
}

extension JSONConvertible {
    public init(json: JSONValue) throws { try self.init(json: json, path: "") }
}

/// Params of the wrong shape. `responseError` is the invalidParams error to answer with.
public struct LSPDecodingError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var responseError: ResponseError { .invalidParams(message) }
    public var description: String { message }

    static func wrongType(at path: String, expected: String, found: JSONValue) -> LSPDecodingError {
        let where_ = path.isEmpty ? "params" : path
        return LSPDecodingError("\(where_): expected \(expected), found \(describe(found))")
    }

    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

// MARK: - Scalars and collections as JSONConvertible, so fields decode through one path

extension String: JSONConvertible {
    public init(json: JSONValue, path: String) throws {
        guard let s = json.stringValue else { throw LSPDecodingError.wrongType(at: path, expected: "a string", found: json) }
        self = s
    }
    public var json: JSONValue { .string(self) }
}

extension Int: JSONConvertible {
    public init(json: JSONValue, path: String) throws {
        guard let n = json.intValue else { throw LSPDecodingError.wrongType(at: path, expected: "an integer", found: json) }
        self = n
    }
    public var json: JSONValue { JSONValue(self) }
}

extension Bool: JSONConvertible {
    public init(json: JSONValue, path: String) throws {
        guard let b = json.boolValue else { throw LSPDecodingError.wrongType(at: path, expected: "a boolean", found: json) }
        self = b
    }
    public var json: JSONValue { .bool(self) }
}

extension JSONValue: JSONConvertible {
    public init(json: JSONValue, path: String) throws { self = json }
    public var json: JSONValue { self }
}

extension Array: JSONConvertible where Element: JSONConvertible {
    public init(json: JSONValue, path: String) throws {
        guard let elements = json.arrayValue else { throw LSPDecodingError.wrongType(at: path, expected: "an array", found: json) }
        self = try elements.enumerated().map { try Element(json: $1, path: "\(path)[\($0)]") }
    }
    public var json: JSONValue { .array(map(\.json)) }
}

extension Dictionary: JSONConvertible where Key == String, Value: JSONConvertible {
    public init(json: JSONValue, path: String) throws {
        guard let members = json.objectValue else { throw LSPDecodingError.wrongType(at: path, expected: "an object", found: json) }
        var result: [String: Value] = [:]
        for (key, value) in members { result[key] = try Value(json: value, path: Fields.join(path, key)) }
        self = result
    }
    public var json: JSONValue { .object(mapValues(\.json)) }
}

/// Enums with integer codes (severity, kinds) decode from their number.
public protocol IntegerCodedEnum: JSONConvertible, RawRepresentable where RawValue == Int {}

extension IntegerCodedEnum {
    public init(json: JSONValue, path: String) throws {
        let raw = try Int(json: json, path: path)
        guard let value = Self(rawValue: raw) else {
            throw LSPDecodingError("\(path.isEmpty ? "params" : path): unknown value \(raw)")
        }
        self = value
    }
    public var json: JSONValue { JSONValue(rawValue) }
}

/// Open sets of string values (encodings, code action kinds): any string is accepted.
public protocol StringCodedValue: JSONConvertible, RawRepresentable, Hashable where RawValue == String {
    init(rawValue: String)
}

extension StringCodedValue {
    public init(json: JSONValue, path: String) throws { self.init(rawValue: try String(json: json, path: path)) }
    public var json: JSONValue { .string(rawValue) }
}

// MARK: - Reading object members

/// An object's members with their path, for decoding fields with useful errors. A member that
/// is absent or null counts as absent.
struct Fields {
    let members: [String: JSONValue]
    let path: String

    init(_ json: JSONValue, path: String) throws {
        guard let members = json.objectValue else { throw LSPDecodingError.wrongType(at: path, expected: "an object", found: json) }
        self.members = members
        self.path = path
    }

    static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func callAsFunction<T: JSONConvertible>(_ key: String) throws -> T {
        guard let value = members[key], !value.isNull else {
            throw LSPDecodingError("\(Fields.join(path, key)): missing required field")
        }
        return try T(json: value, path: Fields.join(path, key))
    }

    func callAsFunction<T: JSONConvertible>(_ key: String) throws -> T? {
        guard let value = members[key], !value.isNull else { return nil }
        return try T(json: value, path: Fields.join(path, key))
    }

    /// Non-negative integers (LSP's `uinteger`).
    func unsigned(_ key: String) throws -> Int {
        let n: Int = try self(key)
        guard n >= 0 else { throw LSPDecodingError("\(Fields.join(path, key)): must not be negative") }
        return n
    }
}

extension JSONValue {
    /// An object from optional protocol values; nil ones are omitted, as LSP wants.
    static func lspObject(_ members: [String: (any JSONConvertible)?]) -> JSONValue {
        .object(members.compactMapValues { $0?.json })
    }
}
