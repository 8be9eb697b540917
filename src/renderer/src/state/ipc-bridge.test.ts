// Snapshot-first feeding of the store, event application, and re-sync on a seq gap.
import { describe, expect, it } from 'vitest'
import { startIpcBridge } from './ipc-bridge'
import { createTiltguardStore } from './store'
import type { TiltguardApi } from '../../../shared/ipc/api'
import type { EventMeta } from '../../../shared/ipc/channels'
import type { EventName } from '../../../shared/ipc/contract'
import type { DashboardSnapshot } from '../../../shared/ipc/views'
import type { Result } from '../../../shared/errors'
import { cannedSnapshot } from '../../../../test/fakes/fake-engine'

/** A scripted TiltguardApi: getSnapshot answers are resolved by the test. */
function fakeApi() {
  const listeners = new Map<string, (payload: unknown, meta: EventMeta) => void>()
  const pending: ((r: Result<DashboardSnapshot>) => void)[] = []
  const api = {
    getSnapshot: () => new Promise<Result<DashboardSnapshot>>((resolve) => pending.push(resolve)),
    on: (name: EventName, l: (payload: unknown, meta: EventMeta) => void) => {
      listeners.set(name, l)
      return () => listeners.delete(name)
    },
  } as unknown as TiltguardApi
  return {
    api,
    listeners,
    pending,
    push: (name: EventName, payload: unknown, seq: number) => listeners.get(name)?.(payload, { seq }),
    answer: (r: Result<DashboardSnapshot>) => pending.shift()?.(r),
  }
}

const flush = () => new Promise((r) => setTimeout(r, 0))

describe('startIpcBridge', () => {
  it('subscribes to every event before fetching, then loads the snapshot', async () => {
    const f = fakeApi()
    const store = createTiltguardStore()
    startIpcBridge(f.api, store)
    expect([...f.listeners.keys()].sort()).toEqual(['auditAppended', 'healthChanged', 'portfolioChanged', 'sessionChanged'])
    expect(store.getState().syncing).toBe(true)
    const snap = cannedSnapshot()
    f.answer({ ok: true, value: snap })
    await flush()
    expect(store.getState()).toMatchObject({ health: snap.health, session: snap.session, portfolio: snap.portfolio, audit: snap.audit, syncing: false })
  })

  it('replays events that arrive during the fetch after the snapshot, so the newer state wins', async () => {
    const f = fakeApi()
    const store = createTiltguardStore()
    startIpcBridge(f.api, store)
    const snap = cannedSnapshot()
    const newer = { ...snap.health, overall: 'DOWN' as const }
    f.push('healthChanged', newer, 1)
    f.answer({ ok: true, value: snap })
    await flush()
    expect(store.getState().health?.overall).toBe('DOWN')
  })

  it('applies pushes in order and merges audit entries by id', async () => {
    const f = fakeApi()
    const store = createTiltguardStore()
    startIpcBridge(f.api, store)
    f.answer({ ok: true, value: cannedSnapshot() })
    await flush()
    const entry = (id: number) => ({ id, at: id, category: 'order', severity: 'info', message: `m${id}`, accountId: null })
    f.push('auditAppended', entry(5), 1)
    f.push('auditAppended', entry(5), 2)
    f.push('auditAppended', entry(3), 3)
    f.push('portfolioChanged', { accounts: [], positions: [], orders: [] }, 4)
    expect(store.getState().audit.map((e) => e.id)).toEqual([5, 3, 1])
    expect(store.getState().portfolio?.positions).toEqual([])
    expect(f.pending).toHaveLength(0)
  })

  it('fetches the snapshot again when a seq is skipped', async () => {
    const f = fakeApi()
    const store = createTiltguardStore()
    startIpcBridge(f.api, store)
    f.answer({ ok: true, value: cannedSnapshot() })
    await flush()
    f.push('healthChanged', cannedSnapshot().health, 10)
    f.push('healthChanged', cannedSnapshot().health, 11)
    expect(f.pending).toHaveLength(0)
    f.push('healthChanged', cannedSnapshot().health, 13)
    expect(f.pending).toHaveLength(1)
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
