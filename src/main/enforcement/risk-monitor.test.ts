// The live driver of the risk core: plans reach the executor, the wake timer brings the daily reset
// without a new event, a failing executor never stops the stream.
import { describe, expect, it } from 'vitest'
import { ManualClock, flushMicrotasks } from '../../../test/fakes/manual-clock'
import { ACCOUNT, MNQ, at, config, position, trade } from '../../../test/support/risk/fixtures'
import type { Plan } from '../risk/plan'
import { RiskMonitor, type PlanSink } from './risk-monitor'

class RecordingSink implements PlanSink {
  readonly plans: Plan[] = []
  fail = false
  submit(plan: Plan): Promise<unknown> {
    this.plans.push(plan)
    return this.fail ? Promise.reject(new Error('gateway refused')) : Promise.resolve([])
  }
}

const rules = config({
  max_contracts: { enabled: true, limit: 2, close_all: true },
  daily_realized_loss: { enabled: true, loss_limit: 500, action: 'CLOSE_ALL_AND_LOCKOUT', lockout_until: 'daily_reset' },
})

describe('RiskMonitor', () => {
  it('PIPE-2 R1-2 a position over max_contracts sends one plan with a close to the executor', () => {
    const clock = new ManualClock(at('2026-03-10T09:00'))
    const sink = new RecordingSink()
    const monitor = new RiskMonitor({ executor: sink, clock, config: rules })
    monitor.ingest(position(MNQ, 'long', 3, 21000, clock.now()))
    expect(sink.plans).toHaveLength(1)
    expect(sink.plans[0]?.accountId).toBe(ACCOUNT)
    expect(sink.plans[0]?.actions.map((a) => a.action.kind)).toContain('close_all')
    expect(monitor.evaluations()[0]?.accountId).toBe(ACCOUNT)
    monitor.stop()
  })

  it('RESET-1 LOCK-3 the wake timer clears a daily lockout at 17:00 Chicago with no new event', () => {
    const clock = new ManualClock(at('2026-03-10T14:00'))
    const sink = new RecordingSink()
    const monitor = new RiskMonitor({ executor: sink, clock, config: rules })
    monitor.ingest(trade(1, -600, clock.now()))
    expect(monitor.evaluations()[0]?.status).toBe('LOCKED')
    clock.advance(at('2026-03-10T17:00') - clock.now() - 1)
    expect(monitor.evaluations()[0]?.status).toBe('LOCKED')
    clock.advance(2)
    expect(monitor.evaluations()[0]?.status).not.toBe('LOCKED')
    expect(Object.keys(monitor.state().accounts[ACCOUNT]?.lockouts ?? {})).toEqual([])
    monitor.stop()
  })

  it('PIPE-4 a failing executor is reported and the next event is still evaluated', async () => {
    const clock = new ManualClock(at('2026-03-10T09:00'))
    const sink = new RecordingSink()
    sink.fail = true
    const errors: string[] = []
    const monitor = new RiskMonitor({ executor: sink, clock, config: rules, onError: (_e, context) => errors.push(context) })
    monitor.ingest(position(MNQ, 'long', 3, 21000, clock.now()))
    await flushMicrotasks()
    expect(errors).toEqual([`executor account ${ACCOUNT}`])
    monitor.ingest(trade(1, -600, clock.now()))
    expect(sink.plans).toHaveLength(2)
    monitor.stop()
  })

  it('the wake timer never waits longer than its bound, so sleep and wake are corrected', () => {
    const clock = new ManualClock(at('2026-03-10T09:00'))
    const monitor = new RiskMonitor({ executor: new RecordingSink(), clock, config: rules, maxTimerMs: 1_000 })
    monitor.start()
    expect(clock.pendingCount).toBe(1)
    clock.advance(1_000)
    expect(clock.pendingCount).toBe(1)
    monitor.stop()
    expect(clock.pendingCount).toBe(0)
  })
})
