// A stand-in for the engine that hosts are tested against: canned dashboard data, handlers that
// record their calls, and helpers to push events and change the status the tray shows.

import type { ContractHandlers, EventSink } from '../../src/shared/ipc/api'
import type { EventName, EventPayload, RequestInput, RequestName } from '../../src/shared/ipc/contract'
import type { AuditEntryView, DashboardSnapshot } from '../../src/shared/ipc/views'
import type { HealthSnapshot, HubHealth, OverallStatus } from '../../src/shared/domain/health'
import type { SessionInfo } from '../../src/shared/domain/session'
import type { PortfolioSnapshot } from '../../src/shared/domain/portfolio'
import type { HostedEngine } from '../../src/main/ports/hosted-engine'

const T0 = 1_760_000_000_000

function hub(state: HubHealth['state']): HubHealth {
  return { state, lastMessageAt: T0, reconnectCount: 0, connectedSince: T0, downtimeMs: 0, detail: null }
}

/** A healthy simulator session with one account, one position and one working order. */
export function cannedSnapshot(): DashboardSnapshot {
  const health: HealthSnapshot = {
    overall: 'OK',
    reasons: [],
    mode: 'simulator',
    token: { state: 'VALID', expiresAt: T0 + 86_400_000 },
    rest: { state: 'HEALTHY', p50Ms: 40, p95Ms: 90, successRate: 1 },
    userHub: hub('CONNECTED'),
    marketHub: hub('CONNECTED'),
    rateBuckets: [{ name: 'general', limit: 200, remaining: 190, resetInMs: 30_000, percentUsed: 5 }],
    breakers: [],
    freshness: 'FRESH',
    lastReconciledAt: T0,
    malformedFrames: 0,
    updatedAt: T0,
  }
  const session: SessionInfo = {
    state: 'VALID',
    mode: 'simulator',
    userHint: 's***m',
    expiresAt: T0 + 86_400_000,
    secretStorage: 'memory',
    secretWarning: 'Simulator session: nothing is stored.',
    lastError: null,
    autoReloginEnabled: true,
  }
  const portfolio: PortfolioSnapshot = {
    accounts: [{ id: 101, name: 'SIM-101', balance: 50_000, canTrade: true, simulated: true }],
    positions: [
      { accountId: 101, contractId: 'CON.F.US.MES.Z25', contractName: 'MESZ5', side: 'long', size: 2, averagePrice: 6012.25, openedAt: new Date(T0).toISOString() },
    ],
    orders: [
      {
        id: 9001, accountId: 101, contractId: 'CON.F.US.MES.Z25', status: 1, type: 1, side: 1, size: 2, fillVolume: 0,
        limitPrice: 6030, stopPrice: null, filledPrice: null, customTag: null, placedByTiltguard: false, updatedAt: new Date(T0).toISOString(),
      },
    ],
  }
  const audit: AuditEntryView[] = [
    { id: 1, at: T0, category: 'system', severity: 'info', message: 'Engine started (simulator)', accountId: null, ruleId: null, latencyMs: null, shadow: false },
  ]
  return { health, session, portfolio, audit }
}

/** A fake engine; every handler call is recorded in `calls`. */
export class FakeEngine implements HostedEngine {
  readonly calls: { name: RequestName; input: unknown }[] = []
  readonly sinks = new Set<EventSink>()
  snapshot: DashboardSnapshot = cannedSnapshot()
  overall: OverallStatus = 'OK'
  hasOpenPositions = true
  started = false
  stopped = false
  resumed = 0
  /** When set, the next handler call throws this instead of answering. */
  failNext: unknown = undefined
  private readonly statusListeners = new Set<() => void>()

  readonly handlers: ContractHandlers = {
    getSnapshot: async (input) => this.answer('getSnapshot', input, () => this.snapshot),
    signIn: async (input: RequestInput<'signIn'>) =>
      this.answer('signIn', input, () => ({ ...this.snapshot.session, mode: 'live' as const, userHint: `${input.userName.slice(0, 1)}***` })),
    signOut: async (input) => this.answer('signOut', input, () => ({ ...this.snapshot.session, state: 'SIGNED_OUT' as const })),
    forgetCredentials: async (input) => this.answer('forgetCredentials', input, () => this.snapshot.session),
    useSimulator: async (input) => this.answer('useSimulator', input, () => this.snapshot.session),
    retryNow: async (input) => this.answer('retryNow', input, () => null),
    flattenAll: async (input) =>
      this.answer('flattenAll', input, () => ({
        startedAt: T0,
        finishedAt: T0 + 850,
        accounts: [{ accountId: 101, positionsClosed: 1, ordersCancelled: 1, verifiedFlat: true, problems: [] }],
      })),
    listAudit: async (input) => this.answer('listAudit', input, () => this.snapshot.audit.slice(0, input.limit)),
  }

  private answer<T>(name: RequestName, input: unknown, value: () => T): T {
    this.calls.push({ name, input })
    if (this.failNext !== undefined) {
      const thrown = this.failNext
      this.failNext = undefined
      throw thrown
    }
    return value()
  }

  attach(sink: EventSink): () => void {
    this.sinks.add(sink)
    return () => this.sinks.delete(sink)
  }
  /** Pushes an event to every attached host. */
  emit<N extends EventName>(name: N, payload: EventPayload<N>): void {
    for (const sink of this.sinks) sink.emit(name, payload)
  }
  async start(): Promise<void> {
    this.started = true
  }
  async stop(): Promise<void> {
    this.stopped = true
  }
  status(): { overall: OverallStatus; hasOpenPositions: boolean } {
    return { overall: this.overall, hasOpenPositions: this.hasOpenPositions }
  }
  onStatusChange(listener: () => void): () => void {
    this.statusListeners.add(listener)
    return () => this.statusListeners.delete(listener)
  }
  /** Changes the overall status and notifies listeners, as the real engine does. */
  setOverall(overall: OverallStatus): void {
    this.overall = overall
    for (const l of this.statusListeners) l()
  }
  onResume(): void {
    this.resumed += 1
  }
}
