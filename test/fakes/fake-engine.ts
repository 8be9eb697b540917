// A stand-in for the engine that hosts and the renderer are tested against: canned dashboard data
// (./canned-dashboard), a handler for every request that records its call, and helpers to push events
// and change the status the tray shows.

import type { ContractHandlers, EventSink } from '../../src/shared/ipc/api'
import type { EventName, EventPayload, RequestName } from '../../src/shared/ipc/contract'
import type { DashboardSnapshot } from '../../src/shared/ipc/views'
import type { OverallStatus } from '../../src/shared/domain/health'
import type { RulesCheck, RulesDocument } from '../../src/shared/domain/risk'
import { DEFAULT_PREFERENCES, type Preferences } from '../../src/shared/domain/preferences'
import type { AppErrorCode } from '../../src/shared/errors'
import type { HostedEngine } from '../../src/main/ports/hosted-engine'
import { cannedPnlSeries, cannedRulesDocument, cannedSnapshot, T0 } from './canned-dashboard'

export { cannedSnapshot, T0 } from './canned-dashboard'

/** The admin password the fake accepts. */
export const FAKE_ADMIN_PASSWORD = 'let-me-in'

/** A refusal shaped like the engine's (`toAppError()` is what the IPC layer sends). */
export class FakeRefusal extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
  ) {
    super(message)
  }
  toAppError() {
    return { code: this.code, message: this.message, retryable: false }
  }
}

/** A tiny stand-in for the engine's rules check: `limit:` lines must be numbers; a higher limit loosens. */
export function fakeCheckRules(current: string, yaml: string): RulesCheck {
  const problems: RulesCheck['problems'][number][] = []
  const lines = yaml.split('\n')
  const before = current.split('\n')
  let loosens = false
  const loosening: string[] = []
  lines.forEach((line, i) => {
    const m = /^\s*limit:\s*(.*)$/.exec(line)
    if (m === null) return
    const value = Number(m[1])
    if (m[1]?.trim() === '' || !Number.isFinite(value) || value <= 0) {
      problems.push({ line: i + 1, column: line.indexOf('limit') + 1, path: `line ${i + 1}.limit`, message: 'limit must be a positive number' })
      return
    }
    const old = Number(/limit:\s*(.*)$/.exec(before[i] ?? '')?.[1])
    if (Number.isFinite(old) && value > old) {
      loosens = true
      loosening.push(`line ${i + 1}: limit raised from ${old} to ${value}`)
    }
  })
  const diff: string[] = []
  const n = Math.max(lines.length, before.length)
  for (let i = 0; i < n; i++) {
    if (lines[i] === before[i]) diff.push(`  ${lines[i] ?? ''}`)
    else {
      if (before[i] !== undefined) diff.push(`- ${before[i]}`)
      if (lines[i] !== undefined) diff.push(`+ ${lines[i]}`)
    }
  }
  return { ok: problems.length === 0, problems, diff, loosens, loosening }
}

/** A fake engine; every handler call is recorded in `calls`. */
export class FakeEngine implements HostedEngine {
  readonly calls: { name: RequestName; input: unknown }[] = []
  readonly sinks = new Set<EventSink>()
  snapshot: DashboardSnapshot = cannedSnapshot()
  rules: RulesDocument = cannedRulesDocument()
  preferences: Preferences = DEFAULT_PREFERENCES
  adminPassword: string | null = FAKE_ADMIN_PASSWORD
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
    signIn: async (input) =>
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
    listAudit: async (input) =>
      this.answer('listAudit', input, () =>
        this.snapshot.audit
          .filter((e) => (input.beforeId === undefined || e.id < input.beforeId) && (input.accountId === undefined || e.accountId === input.accountId))
          .filter((e) => (input.category === undefined || e.category === input.category) && (input.ruleId === undefined || e.ruleId === input.ruleId))
          .slice(0, input.limit),
      ),
    verifyAudit: async (input) => this.answer('verifyAudit', input, () => ({ ok: true, checked: this.snapshot.audit.length, brokenAt: null })),
    exportAudit: async (input) =>
      this.answer('exportAudit', input, () => {
        const rows = this.snapshot.audit.filter((e) => input.accountId === undefined || e.accountId === input.accountId)
        const csv = ['id,at,category,severity,message', ...rows.map((e) => `${e.id},${e.at},${e.category},${e.severity},"${e.message}"`)].join('\n')
        return { csv, rows: rows.length }
      }),
    getRisk: async (input) => this.answer('getRisk', input, () => this.snapshot.risk),
    listFills: async (input) => this.answer('listFills', input, () => this.snapshot.fills.filter((f) => input.accountId === undefined || f.accountId === input.accountId)),
    getPnlSeries: async (input) => this.answer('getPnlSeries', input, () => cannedPnlSeries(input.accountId)),
    getRules: async (input) => this.answer('getRules', input, () => this.rules),
    checkRules: async (input) => this.answer('checkRules', input, () => fakeCheckRules(this.rules.yaml, input.yaml)),
    saveRules: async (input) =>
      this.answer('saveRules', input, () => {
        const check = fakeCheckRules(this.rules.yaml, input.yaml)
        if (!check.ok) throw new FakeRefusal('VALIDATION_FAILED', check.problems[0]?.message ?? 'invalid rules')
        if (check.loosens && input.password !== this.adminPassword) throw new FakeRefusal('ADMIN_REQUIRED', 'This edit loosens a rule: the admin password is needed')
        this.rules = { yaml: input.yaml, source: 'saved', version: this.rules.version + 1, updatedAt: T0 }
        return this.rules
      }),
    setAdminPassword: async (input) =>
      this.answer('setAdminPassword', input, () => {
        if (this.adminPassword !== null && input.current !== this.adminPassword) throw new FakeRefusal('ADMIN_REQUIRED', 'The current admin password is wrong')
        this.adminPassword = input.next
        return null
      }),
    clearLockout: async (input) =>
      this.answer('clearLockout', input, () => {
        if (input.password !== this.adminPassword) throw new FakeRefusal('ADMIN_REQUIRED', 'The admin password is wrong')
        return null
      }),
    setShadow: async (input) =>
      this.answer('setShadow', input, () => {
        if (input.shadow && input.password !== this.adminPassword) throw new FakeRefusal('ADMIN_REQUIRED', 'Shadow mode loosens: the admin password is needed')
        const others = this.preferences.shadowAccounts.filter((id) => id !== input.accountId)
        this.preferences = { ...this.preferences, shadowAccounts: input.shadow ? [...others, input.accountId] : others }
        return null
      }),
    getPreferences: async (input) => this.answer('getPreferences', input, () => this.preferences),
    simMarket: async (input) =>
      this.answer('simMarket', input, () => [
        { contractId: 'CON.F.US.MES.Z25', name: 'MESZ5', tickSize: 0.25, lastPrice: 6015.5 },
        { contractId: 'CON.F.US.MNQ.Z25', name: 'MNQZ5', tickSize: 0.25, lastPrice: 25010.25 },
      ]),
    simTrade: async (input) => this.answer('simTrade', input, () => ({ orderId: 9100, message: null })),
    simMovePrice: async (input) => this.answer('simMovePrice', input, () => null),
    updatePreferences: async (input) =>
      this.answer('updatePreferences', input, () => {
        this.preferences = { ...input, shadowAccounts: this.preferences.shadowAccounts }
        return this.preferences
      }),
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
