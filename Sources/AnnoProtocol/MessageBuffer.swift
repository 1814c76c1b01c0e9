/// The stateful side of framing: accumulates chunks read from a stream, hands out frames via
/// `MessageFraming.nextMessage`, and remembers how many bytes of an oversized body are still
/// to be dropped, so such a body is never held in memory.
public struct MessageBuffer: Sendable {
    public let maxBodyBytes: Int
    private var bytes: [UInt8] = []
    private var start = 0  // bytes before this index are consumed but not yet compacted away
    private var bytesToSkip = 0

    public init(maxBodyBytes: Int = MessageFraming.defaultMaxBodyBytes) {
        self.maxBodyBytes = maxBodyBytes
    }

    /// Bytes held and not yet framed.
    public var bufferedByteCount: Int { bytes.count - start }

    /// Bytes of an oversized body still to be dropped as they arrive.
    public var pendingSkipByteCount: Int { bytesToSkip }

    public mutating func append<C: Collection>(_ chunk: C) where C.Element == UInt8 {
        var rest = chunk[...]
        if bytesToSkip > 0 {
            let dropped = min(bytesToSkip, rest.count)
            rest = rest.dropFirst(dropped)
            bytesToSkip -= dropped
        }
        bytes.append(contentsOf: rest)
    }

    /// The next frame, or `.needMoreBytes` once the buffered bytes hold no complete frame.
    public mutating func next() -> FramingResult {
        let available = bytes.count - start
        guard available > 0 else { return .needMoreBytes }
        let result = MessageFraming.nextMessage(in: bytes[start...], maxBodyBytes: maxBodyBytes)
        switch result {
        case .needMoreBytes:
            break
        case .message(_, let consumed):
            start += consumed
        case .invalid(_, let consumed):
            if consumed > available {
                bytesToSkip = consumed - available
                start = bytes.count
            } else {
                start += consumed
            }
        }
        compact()
        return result
    }

    private mutating func compact() {
        if start == bytes.count {
            bytes.removeAll(keepingCapacity: bytes.capacity <= 1 << 20)
            start = 0
        } else if start >= 64 << 10 && start * 2 >= bytes.count {
            bytes.removeFirst(start)
            start = 0
        }
    }
}
