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
    public static func map<T: Sendable, R: Sendable, State>(_ items: [T], state makeState: @Sendable () -> State,
                                                          _ transform: @Sendable (State, T) -> R) -> [R] {
        let results = ResultSlots<R>(count: items.count)
        let workers = min(items.count, max(1, ProcessInfo.processInfo.activeProcessorCount * 4))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let state = makeState()
            var i = worker
            while i < items.count {
                results.set(i, transform(state, items[i]))
                i += workers
            }
        }
        return results.values()
    }
}

private final class ResultSlots<R: Sendable>: @unchecked Sendable {
    private var slots: [R?]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ value: R) { lock.lock(); slots[i] = value; lock.unlock() }
    func values() -> [R] { lock.lock(); defer { lock.unlock() }; return slots.compactMap { $0 } }
}
