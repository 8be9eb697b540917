// Snapshot-first feeding of the store, event application, dropping pushes the snapshot already
// holds, and re-sync on a seq gap.
import { describe, expect, it } from 'vitest'
import { startIpcBridge } from './ipc-bridge'
import { createTiltguardStore } from './store'
import type { TiltguardApi } from '../../../shared/ipc/api'
import type { EventMeta } from '../../../shared/ipc/channels'
import type { EventName } from '../../../shared/ipc/contract'
import type { DashboardSnapshot } from '../../../shared/ipc/views'
import type { Result } from '../../../shared/errors'
import { FakeEngine, cannedSnapshot } from '../../../../test/fakes/fake-engine'
import { cannedFills, cannedRisk } from '../../../../test/fakes/canned-dashboard'

/** A scripted TiltguardApi: getSnapshot answers are resolved by the test, the rest by a FakeEngine. */
function fakeApi() {
  const engine = new FakeEngine()
  const listeners = new Map<string, (payload: unknown, meta: EventMeta) => void>()
  const pending: ((r: Result<DashboardSnapshot>) => void)[] = []
  const api = new Proxy({} as TiltguardApi, {
    get: (_t, name: string) => {
      if (name === 'getSnapshot') return () => new Promise<Result<DashboardSnapshot>>((resolve) => pending.push(resolve))
      if (name === 'on')
        return (event: EventName, l: (payload: unknown, meta: EventMeta) => void) => {
          listeners.set(event, l)
          return () => listeners.delete(event)
        }
      const handler = engine.handlers[name as keyof typeof engine.handlers] as (input: unknown) => Promise<unknown>
      return async (input: unknown) => ({ ok: true, value: await handler(input) })
    },
  })
  return {
    api,
    engine,
    listeners,
    pending,
    push: (name: EventName, payload: unknown, seq: number) => listeners.get(name)?.(payload, { seq }),
    answer: (r: Result<DashboardSnapshot>) => pending.shift()?.(r),
  }
}

const flush = () => new Promise((r) => setTimeout(r, 0))
const ok = (value: DashboardSnapshot): Result<DashboardSnapshot> => ({ ok: true, value })

describe('startIpcBridge', () => {
  it('subscribes to every event before fetching, then loads the snapshot into every slice', async () => {
    const f = fakeApi()
    const store = createTiltguardStore()
    startIpcBridge(f.api, store)
    expect([...f.listeners.keys()].sort()).toEqual(['auditAppended', 'fillAppended', 'healthChanged', 'killSwitchProgress', 'portfolioChanged', 'riskChanged', 'sessionChanged'])
    expect(store.getState().syncing).toBe(true)
    const snap = cannedSnapshot()
    f.answer(ok(snap))
    await flush()
    const s = store.getState()
    expect(s).toMatchObject({ health: snap.health, session: snap.session, accounts: snap.portfolio.accounts, positions: snap.portfolio.positions, syncing: false })
    expect(s.audit.map((e) => e.id)).toEqual([3, 2, 1])
    expect(s.fills.map((x) => x.id)).toEqual([7002, 7001])
    expect(s.riskByAccount[103]?.status).toBe('LOCKED')
    expect(s.lockouts.map((l) => l.ruleId)).toEqual(['daily_loss_limit', 'cooldown_after_loss'])
  })

  it('loads the P&L curve of every account, the preferences and the rules after the snapshot', async () => {
    const f = fakeApi()
    const store = createTiltguardStore()
    startIpcBridge(f.api, store)
    f.answer(ok(cannedSnapshot()))
    await flush()
    await flush()
    const s = store.getState()
    expect(Object.keys(s.pnlSeries).sort()).toEqual(['101', '102', '103'])
    expect(s.pnlSeries[101]).toHaveLength(30)
    expect(s.preferencesLoaded).toBe(true)
    expect(s.rulesDocument?.source).toBe('example')
  })

  it('replays events that arrive during the fetch after the snapshot, so the newer state wins', async () => {
    const f = fakeApi()
    const store = createTiltguardStore()
    startIpcBridge(f.api, store)
    const snap = cannedSnapshot()
    f.push('healthChanged', { ...snap.health, overall: 'DOWN' as const }, 1)
    f.answer(ok(snap))
    await flush()
    expect(store.getState().health?.overall).toBe('DOWN')
  })

  it('drops buffered pushes with seq ≤ snapshot.seq and applies the newer ones', async () => {
    const f = fakeApi()
    const store = createTiltguardStore()
    startIpcBridge(f.api, store)
    const snap = { ...cannedSnapshot(), seq: 41 }
    f.push('healthChanged', { ...snap.health, overall: 'DOWN' as const }, 40)
    f.push('fillAppended', { ...cannedFills()[0]!, id: 1 }, 41)
    f.push('fillAppended', { ...cannedFills()[0]!, id: 2 }, 42)
    f.answer(ok(snap))
    await flush()
    expect(store.getState().health?.overall).toBe('OK')
    expect(store.getState().fills.map((x) => x.id)).toContain(2)
    expect(store.getState().fills.map((x) => x.id)).not.toContain(1)
    expect(f.pending).toHaveLength(0)
    // Old or repeated pushes after the snapshot are dropped too.
    f.push('healthChanged', { ...snap.health, overall: 'DOWN' as const }, 42)
    expect(store.getState().health?.overall).toBe('OK')
  })

  it('fetches again when the first push after a numbered snapshot skips a seq', async () => {
    const f = fakeApi()
    const store = createTiltguardStore()
    startIpcBridge(f.api, store)
    f.answer(ok({ ...cannedSnapshot(), seq: 10 }))
    await flush()
    f.push('healthChanged', cannedSnapshot().health, 11)
    expect(f.pending).toHaveLength(0)
    f.push('healthChanged', cannedSnapshot().health, 13)
    expect(f.pending).toHaveLength(1)
  })

  it('applies risk, fill, audit, portfolio and kill-switch pushes to their slices', async () => {
    const f = fakeApi()
    const store = createTiltguardStore()
    startIpcBridge(f.api, store)
    f.answer(ok(cannedSnapshot()))
    await flush()
    const risk = cannedRisk()
    f.push('riskChanged', { ...risk, at: risk.at + 1000, accounts: risk.accounts.map((a) => ({ ...a, status: 'HALTED' as const })) }, 1)
    f.push('fillAppended', { ...cannedFills()[0]!, id: 9, at: risk.at + 2000 }, 2)
    f.push('auditAppended', { ...cannedSnapshot().audit[0]!, id: 5 }, 3)
    f.push('portfolioChanged', { accounts: cannedSnapshot().portfolio.accounts, positions: [], orders: [] }, 4)
    f.push('killSwitchProgress', { accountId: 101, phase: 'closing', ordersCancelled: 1, positionsClosed: 0, elapsedMs: 120 }, 5)
    const s = store.getState()
    expect(s.riskByAccount[101]?.status).toBe('HALTED')
    expect(s.pnlSeries[101]?.at(-1)).toEqual({ at: risk.at + 1000, net: 28.5 })
    expect(s.fills[0]?.id).toBe(9)
    expect(s.audit[0]?.id).toBe(5)
    expect(s.positions).toEqual([])
    expect(s.killSwitch).toMatchObject({ phase: 'running', progress: { 101: { phase: 'closing' } } })
    expect(f.pending).toHaveLength(0)
  })

  it('with an unnumbered snapshot (seq 0) accepts the next push, then spots gaps between pushes', async () => {
    const f = fakeApi()
    const store = createTiltguardStore()
    startIpcBridge(f.api, store)
    f.answer(ok(cannedSnapshot()))
    await flush()
    f.push('healthChanged', cannedSnapshot().health, 57)
    f.push('healthChanged', cannedSnapshot().health, 58)
    expect(f.pending).toHaveLength(0)
    f.push('healthChanged', cannedSnapshot().health, 60)
    expect(f.pending).toHaveLength(1)
  })

  it('re-syncs for gaps at most once per retry delay, so disagreeing counters cannot loop', async () => {
    const f = fakeApi()
    const store = createTiltguardStore()
    const bridge = startIpcBridge(f.api, store, 50)
    f.answer(ok(cannedSnapshot()))
    await flush()
    f.push('healthChanged', cannedSnapshot().health, 1)
    f.push('healthChanged', cannedSnapshot().health, 5)
    expect(f.pending).toHaveLength(1)
    f.answer(ok(cannedSnapshot()))
    await flush()
    f.push('healthChanged', cannedSnapshot().health, 9)
    f.push('healthChanged', cannedSnapshot().health, 20)
    expect(f.pending).toHaveLength(0)
    await new Promise((r) => setTimeout(r, 70))
    expect(f.pending).toHaveLength(1)
    bridge.stop()
  })

  it('shows a failed snapshot and retries it', async () => {
    const f = fakeApi()
    const store = createTiltguardStore()
    const bridge = startIpcBridge(f.api, store, 1)
    f.answer({ ok: false, error: { code: 'INTERNAL', message: 'boom', retryable: true } })
    await flush()
    expect(store.getState().syncError?.code).toBe('INTERNAL')
    await new Promise((r) => setTimeout(r, 5))
    expect(f.pending).toHaveLength(1)
    bridge.stop()
    expect(f.listeners.size).toBe(0)
  })
})
