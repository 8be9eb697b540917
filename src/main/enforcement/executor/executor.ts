// Turns risk plans into gateway calls: one serialized queue per account (accounts run in parallel), an
// in-flight registry so a breach repeated on every quote yields one close (PIPE-6, R4-5), verification by
// fresh reads with a bounded retry (PIPE-7), transient errors retried and never dropped (PIPE-11), and a
// timed-out write checked before anything is resent (RETRY-5). Shadow accounts get records, never calls.
import { randomUUID } from 'node:crypto'
import type { Clock } from '../../ports/clock'
import { ACTION_SEVERITY } from '../../risk/plan'
import type { Plan, PlanAction, PlannedAction } from '../../risk/plan'
import { CUSTOM_TAG_PREFIX } from './ports'
import type { EnforcementGateway, EnforcementLog, EnforcementOutcome, EnforcementRecord, GatewayWriteResult, LockoutSink, OpenOrder, OpenPosition } from './ports'

export interface ExecutorOptions {
  /** Write attempts per action including the first (PIPE-7: first + 3 retries). */
  readonly maxAttempts: number
  /** Consecutive 429/5xx/network retries of one write before it counts as a failed attempt; never dropped silently. */
  readonly maxTransientRetries: number
  readonly baseBackoffMs: number
  readonly maxBackoffMs: number
  /** Pause before a verifying read, so a market close has time to fill. */
  readonly settleMs: number
  /** D-5: close-all rounds of close + cancel + verify. */
  readonly closeAllRounds: number
}

export const DEFAULT_EXECUTOR_OPTIONS: ExecutorOptions = {
  maxAttempts: 4,
  maxTransientRetries: 8,
  baseBackoffMs: 1_000,
  maxBackoffMs: 10_000,
  settleMs: 250,
  closeAllRounds: 3,
}

export interface ExecutorDeps {
  readonly gateway: EnforcementGateway
  readonly lockouts: LockoutSink
  readonly log: EnforcementLog
  readonly clock: Clock
  /** Injected so tests drive time with a manual clock; defaults to a clock timer. */
  readonly sleep?: (ms: number) => Promise<void>
  /** Shadow mode per account (a setting): evaluate and record, send nothing. */
  readonly isShadow?: (accountId: number) => boolean
  /** Unique tag source; tags are never reused, even after a failure (IDEM-1). */
  readonly newTag?: () => string
  /**
   * Optional hub-fed view used for verification instead of searchOpen when it answers (non-null): saves a
   * REST call per check and the rate-limit budget. Return null when the mirror is not trustworthy (hub down).
   */
  readonly observe?: ExecutorObserver
}

export interface ExecutorObserver {
  positions(accountId: number): readonly OpenPosition[] | null
  orders(accountId: number): readonly OpenOrder[] | null
}

export interface PlanTiming {
  readonly receivedAt: number
  readonly plannedAt: number
}

/** Thrown for a plan whose actions name another account: one queue per account is the invariant. */
export class PlanAccountMismatchError extends Error {
  constructor(planAccount: number, actionAccount: number) {
    super(`plan for account ${planAccount} contains an action for account ${actionAccount}`)
    this.name = 'PlanAccountMismatchError'
  }
}

interface Progress {
  attempts: number
  firstRequestAt: number | null
}

/** The in-flight key (account, action kind, target) of PIPE-6. */
export function inFlightKey(action: PlanAction): string {
  switch (action.kind) {
    case 'close_all':
      return `${action.accountId}|close_all|ALL`
    case 'close_position':
    case 'reduce_position':
    case 'place_stop':
      return `${action.accountId}|${action.kind}|${action.contractId}`
    case 'cancel_all_orders':
      return `${action.accountId}|cancel_all_orders|${action.contractId ?? 'ALL'}`
    case 'cancel_order':
    case 'modify_stop':
      return `${action.accountId}|${action.kind}|${action.orderId}`
    case 'set_lockout':
    case 'clear_lockout': {
      const acct = action.kind === 'set_lockout' ? action.lockout.accountId : action.accountId
      const ruleId = action.kind === 'set_lockout' ? action.lockout.ruleId : action.ruleId
      const scope = action.kind === 'set_lockout' ? action.lockout.scope : action.scope
      return `${acct}|${action.kind}|${ruleId}:${scope.kind === 'account' ? '' : scope.root}`
    }
  }
}

function accountOf(action: PlanAction): number {
  return action.kind === 'set_lockout' ? action.lockout.accountId : action.accountId
}

export class Executor {
  private readonly opts: ExecutorOptions
  private readonly sleep: (ms: number) => Promise<void>
  private readonly newTag: () => string
  private readonly queues = new Map<number, Promise<void>>()
  private readonly inFlight = new Set<string>()

  constructor(
    private readonly deps: ExecutorDeps,
    options: Partial<ExecutorOptions> = {},
  ) {
    this.opts = { ...DEFAULT_EXECUTOR_OPTIONS, ...options }
    this.sleep = deps.sleep ?? ((ms) => new Promise((resolve) => deps.clock.setTimeout(resolve, ms)))
    this.newTag = deps.newTag ?? (() => `${CUSTOM_TAG_PREFIX}${randomUUID()}`)
  }

  /** True while an identical action is queued or running. */
  isInFlight(action: PlanAction): boolean {
    return this.inFlight.has(inFlightKey(action))
  }

  /**
   * Queues a plan's actions (highest severity first) on the account's queue. Actions already in flight,
   * or covered by an in-flight close-all of the account, are suppressed and produce no record. Resolves
   * with the records of the actions this call ran.
   */
  submit(plan: Plan, timing: PlanTiming): Promise<EnforcementRecord[]> {
    const accepted: PlannedAction[] = []
    const ordered = [...plan.actions].sort((a, b) => ACTION_SEVERITY[b.action.kind] - ACTION_SEVERITY[a.action.kind])
    // Validate the whole plan before registering anything, so a refused plan leaves no stale in-flight keys.
    for (const planned of ordered) {
      const acct = accountOf(planned.action)
      if (acct !== plan.accountId) throw new PlanAccountMismatchError(plan.accountId, acct)
    }
    for (const planned of ordered) {
      const key = inFlightKey(planned.action)
      if (this.inFlight.has(key) || this.coveredByCloseAll(planned.action)) continue
      this.inFlight.add(key)
      accepted.push(planned)
    }
    const previous = this.queues.get(plan.accountId) ?? Promise.resolve()
    const run = previous.then(async () => {
      const records: EnforcementRecord[] = []
      for (const planned of accepted) {
        try {
          records.push(await this.runOne(planned, timing))
        } finally {
          this.inFlight.delete(inFlightKey(planned.action))
        }
      }
      return records
    })
    const tail = run.then(
      () => undefined,
      () => undefined,
    )
    this.queues.set(plan.accountId, tail)
    void tail.then(() => {
      if (this.queues.get(plan.accountId) === tail) this.queues.delete(plan.accountId)
    })
    return run
  }

  /** Resolves when every queued action of every account has finished. */
  async idle(): Promise<void> {
    while (this.queues.size > 0) await Promise.all([...this.queues.values()])
  }

  /** A close-all in flight already closes every position and cancels every order of the account. */
  private coveredByCloseAll(action: PlanAction): boolean {
    if (action.kind === 'set_lockout' || action.kind === 'clear_lockout' || action.kind === 'close_all') return false
    if (action.kind === 'place_stop' || action.kind === 'modify_stop') return false
    return this.inFlight.has(`${action.accountId}|close_all|ALL`)
  }

  private async runOne(planned: PlannedAction, timing: PlanTiming): Promise<EnforcementRecord> {
    const action = planned.action
    const accountId = accountOf(action)
    const shadow = this.deps.isShadow?.(accountId) ?? false
    const progress: Progress = { attempts: 0, firstRequestAt: null }
    let outcome: EnforcementOutcome
    let detail: string | null = null
    if (shadow) {
      outcome = 'shadow'
    } else {
      try {
        ;({ outcome, detail } = await this.perform(action, progress))
      } catch (error) {
        // A read that keeps failing (or a sink that throws) must still leave a failed record, never vanish.
        outcome = 'failed'
        detail = error instanceof Error ? error.message : String(error)
      }
    }
    const record: EnforcementRecord = {
      accountId,
      ruleId: planned.ruleId,
      action: action.kind,
      reason: planned.reason,
      receivedAt: timing.receivedAt,
      plannedAt: timing.plannedAt,
      firstRequestAt: progress.firstRequestAt,
      verifiedAt: outcome === 'verified' || outcome === 'noop' || outcome === 'applied' ? this.deps.clock.now() : null,
      outcome,
      attempts: progress.attempts,
      shadow,
      detail,
    }
    this.deps.log.record(record)
    return record
  }

  private async perform(action: PlanAction, p: Progress): Promise<{ outcome: EnforcementOutcome; detail: string | null }> {
    const gw = this.deps.gateway
    switch (action.kind) {
      case 'set_lockout':
        await this.deps.lockouts.setLockout(action.lockout)
        return { outcome: 'applied', detail: null }
      case 'clear_lockout':
        await this.deps.lockouts.clearLockout(action.accountId, action.ruleId, action.scope)
        return { outcome: 'applied', detail: null }
      case 'close_position': {
        const size = () => this.sizeOf(action.accountId, action.contractId)
        return this.until(p, async () => (await size()) === 0, (tag) => gw.closePosition(action.accountId, action.contractId, tag), false)
      }
      case 'reduce_position': {
        const initial = await this.sizeOf(action.accountId, action.contractId)
        const target = Math.max(0, initial - Math.max(0, Math.floor(action.by)))
        if (initial <= target) return { outcome: 'noop', detail: null }
        // Each attempt closes only what is left above the target, so a late fill never reverses the position.
        let live = initial
        return this.until(
          p,
          async () => (live = await this.sizeOf(action.accountId, action.contractId)) <= target,
          (tag) => gw.partialClose(action.accountId, action.contractId, live - target, tag),
          false,
        )
      }
      case 'cancel_order': {
        const gone = async () => !(await this.orders(action.accountId)).some((o) => o.orderId === action.orderId)
        return this.until(p, gone, (tag) => gw.cancelOrder(action.accountId, action.orderId, tag), false)
      }
      case 'place_stop': {
        const sent: string[] = []
        const placed = async () => (await this.orders(action.accountId)).some((o) => o.customTag !== null && sent.includes(o.customTag))
        return this.until(p, placed, (tag) => {
          sent.push(tag)
          return gw.placeStop(action.accountId, action, tag)
        }, false)
      }
      case 'modify_stop': {
        const moved = async () => (await this.orders(action.accountId)).some((o) => o.orderId === action.orderId && o.stopPrice === action.stopPrice)
        return this.until(p, moved, (tag) => gw.modifyStop(action.accountId, action.orderId, action.stopPrice, tag), false)
      }
      case 'cancel_all_orders':
      case 'close_all':
        return this.sweep(action, p)
    }
  }

  /**
   * D-5: close every position and cancel every (matching) working order, then re-read; repeat up to the
   * round bound. A close that fails on one contract does not stop the others (MOD-001).
   */
  private async sweep(action: Extract<PlanAction, { kind: 'close_all' | 'cancel_all_orders' }>, p: Progress): Promise<{ outcome: EnforcementOutcome; detail: string | null }> {
    const gw = this.deps.gateway
    const acct = action.accountId
    const closeAll = action.kind === 'close_all'
    const contract = action.kind === 'cancel_all_orders' ? action.contractId : undefined
    const read = async () => ({
      positions: closeAll ? (await this.positions(acct)).filter((x) => x.size !== 0) : [],
      orders: (await this.orders(acct)).filter((o) => contract === undefined || o.contractId === contract),
    })
    let state = await read()
    if (state.positions.length === 0 && state.orders.length === 0) return { outcome: 'noop', detail: null }
    for (let round = 1; round <= this.opts.closeAllRounds; round++) {
      for (const position of state.positions) await this.send(p, (tag) => gw.closePosition(acct, position.contractId, tag))
      for (const order of state.orders) await this.send(p, (tag) => gw.cancelOrder(acct, order.orderId, tag))
      await this.sleep(this.opts.settleMs)
      state = await read()
      if (state.positions.length === 0 && state.orders.length === 0) return { outcome: 'verified', detail: `rounds=${round}` }
    }
    return { outcome: 'failed', detail: `not flat after ${this.opts.closeAllRounds} rounds: ${state.positions.length} positions, ${state.orders.length} orders` }
  }

  /**
   * Sends until `done` reads true, up to maxAttempts writes. After a timeout the next loop turn reads first
   * (the write may have landed) and only resends, with a fresh tag, when it did not (RETRY-5, S1).
   */
  private async until(
    p: Progress,
    done: () => Promise<boolean>,
    write: (tag: string) => Promise<GatewayWriteResult>,
    precheck: boolean,
  ): Promise<{ outcome: EnforcementOutcome; detail: string | null }> {
    let last = 'not attempted'
    for (let attempt = 1; attempt <= this.opts.maxAttempts; attempt++) {
      // The first send skips the read for latency; every later one checks before resending.
      if ((precheck || attempt > 1) && (await done())) return { outcome: attempt === 1 ? 'noop' : 'verified', detail: null }
      const result = await this.send(p, write)
      if (result.kind === 'rejected') {
        // "Position not found" and the like: the goal may already hold, so a fresh read decides.
        if (await done()) return { outcome: 'verified', detail: `rejected but satisfied: ${result.message ?? result.code}` }
        return { outcome: 'rejected', detail: `code ${result.code}: ${result.message ?? ''}`.trim() }
      }
      last = result.kind === 'ok' ? 'accepted but not yet observed' : result.reason
      await this.sleep(this.opts.settleMs)
      if (await done()) return { outcome: 'verified', detail: attempt > 1 ? `after ${attempt} attempts` : null }
      if (attempt < this.opts.maxAttempts) await this.sleep(this.backoff(attempt))
    }
    return { outcome: 'failed', detail: `not verified after ${this.opts.maxAttempts} attempts: ${last}` }
  }

  /** One logical write: transient failures (429/5xx/network) are retried with backoff, each with a new tag. */
  private async send(p: Progress, write: (tag: string) => Promise<GatewayWriteResult>): Promise<GatewayWriteResult> {
    let result: GatewayWriteResult = { kind: 'retryable', status: null, reason: 'not sent' }
    for (let retry = 0; retry <= this.opts.maxTransientRetries; retry++) {
      p.firstRequestAt ??= this.deps.clock.now()
      p.attempts++
      try {
        result = await write(this.newTag())
      } catch (error) {
        result = { kind: 'retryable', status: null, reason: error instanceof Error ? error.message : String(error) }
      }
      if (result.kind !== 'retryable') return result
      await this.sleep(result.retryAfterMs ?? this.backoff(retry + 1))
    }
    return result
  }

  private backoff(attempt: number): number {
    return Math.min(this.opts.maxBackoffMs, this.opts.baseBackoffMs * 2 ** (attempt - 1))
  }

  private async positions(accountId: number): Promise<readonly OpenPosition[]> {
    return this.deps.observe?.positions(accountId) ?? (await this.deps.gateway.searchOpenPositions(accountId))
  }

  private async orders(accountId: number): Promise<readonly OpenOrder[]> {
    return this.deps.observe?.orders(accountId) ?? (await this.deps.gateway.searchOpenOrders(accountId))
  }

  private async sizeOf(accountId: number, contractId: string): Promise<number> {
    const positions = await this.positions(accountId)
    return positions.filter((x) => x.contractId === contractId).reduce((sum, x) => sum + Math.abs(x.size), 0)
  }
}
