// Feeds the store from the engine, outside React: subscribe to every pushed event first, then fetch
// the snapshot; events that arrive during a fetch are replayed after it. A gap in `seq` means pushes
// were missed (e.g. across a reconnect), so the snapshot is fetched again.

import type { TiltguardApi } from '../../../shared/ipc/api'
import { EVENT_CHANNEL, type EventMeta } from '../../../shared/ipc/channels'
import type { EventName, EventPayload } from '../../../shared/ipc/contract'
import type { TiltguardStore } from './store'

export interface IpcBridgeHandle {
  /** Fetches the snapshot again (joins a fetch already running). */
  resync(): Promise<void>
  /** Unsubscribes from every event and cancels retries. */
  stop(): void
}

type Appliers = { readonly [N in EventName]: (payload: EventPayload<N>) => void }

/** Starts feeding `store` from `api`; `retryDelayMs` is how long to wait after a failed snapshot. */
export function startIpcBridge(api: TiltguardApi, store: TiltguardStore, retryDelayMs = 2000): IpcBridgeHandle {
  const s = () => store.getState()
  const apply: Appliers = {
    healthChanged: (health) => s().setHealth(health),
    sessionChanged: (session) => s().setSession(session),
    portfolioChanged: (portfolio) => s().setPortfolio(portfolio),
    auditAppended: (entry) => s().mergeAudit([entry]),
  }

  let lastSeq: number | null = null
  let fetching: Promise<void> | null = null
  let buffered: (() => void)[] | null = null
  let retryTimer: ReturnType<typeof setTimeout> | null = null
  let stopped = false

  function resync(): Promise<void> {
    if (fetching !== null) return fetching
    if (retryTimer !== null) clearTimeout(retryTimer)
    retryTimer = null
    buffered = []
    store.setState({ syncing: true })
    fetching = api.getSnapshot({}).then((result) => {
      if (stopped) return
      if (result.ok) {
        const { health, session, portfolio, audit } = result.value
        store.setState({ health, session, portfolio, syncing: false, syncError: null })
        s().setAudit(audit)
      } else {
        store.setState({ syncing: false, syncError: result.error })
        retryTimer = setTimeout(() => void resync(), retryDelayMs)
      }
      const replay = buffered ?? []
      buffered = null
      fetching = null
      for (const run of replay) run()
    })
    return fetching
  }

  function subscribe<N extends EventName>(name: N): () => void {
    return api.on(name, (payload: EventPayload<N>, meta: EventMeta) => {
      const gap = lastSeq !== null && meta.seq !== lastSeq + 1
      lastSeq = meta.seq
      const run = () => apply[name](payload)
      if (buffered !== null) buffered.push(run)
      else run()
      if (gap) void resync()
    })
  }
  const offs = (Object.keys(EVENT_CHANNEL) as EventName[]).map((name) => subscribe(name))
  void resync()

  return {
    resync,
    stop() {
      stopped = true
      if (retryTimer !== null) clearTimeout(retryTimer)
      for (const off of offs) off()
    },
  }
}
