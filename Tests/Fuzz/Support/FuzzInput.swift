#if canImport(Glibc)
import Glibc
#endif

/// Hands out pieces of one libFuzzer input: small numbers, choices and byte strings, like LLVM's
/// FuzzedDataProvider. Reading past the end yields zeros and empty strings, so every input,
/// however short, is a valid program for the target and mutations stay meaningful.
struct FuzzInput {
    private let data: [UInt8]
    private var index = 0

    init(_ data: [UInt8]) { self.data = data }

    init(_ pointer: UnsafePointer<UInt8>, _ count: Int) {
        self.init(Array(UnsafeBufferPointer(start: pointer, count: count)))
    }

    var isAtEnd: Bool { index >= data.count }
    var remaining: Int { max(0, data.count - index) }

    mutating func byte() -> UInt8 {
        guard index < data.count else { return 0 }
        defer { index += 1 }
        return data[index]
    }

    mutating func bool() -> Bool { byte() & 1 == 1 }

    /// A number in `range`; mostly small, which is where edge cases live.
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        let width = UInt64(range.upperBound - range.lowerBound) + 1
        let raw = width <= 256 ? UInt64(byte()) : UInt64(byte()) | UInt64(byte()) << 8
        return range.lowerBound + Int(raw % width)
    }

    /// A choice among `options`.
    mutating func pick<T>(_ options: [T]) -> T { options[int(0...(options.count - 1))] }

    /// A length-prefixed byte string of at most `limit` bytes.
    mutating func bytes(upTo limit: Int = 255) -> [UInt8] {
        let count = min(int(0...limit), remaining)
        defer { index += count }
        return Array(data[index..<index + count])
    }

    /// Everything not consumed yet.
    mutating func rest() -> [UInt8] {
        defer { index = data.count }
        return index < data.count ? Array(data[index...]) : []
    }
}

/// A broken invariant: say which and abort, so libFuzzer saves the input as a crash.
func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
             file: StaticString = #fileID, line: UInt = #line) {
    if !condition() {
        fputs("invariant failed at \(file):\(line): \(message())\n", stderr)
        abort()
    }
}
