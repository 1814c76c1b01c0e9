import Dispatch
import Foundation

/// Runs independent work on every core (checking files, indexing a workspace).
public enum Parallel {
    /// `items.map(transform)`, computed concurrently; results keep the items' order.
    public static func map<T: Sendable, R: Sendable>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] {
        let results = ResultSlots<R>(count: items.count)
        DispatchQueue.concurrentPerform(iterations: items.count) { i in
            results.set(i, transform(items[i]))
        }
        return results.values()
    }

    /// `items.map`, concurrently, where each worker keeps some state across the items it takes
    /// (a cache, say): `makeState` runs once per worker, and the state never crosses threads.
    /// One worker per core, each taking the next item as it finishes one, so uneven items (a
    /// large note, a directory of small ones) never leave a core idle.
    public static func map<T: Sendable, R: Sendable, State>(_ items: [T], state makeState: @Sendable () -> State,
                                                          _ transform: @Sendable (State, T) -> R) -> [R] {
        let results = ResultSlots<R>(count: items.count)
        let next = Counter()
        let workers = min(items.count, max(1, ProcessInfo.processInfo.activeProcessorCount))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            let state = makeState()
            while true {
                let i = next.take()
                if i >= items.count { break }
                results.set(i, transform(state, items[i]))
            }
        }
        return results.values()
    }
}

/// Hands out 0, 1, 2, … to whichever thread asks next.
private final class Counter: @unchecked Sendable {   // `value` guarded by `lock`
    private var value = 0
    private let lock = NSLock()
    func take() -> Int { lock.lock(); defer { lock.unlock() }; value += 1; return value - 1 }
}

private final class ResultSlots<R: Sendable>: @unchecked Sendable {
    private var slots: [R?]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ value: R) { lock.lock(); slots[i] = value; lock.unlock() }
    func values() -> [R] { lock.lock(); defer { lock.unlock() }; return slots.compactMap { $0 } }
}
