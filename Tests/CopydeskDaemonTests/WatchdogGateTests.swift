import Testing
@testable import CopydeskDaemon

@Suite("The watchdog gate")
struct WatchdogGateTests {
    @Test("an idle daemon is healthy")
    func idle() {
        let gate = WatchdogGate()
        #expect(gate.healthy(inFlight: 0, progress: 0, paused: false))
        #expect(gate.healthy(inFlight: 0, progress: 0, paused: false))
    }

    @Test("work in flight is healthy only while something finishes between checks")
    func stuck() {
        let gate = WatchdogGate()
        #expect(gate.healthy(inFlight: 5, progress: 10, paused: false))
        #expect(gate.healthy(inFlight: 5, progress: 12, paused: false))
        #expect(!gate.healthy(inFlight: 5, progress: 12, paused: false))
    }

    @Test("a knowingly paused daemon (a full disk) keeps its pings")
    func paused() {
        let gate = WatchdogGate()
        #expect(gate.healthy(inFlight: 5, progress: 3, paused: true))
        #expect(gate.healthy(inFlight: 5, progress: 3, paused: true))
    }
}
