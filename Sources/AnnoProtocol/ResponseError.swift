import AnnoJSON

/// A JSON-RPC error object, as sent in a response and thrown by handlers.
public struct ResponseError: Error, Equatable, Sendable, CustomStringConvertible {
    public var code: Int
    public var message: String
    public var data: JSONValue?

    public init(code: Int, message: String, data: JSONValue? = nil) {
        self.code = code
        self.message = message
        self.data = data
    }

    /// Error codes of JSON-RPC 2.0 and LSP 3.17.
    public enum Code {
        public static let parseError = -32700
        public static let invalidRequest = -32600
        public static let methodNotFound = -32601
        public static let invalidParams = -32602
        public static let internalError = -32603
        public static let serverNotInitialized = -32002
        public static let unknownErrorCode = -32001
        public static let requestFailed = -32803
        public static let serverCancelled = -32802
        public static let contentModified = -32801
        public static let requestCancelled = -32800
    }

    public static func parseError(_ message: String) -> ResponseError {
        ResponseError(code: Code.parseError, message: message)
    }
    public static func invalidRequest(_ message: String) -> ResponseError {
        ResponseError(code: Code.invalidRequest, message: message)
    }
    public static func methodNotFound(_ method: String) -> ResponseError {
        ResponseError(code: Code.methodNotFound, message: "method not found: \(method)")
    }
    public static func invalidParams(_ message: String) -> ResponseError {
        ResponseError(code: Code.invalidParams, message: message)
    }
    public static func internalError(_ message: String) -> ResponseError {
        ResponseError(code: Code.internalError, message: message)
    }
    public static func serverNotInitialized(_ message: String = "server not initialized") -> ResponseError {
        ResponseError(code: Code.serverNotInitialized, message: message)
    }
    public static func unknownErrorCode(_ message: String) -> ResponseError {
        ResponseError(code: Code.unknownErrorCode, message: message)
    }
    public static func requestCancelled(_ message: String = "request cancelled") -> ResponseError {
        ResponseError(code: Code.requestCancelled, message: message)
    }
    public static func contentModified(_ message: String = "content modified") -> ResponseError {
        ResponseError(code: Code.contentModified, message: message)
    }
    public static func requestFailed(_ message: String) -> ResponseError {
        ResponseError(code: Code.requestFailed, message: message)
    }

    public var description: String { "error \(code): \(message)" }

    public var json: JSONValue {
        .object(omittingNil: ["code": JSONValue(code), "message": JSONValue(message), "data": data])
    }

    /// Nil when `json` is not an error object with an integer code and a string message.
    public init?(json: JSONValue) {
        guard let code = json["code"]?.intValue, let message = json["message"]?.stringValue else { return nil }
        self.init(code: code, message: message, data: json["data"])
    }
}
