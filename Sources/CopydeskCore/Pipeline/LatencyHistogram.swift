/// A fixed-bucket latency histogram in microseconds (4 buckets per doubling,
/// 1 µs to ~1 hour): constant memory, percentiles within ~19 %.
public struct LatencyHistogram: Sendable, Equatable {
    static let bucketsPerDoubling = 4.0
    static let bucketCount = 130
    /// Counts per bucket.
    public private(set) var counts = [UInt64](repeating: 0, count: bucketCount)
    /// Observations.
    public private(set) var total: UInt64 = 0
    /// Sum of all observations (µs).
    public private(set) var sum: UInt64 = 0

    /// An empty histogram.
    public init() {}

    static func bucket(_ micros: UInt64) -> Int {
        guard micros > 1 else { return 0 }
        let b = Int(log2(Double(micros)) * bucketsPerDoubling)
        return min(bucketCount - 1, max(0, b))
    }

    /// The upper bound of bucket `i` in µs.
    public static func upperBound(_ i: Int) -> Double {
        pow(2, Double(i + 1) / bucketsPerDoubling)
    }

    /// Adds one observation.
    public mutating func record(micros: UInt64) {
        counts[Self.bucket(micros)] += 1
        total += 1
        sum &+= micros
    }

    /// The `q` quantile (0…1) in milliseconds, or 0 when empty.
    public func quantileMilliseconds(_ q: Double) -> Double {
        guard total > 0 else { return 0 }
        let rank = UInt64((Double(total) * q).rounded(.up))
        var seen: UInt64 = 0
        for (i, c) in counts.enumerated() {
            seen += c
            if seen >= max(1, rank) { return Self.upperBound(i) / 1000 }
        }
        return Self.upperBound(Self.bucketCount - 1) / 1000
    }
}

#if canImport(Glibc)
import Glibc
#endif
