/// Deliveries waiting to be read, first in first out, with a count per origin
/// for `status`. Amortised O(1) push and pop: bursts of 100,000 files must not
/// turn into quadratic array shifting.
struct FileQueue: Sendable {
    private var items: [Delivery] = []
    private var head = 0
    private(set) var pendingByOrigin: [String: Int] = [:]

    var isEmpty: Bool { head == items.count }
    var count: Int { items.count - head }

    mutating func push(_ delivery: Delivery) {
        items.append(delivery)
        pendingByOrigin[delivery.origin, default: 0] += 1
    }

    mutating func pop() -> Delivery? {
        guard head < items.count else { return nil }
        let item = items[head]
        head += 1
        pendingByOrigin[item.origin, default: 1] -= 1
        if head == items.count {
            items.removeAll(keepingCapacity: items.count < 4096)
            head = 0
        } else if head >= 4096 && head * 2 >= items.count {
            items.removeFirst(head)
            head = 0
        }
        return item
    }
}
