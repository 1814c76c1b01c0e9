/// The stateful side of framing: accumulates chunks read from a stream and hands out frames as
/// `MessageFraming.nextMessage` would find them in the whole stream, but scanning each byte for
/// header lines once (a large body arriving in many chunks is not rescanned), and never holding
/// an oversized body: its bytes are dropped as they arrive, up to its declared end or to a
/// header line that shows it ended early. Call `next()` until `.needMoreBytes` after each `append`.
public struct MessageBuffer: Sendable {
    public let maxBodyBytes: Int
    private var bytes: [UInt8] = []
    private var start = 0  // bytes before this index are consumed but not yet compacted away
    /// A frame whose header was read and whose body is still arriving: where the body starts,
    /// its declared length, and up to where its bytes are known to hold no header line
    /// (indices into `bytes`).
    private var pending: (bodyStart: Int, length: Int, scanned: Int)?
    /// An oversized body being dropped: its declared length and how many of its bytes are still to come.
    private var skipping: (length: Int, remaining: Int)?

    public init(maxBodyBytes: Int = MessageFraming.defaultMaxBodyBytes) {
        self.maxBodyBytes = maxBodyBytes
    }

    /// Bytes held and not yet framed.
    public var bufferedByteCount: Int { bytes.count - start }

    /// Bytes of an oversized body still to be dropped as they arrive.
    public var pendingSkipByteCount: Int { skipping?.remaining ?? 0 }

    public mutating func append<C: Collection>(_ chunk: C) where C.Element == UInt8 {
        bytes.append(contentsOf: chunk)
    }

    /// The next frame, or `.needMoreBytes` once the buffered bytes hold no complete frame.
    public mutating func next() -> FramingResult {
        defer { compact() }
        if let skip = skipping {
            let end = min(bytes.count, start + skip.remaining)
            switch MessageFraming.headerLine(in: bytes[start...], from: start, before: end) {
            case .found(let next):
                skipping = nil
                let skipped = skip.length - skip.remaining + (next - start)
                return consume(upTo: next, .invalid(reason: "the skipped body of \(skip.length) bytes ended after \(skipped): a new header begins there", consumed: next - start))
            case .undecided(let next):
                skipping?.remaining -= next - start
                start = next
                return .needMoreBytes
            case .none:
                skipping?.remaining -= end - start
                start = end
                guard skipping?.remaining == 0 else { return .needMoreBytes }
                skipping = nil
            }
        }
        guard start < bytes.count else { return .needMoreBytes }

        if pending == nil {
            switch MessageFraming.header(in: bytes[start...]) {
            case .needMoreBytes:
                return .needMoreBytes
            case .invalid(let reason):
                let next = MessageFraming.resyncPoint(in: bytes[start...], after: start)
                return consume(upTo: next, .invalid(reason: reason, consumed: next - start))
            case .header(let bodyStart, let length) where length > maxBodyBytes:
                // Not allocated: the body is dropped as it arrives.
                skipping = (length, length)
                return consume(upTo: bodyStart, .invalid(reason: MessageFraming.oversizedReason(length, maxBodyBytes), consumed: bodyStart - start))
            case .header(let bodyStart, let length):
                pending = (bodyStart, length, bodyStart)
            }
        }
        guard let frame = pending else { return .needMoreBytes }
        let bodyEnd = frame.bodyStart + frame.length
        switch MessageFraming.headerLine(in: bytes[start...], from: frame.scanned, before: min(bodyEnd, bytes.count)) {
        case .found(let next):
            pending = nil
            let reason = MessageFraming.bodyEndedEarlyReason(next - frame.bodyStart, frame.length)
            return consume(upTo: next, .invalid(reason: reason, consumed: next - start))
        case .undecided(let next):
            pending?.scanned = next
            return .needMoreBytes
        case .none where bodyEnd > bytes.count:
            pending?.scanned = bytes.count
            return .needMoreBytes
        case .none:
            pending = nil
            return consume(upTo: bodyEnd, .message(body: Array(bytes[frame.bodyStart..<bodyEnd]), consumed: bodyEnd - start))
        }
    }

    private mutating func consume(upTo index: Int, _ result: FramingResult) -> FramingResult {
        start = index
        return result
    }

    private mutating func compact() {
        let shift: Int
        if start == bytes.count {
            bytes.removeAll(keepingCapacity: bytes.capacity <= 1 << 20)
            shift = start
        } else if start >= 64 << 10 && start * 2 >= bytes.count {
            bytes.removeFirst(start)
            shift = start
        } else {
            return
        }
        start = 0
        if var frame = pending {
            frame.bodyStart -= shift
            frame.scanned -= shift
            pending = frame
        }
    }
}
