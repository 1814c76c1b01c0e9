import AnnoJSON

/// A JSON-RPC request id: LSP allows an integer or a string.
public enum RequestID: Hashable, Sendable, CustomStringConvertible {
    case number(Int)
    case string(String)

    /// Nil for anything but an integral number or a string (null, floats, bools, containers).
    public init?(json: JSONValue) {
        switch json {
        case .string(let s): self = .string(s)
        case .number:
            guard let n = json.intValue else { return nil }
            self = .number(n)
        default: return nil
        }
    }

    public var json: JSONValue {
        switch self {
        case .number(let n): return JSONValue(n)
        case .string(let s): return JSONValue(s)
        }
    }

    public var description: String {
        switch self {
        case .number(let n): return String(n)
        case .string(let s): return "\"\(s)\""
        }
    }
}
