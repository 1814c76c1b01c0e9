/// A JSON syntax error with its exact position, so a catalogue author can jump to it.
public struct JSONSyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    /// Byte offset into the UTF-8 input.
    public var offset: Int
    /// 1-based line; `\n`, `\r\n` and a lone `\r` each end a line.
    public var line: Int
    /// 1-based column counted in Unicode scalars (as a person counts characters), not bytes.
    public var column: Int

    public init(message: String, offset: Int, line: Int, column: Int) {
        self.message = message
        self.offset = offset
        self.line = line
        self.column = column
    }

    /// `line:column: message`, the shape editors and compilers use.
    public var description: String { "\(line):\(column): \(message)" }
}
