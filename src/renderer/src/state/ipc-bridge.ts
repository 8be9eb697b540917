// Feeds the store from the engine, outside React: subscribe to every pushed event first, then fetch
// the snapshot; events that arrive during a fetch are replayed after it, except those the snapshot
// already holds (seq ≤ snapshot.seq). A gap in `seq` means pushes were missed (e.g. across a
// reconnect), so the snapshot is fetched again. After each snapshot the P&L curves, preferences,
// rules and the audit-chain check are loaded too (each may fail alone without hiding the dashboard).

import type { TiltguardApi } from '../../../shared/ipc/api'
import { EVENT_CHANNEL, type EventMeta } from '../../../shared/ipc/channels'
import type { EventName, EventPayload } from '../../../shared/ipc/contract'
import type { DashboardSnapshot } from '../../../shared/ipc/views'
import type { TiltguardStore } from './store'

export interface IpcBridgeHandle {
  /** Fetches the snapshot again (joins a fetch already running). */
  resync(): Promise<void>
  /** Unsubscribes from every event and cancels retries. */
  stop(): void
}

type Appliers = { readonly [N in EventName]: (payload: EventPayload<N>) => void }
interface Pending {
  readonly seq: number
  readonly run: () => void
}

/** Starts feeding `store` from `api`; `retryDelayMs` is how long to wait after a failed snapshot. */
export function startIpcBridge(api: TiltguardApi, store: TiltguardStore, retryDelayMs = 2000): IpcBridgeHandle {
  const s = () => store.getState()
  const apply: Appliers = {
    healthChanged: (health) => s().setHealth(health),
    sessionChanged: (session) => s().setSession(session),
    portfolioChanged: (portfolio) => s().setPortfolio(portfolio),
    auditAppended: (entry) => s().mergeAudit([entry]),
    riskChanged: (risk) => {
      s().setRisk(risk)
      s().appendPnlFromRisk(risk)
    },
    fillAppended: (fill) => s().appendFill(fill),
    killSwitchProgress: (progress) => s().applyKillProgress(progress),
  }

  /** The seq of the last push applied (or held by the snapshot); null = unknown, accept the next. */
  let lastSeq: number | null = null
  let fetching: Promise<void> | null = null
  let buffered: Pending[] | null = null
  let retryTimer: ReturnType<typeof setTimeout> | null = null
  let gapTimer: ReturnType<typeof setTimeout> | null = null
  let lastGapResyncAt = Number.NEGATIVE_INFINITY
  let stopped = false

  /** A gap re-syncs at once, but at most once per retryDelayMs (a host whose counters disagree with
   * its snapshots must not make the page fetch in a loop). */
  function resyncForGap(): void {
    const wait = lastGapResyncAt + retryDelayMs - Date.now()
    if (wait <= 0) {
      lastGapResyncAt = Date.now()
      void resync()
    } else if (gapTimer === null) {
      gapTimer = setTimeout(() => {
        gapTimer = null
        lastGapResyncAt = Date.now()
        void resync()
      }, wait)
    }
  }

  function applySnapshot(snap: DashboardSnapshot): void {
    const { health, session, portfolio, audit, risk, fills } = snap
    store.setState({ health, session, syncing: false, syncError: null })
    s().setPortfolio(portfolio)
    s().setAudit(audit)
    s().setRisk(risk)
    s().setFills(fills)
  }

  async function loadExtras(snap: DashboardSnapshot): Promise<void> {
    const ids = new Set([...snap.risk.accounts.map((a) => a.accountId), ...snap.portfolio.accounts.map((a) => a.id)])
    const [prefs, rules, chain] = await Promise.all([api.getPreferences({}), api.getRules({}), api.verifyAudit({}), ...[...ids].map(loadSeries)])
    if (stopped) return
    s().setAuditChain(chain.ok ? chain.value : { error: chain.error.message })
    if (prefs.ok) s().setPreferences(prefs.value)
    else s().setPreferencesError(prefs.error)
    if (rules.ok) s().setRulesDocument(rules.value)
    else s().setRulesError(rules.error)
  }

  async function loadSeries(accountId: number): Promise<void> {
    const result = await api.getPnlSeries({ accountId })
    if (result.ok && !stopped) s().setPnlSeries(accountId, result.value)
  }

  /** Applies one push in order; returns false when it revealed a gap. */
  function accept(p: Pending): boolean {
    if (lastSeq !== null && p.seq <= lastSeq) return true
    const gap = lastSeq !== null && p.seq !== lastSeq + 1
    lastSeq = p.seq
    p.run()
    return !gap
  }

  function resync(): Promise<void> {
    if (fetching !== null) return fetching
    if (retryTimer !== null) clearTimeout(retryTimer)
    retryTimer = null
    buffered = []
    store.setState({ syncing: true })
    fetching = api.getSnapshot({}).then((result) => {
      if (stopped) return
      let snapshotSeq: number | null = null
      if (result.ok) {
        applySnapshot(result.value)
        // seq 0: the engine does not number its snapshots; accept whatever follows.
        snapshotSeq = result.value.seq > 0 ? result.value.seq : null
        lastSeq = snapshotSeq
        void loadExtras(result.value)
      } else {
        store.setState({ syncing: false, syncError: result.error })
        retryTimer = setTimeout(() => void resync(), retryDelayMs)
      }
      const replay = buffered ?? []
      buffered = null
      fetching = null
      let gap = false
      for (const p of replay) {
        if (snapshotSeq !== null && p.seq <= snapshotSeq) continue
        if (!accept(p)) gap = true
      }
      if (gap && result.ok) resyncForGap()
    })
    return fetching
  }

  function subscribe<N extends EventName>(name: N): () => void {
    return api.on(name, (payload: EventPayload<N>, meta: EventMeta) => {
      const pending = { seq: meta.seq, run: () => apply[name](payload) }
      if (buffered !== null) buffered.push(pending)
      else if (!accept(pending)) resyncForGap()
    })
  }
  const offs = (Object.keys(EVENT_CHANNEL) as EventName[]).map((name) => subscribe(name))
  void resync()

  return {
    resync,
    stop() {
      stopped = true
      if (retryTimer !== null) clearTimeout(retryTimer)
      if (gapTimer !== null) clearTimeout(gapTimer)
      for (const off of offs) off()
    },
  }
}
