import CopydeskCore
import Foundation

/// Builds Prometheus text exposition format 0.0.4.
struct PrometheusText {
    private(set) var text = ""

    mutating func family(_ name: String, _ type: String, _ help: String) {
        text += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
    }

    mutating func sample(_ name: String, _ labels: [String: String], _ value: Double) {
        text += name + Self.render(labels) + " " + Self.number(value) + "\n"
    }

    /// A histogram from a ``LatencyHistogram`` (microsecond buckets, four per
    /// doubling), exported with one bucket per doubling, in seconds.
    mutating func histogram(_ name: String, _ labels: [String: String], _ h: LatencyHistogram) {
        var cumulative: UInt64 = 0
        var lastUpper = -1.0
        for i in 0..<h.counts.count {
            cumulative += h.counts[i]
            let upper = LatencyHistogram.upperBound(i) / 1e6
            // One bucket per doubling from 10 µs to about a minute keeps the output short.
            guard i % 4 == 3, upper >= 1e-5, upper <= 70, upper > lastUpper else { continue }
            lastUpper = upper
            var l = labels
            l["le"] = Self.number(upper)
            sample(name + "_bucket", l, Double(cumulative))
        }
        var l = labels
        l["le"] = "+Inf"
        sample(name + "_bucket", l, Double(h.total))
        sample(name + "_sum", labels, Double(h.sum) / 1e6)
        sample(name + "_count", labels, Double(h.total))
    }

    static func render(_ labels: [String: String]) -> String {
        guard !labels.isEmpty else { return "" }
        let parts = labels.sorted { $0.key < $1.key }.map { key, value in
            let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "\n", with: "\\n")
            return "\(key)=\"\(escaped)\""
        }
        return "{" + parts.joined(separator: ",") + "}"
    }

    static func number(_ v: Double) -> String {
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v > 0 ? "+Inf" : "-Inf" }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return String(v)
    }
}
