// REST health tests: HEALTH-1 thresholds and HEALTH-5 metrics.
import { describe, expect, it } from 'vitest'
import { classifyRestHealth, percentile, RestHealthTracker, type RestSample } from './rest-health'

const ok = (latencyMs: number): RestSample => ({ ok: true, reached: true, latencyMs })
const bad = (latencyMs: number): RestSample => ({ ok: false, reached: true, latencyMs })
const unreachable: RestSample = { ok: false, reached: false, latencyMs: 1 }
const times = (n: number, s: RestSample) => Array.from({ length: n }, () => s)

describe('classifyRestHealth', () => {
  it('HEALTH-1 HEALTHY needs p50 < 500 ms and > 95 % success', () => {
    expect(classifyRestHealth(times(10, ok(100))).state).toBe('HEALTHY')
    expect(classifyRestHealth(times(10, ok(499))).state).toBe('HEALTHY')
  })

  it('HEALTH-1 DEGRADED at 500–2000 ms or 80–95 % success', () => {
    expect(classifyRestHealth(times(10, ok(500))).state).toBe('DEGRADED')
    expect(classifyRestHealth(times(10, ok(2000))).state).toBe('DEGRADED')
    expect(classifyRestHealth([...times(9, ok(100)), bad(100)]).state).toBe('DEGRADED')
    expect(classifyRestHealth([...times(8, ok(100)), bad(100), bad(100)]).state).toBe('DEGRADED')
  })

  it('HEALTH-1 UNHEALTHY above 2000 ms or below 80 % success (F20: 3 s latency)', () => {
    expect(classifyRestHealth(times(10, ok(3000))).state).toBe('UNHEALTHY')
    expect(classifyRestHealth([...times(7, ok(100)), ...times(3, bad(100))]).state).toBe('UNHEALTHY')
  })

  it('HEALTH-1 DISCONNECTED when the latest attempts reached nothing, and before any attempt', () => {
    expect(classifyRestHealth([...times(7, ok(100)), ...times(3, unreachable)]).state).toBe('DISCONNECTED')
    expect(classifyRestHealth([unreachable]).state).toBe('DISCONNECTED')
    expect(classifyRestHealth([]).state).toBe('DISCONNECTED')
    // One unreachable after good calls is a failure, not a disconnect.
    expect(classifyRestHealth([...times(9, ok(100)), unreachable]).state).toBe('DEGRADED')
  })

  it('HEALTH-1 only the last 10 calls count', () => {
    expect(classifyRestHealth([...times(20, bad(5000)), ...times(10, ok(100))]).state).toBe('HEALTHY')
  })

  it('HEALTH-5 reports p50, p95 and success rate', () => {
    const samples = [10, 20, 30, 40, 50, 60, 70, 80, 90, 1000].map(ok)
    const s = classifyRestHealth(samples)
    expect(s.p50Ms).toBe(50)
    expect(s.p95Ms).toBe(1000)
    expect(s.successRate).toBe(1)
    expect(s.sampleCount).toBe(10)
    expect(percentile([], 50)).toBeNull()
  })
})

describe('RestHealthTracker', () => {
  it('HEALTH-1 notifies listeners only when the state word changes', () => {
    const tracker = new RestHealthTracker()
    const seen: string[] = []
    const off = tracker.onChange((s) => seen.push(s.state))
    tracker.record(ok(100))
    tracker.record(ok(100))
    for (let i = 0; i < 10; i++) tracker.record(ok(1000))
    for (let i = 0; i < 10; i++) tracker.record(ok(3000))
    off()
    tracker.record(unreachable)
    expect(seen).toEqual(['HEALTHY', 'DEGRADED', 'UNHEALTHY'])
    expect(tracker.snapshot().sampleCount).toBe(10)
  })
})
