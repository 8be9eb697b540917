// Outage/polling bookkeeping on its own, with a manual clock (HUB-12, F17).
import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../../../test/fakes/manual-clock'
import { MemoryLogger } from '../../../../test/fakes/memory-logger'
import { HubOutageTracker } from './hub-outage'
import { TimerGroup } from '../../util/timer-group'

function setup() {
  const clock = new ManualClock()
  const timers = new TimerGroup(clock)
  const calls: string[] = []
  const tracker = new HubOutageTracker(timers, 10_000, new MemoryLogger(), {
    onOutage: () => calls.push('outage'),
    onPollingNeeded: () => calls.push('needed'),
    onPollingNotNeeded: () => calls.push('not-needed'),
    onPollingDelayElapsed: () => calls.push('delay-elapsed'),
  })
  return { clock, timers, calls, tracker }
}

describe('HubOutageTracker', () => {
  it('HUB-12 requests polling once, pollingStartDelayMs into an outage, and releases it on end()', () => {
    const { clock, timers, calls, tracker } = setup()
    tracker.begin(true)
    tracker.begin(true) // same outage: no second announcement, no second timer
    expect(calls).toEqual(['outage'])
    expect(timers.size).toBe(1)
    clock.advance(9_999)
    expect(tracker.pollingActive).toBe(false)
    clock.advance(1)
    expect(tracker.pollingActive).toBe(true)
    expect(calls).toEqual(['outage', 'needed', 'delay-elapsed'])
    tracker.end()
    expect(tracker.pollingActive).toBe(false)
    expect(calls).toEqual(['outage', 'needed', 'delay-elapsed', 'not-needed'])
  })

  it('F17 an unannounced outage still arms the polling timer; ending early cancels it', () => {
    const { clock, timers, calls, tracker } = setup()
    tracker.begin(false)
    expect(timers.size).toBe(1)
    tracker.end()
    expect(timers.size).toBe(0)
    clock.advance(20_000)
    expect(calls).toEqual([])
  })

  it('requestPolling() asks at once and only once, without a pending timer', () => {
    const { timers, calls, tracker } = setup()
    tracker.begin(true)
    tracker.requestPolling()
    tracker.requestPolling()
    expect(timers.size).toBe(0)
    expect(calls).toEqual(['outage', 'needed'])
  })
})
