import AnnoJSON

/// One JSON-RPC 2.0 message, the unit the connection reads and writes.
public enum JSONRPCMessage: Equatable, Sendable {
    case request(id: RequestID, method: String, params: JSONValue?)
    case notification(method: String, params: JSONValue?)
    /// `result` is nil only when absent; a successful response always encodes a result, null
    /// if need be (LSP's `shutdown` answers `"result": null`).
    case response(id: RequestID?, result: JSONValue?, error: ResponseError?)
}

/// Why a body could not be decoded, and so which error to answer with.
public enum DecodeFailure: Error, Equatable, Sendable, CustomStringConvertible {
    /// The body is not JSON (-32700); the id cannot be known.
    case parseError(message: String)
    /// JSON, but not a valid message (-32600); the id is kept when it could be read, so the
    /// error response can name the request.
    case invalidRequest(id: RequestID?, message: String)

    public var id: RequestID? {
        if case .invalidRequest(let id, _) = self { return id }
        return nil
    }

    public var responseError: ResponseError {
        switch self {
        case .parseError(let message): return .parseError(message)
        case .invalidRequest(_, let message): return .invalidRequest(message)
        }
    }

    /// The error response to send back for this failure.
    public var errorResponse: JSONRPCMessage { .response(id: id, result: nil, error: responseError) }

    public var description: String { responseError.description }
}

extension JSONRPCMessage {
    public static func decode(_ body: [UInt8]) -> Result<JSONRPCMessage, DecodeFailure> {
        let json: JSONValue
        do {
            json = try JSON.parse(body)
        } catch let error as JSONSyntaxError {
            return .failure(.parseError(message: "invalid JSON at \(error)"))
        } catch {
            return .failure(.parseError(message: "invalid JSON"))
        }
        return decode(json)
    }

    public static func decode(_ json: JSONValue) -> Result<JSONRPCMessage, DecodeFailure> {
        guard case .object(let members) = json else {
            let what = json.kind == .array ? "batch messages are not supported" : "a message must be a JSON object"
            return .failure(.invalidRequest(id: nil, message: what))
        }
        let idValue = members["id"]
        let id = idValue.flatMap(RequestID.init(json:))
        func invalid(_ message: String) -> Result<JSONRPCMessage, DecodeFailure> {
            .failure(.invalidRequest(id: id, message: message))
        }
        guard members["jsonrpc"] == "2.0" else { return invalid("\"jsonrpc\" must be \"2.0\"") }
        if let idValue, id == nil, !idValue.isNull {
            return invalid("\"id\" must be an integer or a string")
        }

        if let methodValue = members["method"] {
            guard let method = methodValue.stringValue else { return invalid("\"method\" must be a string") }
            var params = members["params"]
            if params?.isNull == true { params = nil }  // some clients send "params": null
            if let params, params.kind != .object && params.kind != .array {
                return invalid("\"params\" must be an object or an array")
            }
            guard idValue != nil else { return .success(.notification(method: method, params: params)) }
            guard let id else { return invalid("a request id must be an integer or a string, not null") }
            return .success(.request(id: id, method: method, params: params))
        }

        guard idValue != nil else { return invalid("a message needs \"method\" or \"id\"") }
        if let errorValue = members["error"] {
            guard let error = ResponseError(json: errorValue) else {
                return invalid("\"error\" must be an object with an integer \"code\" and a string \"message\"")
            }
            return .success(.response(id: id, result: nil, error: error))
        }
        guard let result = members["result"] else { return invalid("a response needs \"result\" or \"error\"") }
        guard id != nil else { return invalid("a successful response needs an id") }
        return .success(.response(id: id, result: result, error: nil))
    }

    public var json: JSONValue {
        switch self {
        case .request(let id, let method, let params):
            return .object(omittingNil: ["jsonrpc": "2.0", "id": id.json, "method": JSONValue(method), "params": params])
        case .notification(let method, let params):
            return .object(omittingNil: ["jsonrpc": "2.0", "method": JSONValue(method), "params": params])
        case .response(let id, let result, let error):
            var members: [String: JSONValue] = ["jsonrpc": "2.0", "id": id?.json ?? .null]
            if let error {
                members["error"] = error.json
            } else {
                members["result"] = result ?? .null
            }
            return .object(members)
        }
    }

    /// The message body, without framing.
    public func encode() -> [UInt8] { JSON.serialize(json) }

    /// The body of a successful response whose result is already JSON text: what
    /// `.response(id: id, result: r, error: nil).encode()` gives when `encodedResult` is `JSON.serialize(r)`.
    public static func encodeResponse(id: RequestID, encodedResult: [UInt8]) -> [UInt8] {
        var out = Array(#"{"id":"#.utf8)
        out.reserveCapacity(encodedResult.count + 64)
        out.append(contentsOf: JSON.serialize(id.json))
        out.append(contentsOf: #","jsonrpc":"2.0","result":"#.utf8)
        out.append(contentsOf: encodedResult)
        out.append(0x7D)
        return out
    }

    /// The body of a notification whose params are already JSON text: what
    /// `.notification(method: method, params: p).encode()` gives when `encodedParams` is `JSON.serialize(p)`.
    public static func encodeNotification(method: String, encodedParams: [UInt8]) -> [UInt8] {
        var out = Array(#"{"jsonrpc":"2.0","method":"#.utf8)
        out.reserveCapacity(encodedParams.count + method.utf8.count + 64)
        JSON.appendString(method, to: &out)
        out.append(contentsOf: #","params":"#.utf8)
        out.append(contentsOf: encodedParams)
        out.append(0x7D)
        return out
    }
}
