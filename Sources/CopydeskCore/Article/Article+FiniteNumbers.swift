/// A number in an article that JSON cannot hold (NaN or an infinity), named
/// by where it sits in the record.
public struct NonFiniteNumber: Error, Sendable, Equatable, CustomStringConvertible {
    /// The record path of the value, such as `copydesk.money[2].amount`.
    public var field: String
    /// The value itself.
    public var value: Double

    /// `copydesk.money[2].amount is nan`.
    public var description: String { "\(field) is \(value)" }
}

extension Article {
    /// The first number JSON cannot hold (NaN, ±infinity), or nil when every number is finite.
    ///
    /// Stages compute these numbers (similarities, amounts parsed from text), so
    /// a bug or an extreme input can produce one; the compress stage turns it
    /// into a `compress_failed` quarantine rather than a record it cannot write.
    public var firstNonFiniteNumber: NonFiniteNumber? {
        func check(_ value: Double?, _ field: @autoclosure () -> String) -> NonFiniteNumber? {
            guard let value, !value.isFinite else { return nil }
            return NonFiniteNumber(field: field(), value: value)
        }
        if let found = check(copydesk.dedup?.similarity, "copydesk.dedup.similarity") { return found }
        if let found = check(copydesk.dedup?.containment, "copydesk.dedup.containment") { return found }
        for (i, money) in copydesk.money.enumerated() {
            if let found = check(money.amount, "copydesk.money[\(i)].amount") { return found }
        }
        for (i, percentage) in copydesk.percentages.enumerated() {
            if let found = check(percentage.value, "copydesk.percentages[\(i)].value") { return found }
        }
        return nil
    }

    /// The article with every non-finite number left out (as if it had not been computed).
    func droppingNonFiniteNumbers() -> Article {
        var copy = self
        func finite(_ value: Double?) -> Double? { value.flatMap { $0.isFinite ? $0 : nil } }
        if var dedup = copy.copydesk.dedup {
            dedup.similarity = finite(dedup.similarity)
            dedup.containment = finite(dedup.containment)
            copy.copydesk.dedup = dedup
        }
        for i in copy.copydesk.money.indices { copy.copydesk.money[i].amount = finite(copy.copydesk.money[i].amount) }
        for i in copy.copydesk.percentages.indices { copy.copydesk.percentages[i].value = finite(copy.copydesk.percentages[i].value) }
        return copy
    }
}
