// The kill-switch engine: under the account mutex, close every position, cancel every working order (closing
// does not cancel resting stops), then verify flat with fresh reads (projectx-api.md §10, §12.11/13; CONC-4).

import type { Clock } from '../ports/clock'
import { PRIORITY } from '../ports/gateway'
import type { GatewayRest } from '../ports/gateway'
import type { Logger } from '../ports/logger'
import type { AuditRepository } from '../ports/repositories'
import { appError } from '../../shared/errors'
import type { Result } from '../../shared/errors'
import type { AccountFlattenResult, KillSwitchReport } from '../../shared/domain/enforcement'
import { CancelOrderErrorCode } from '../../shared/projectx/error-codes'
import type { Order, Position } from '../portfolio/model'
import { KeyedMutex } from '../util/keyed-mutex'
import type { OrderIntents } from './order-intents'
import type { PositionCloser } from './position-closer'

export interface FlattenOptions {
  /** Close → cancel → verify rounds; a leftover stop that fills mid-flatten is caught by the next round. */
  readonly maxRounds: number
  /** Pause before each re-verification so market closes can fill. */
  readonly settleMs: number
}

export const DEFAULT_FLATTEN_OPTIONS: FlattenOptions = { maxRounds: 3, settleMs: 500 }

export interface FlattenDeps {
  readonly rest: GatewayRest
  readonly closer: PositionCloser
  readonly intents: OrderIntents
  readonly audit: AuditRepository
  readonly clock: Clock
  readonly logger: Logger
  /** Shared with every other writer of accounts (CONC-1); one instance per engine. */
  readonly mutex?: KeyedMutex<number>
}

/**
 * Serializes enforcement per account and exposes the lock to UI actions (CONC-4): while enforcement holds an
 * account, a UI write either waits or is refused with ENFORCEMENT_BUSY.
 */
export class FlattenEngine {
  private readonly opts: FlattenOptions
  private readonly log: Logger
  readonly mutex: KeyedMutex<number>
  private readonly enforcing = new Map<number, number>()

  constructor(
    private readonly deps: FlattenDeps,
    options: Partial<FlattenOptions> = {},
  ) {
    this.opts = { ...DEFAULT_FLATTEN_OPTIONS, ...options }
    this.log = deps.logger.child('flatten')
    this.mutex = deps.mutex ?? new KeyedMutex<number>()
  }

  /** True while enforcement holds or waits for this account. */
  isEnforcing(accountId: number): boolean {
    return (this.enforcing.get(accountId) ?? 0) > 0
  }

  /** Runs any enforcement step under the account mutex, marking the account as held by enforcement. */
  async withEnforcement<T>(accountId: number, fn: () => Promise<T>): Promise<T> {
    this.enforcing.set(accountId, (this.enforcing.get(accountId) ?? 0) + 1)
    try {
      return await this.mutex.run(accountId, fn)
    } finally {
      const left = (this.enforcing.get(accountId) ?? 1) - 1
      if (left === 0) this.enforcing.delete(accountId)
      else this.enforcing.set(accountId, left)
    }
  }

  /** CONC-4: a UI write on an account. With `wait: false` it is refused while enforcement holds the account. */
  async runUserAction<T>(accountId: number, fn: () => Promise<T>, options: { wait: boolean }): Promise<Result<T>> {
    if (!options.wait && this.isEnforcing(accountId)) {
      return { ok: false, error: appError('ENFORCEMENT_BUSY', 'Enforcement is acting on this account right now; try again in a moment.', true) }
    }
    return { ok: true, value: await this.mutex.run(accountId, fn) }
  }

  /** The kill switch for every given account, in parallel across accounts. */
  async flattenAll(accountIds: readonly number[], reason: string): Promise<KillSwitchReport> {
    const startedAt = this.deps.clock.now()
    const accounts = await Promise.all([...new Set(accountIds)].map((id) => this.flattenAccount(id, reason)))
    return { startedAt, finishedAt: this.deps.clock.now(), accounts }
  }

  /** Flattens one account: close all positions, cancel all working orders, verify flat. Never throws. */
  flattenAccount(accountId: number, reason: string): Promise<AccountFlattenResult> {
    return this.withEnforcement(accountId, () => this.flattenLocked(accountId, reason))
  }

  private async flattenLocked(accountId: number, reason: string): Promise<AccountFlattenResult> {
    const started = this.deps.clock.now()
    this.audit(accountId, 'info', `Flatten started (${reason})`, null)
    const problems = new Set<string>()
    const refusedOrders = new Set<number>()
    let positionsClosed = 0
    let ordersCancelled = 0
    let verifiedFlat = false

    for (let round = 1; round <= this.opts.maxRounds && !verifiedFlat; round++) {
      const positions = await this.read(() => this.deps.rest.searchOpenPositions(accountId, { priority: PRIORITY.enforcement }), problems, 'positions')
      for (const position of positions ?? []) {
        if (position.size === 0) continue
        const closed = await this.closeOne(accountId, position, reason, problems)
        if (closed) positionsClosed++
      }
      const orders = await this.read(() => this.deps.rest.searchOpenOrders(accountId, { priority: PRIORITY.enforcement }), problems, 'orders')
      for (const order of orders ?? []) {
        if (refusedOrders.has(order.id)) continue
        const cancelled = await this.cancelOne(accountId, order, reason, problems, refusedOrders)
        if (cancelled) ordersCancelled++
      }
      const check = await this.verify(accountId)
      if (check === null) continue
      verifiedFlat = check.positionsFlat && check.working.length === 0
      // Only orders the gateway refuses to cancel are left: more rounds cannot change that.
      if (check.positionsFlat && check.working.every((o) => refusedOrders.has(o.id))) break
    }

    const result: AccountFlattenResult = { accountId, positionsClosed, ordersCancelled, verifiedFlat, problems: [...problems] }
    this.audit(accountId, verifiedFlat && problems.size === 0 ? 'info' : 'critical', verifiedFlat ? 'Flatten complete' : 'Flatten NOT verified flat', {
      reason,
      positionsClosed,
      ordersCancelled,
      problems: [...problems],
      latencyMs: this.deps.clock.now() - started,
    })
    this.log.info('flatten finished', { accountId, verifiedFlat, positionsClosed, ordersCancelled, problems: problems.size })
    return result
  }

  private async closeOne(accountId: number, position: Position, reason: string, problems: Set<string>): Promise<boolean> {
    for (let tries = 0; tries < 3; tries++) {
      const result = await this.deps.closer.close(accountId, position.contractId, { reason })
      switch (result.kind) {
        case 'closed':
          return true
        case 'already_flat':
          return false
        case 'close_in_progress':
          // A rule's close of the same position is running; wait for it, then re-check (the size is re-read).
          await this.sleep(this.opts.settleMs)
          continue
        case 'rejected':
        case 'failed':
          problems.add(`${position.contractId}: ${result.problem}`)
          return false
      }
    }
    problems.add(`${position.contractId}: another close kept running`)
    return false
  }

  private async cancelOne(accountId: number, order: Order, reason: string, problems: Set<string>, refused: Set<number>): Promise<boolean> {
    const outcome = await this.deps.intents.cancel(accountId, order.id, reason, { priority: PRIORITY.enforcement })
    if (outcome.status === 'acknowledged') return true
    if (outcome.errorCode === CancelOrderErrorCode.AccountRejected) {
      // §12.13: live and follower accounts cannot cancel through the API; the trader must act in the platform.
      refused.add(order.id)
      problems.add(`cancel refused: ${outcome.message ?? 'Live accounts not supported'} (order ${order.id}, ${order.contractId}); cancel it in the platform`)
      return false
    }
    if (outcome.message !== null && /already (filled|expired|rejected)/.test(outcome.message)) return false
    if (outcome.errorCode === CancelOrderErrorCode.OrderNotFound) return false
    problems.add(`cancel of order ${order.id} (${order.contractId}) not confirmed: ${outcome.message ?? outcome.status}`)
    return false
  }

  /** Fresh reads after a settle pause: open positions left, and working orders left. Null when unreadable. */
  private async verify(accountId: number): Promise<{ positionsFlat: boolean; working: Order[] } | null> {
    await this.sleep(this.opts.settleMs)
    try {
      const [positions, orders] = await Promise.all([
        this.deps.rest.searchOpenPositions(accountId, { priority: PRIORITY.enforcement }),
        this.deps.rest.searchOpenOrders(accountId, { priority: PRIORITY.enforcement }),
      ])
      return { positionsFlat: positions.every((p) => p.size === 0), working: orders }
    } catch {
      return null
    }
  }

  private async read<T>(fn: () => Promise<T>, problems: Set<string>, what: string): Promise<T | null> {
    try {
      return await fn()
    } catch (error) {
      problems.add(`could not read ${what}: ${error instanceof Error ? error.message : 'unknown error'}`)
      return null
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.deps.clock.setTimeout(resolve, ms))
  }

  private audit(accountId: number, severity: 'info' | 'warning' | 'critical', message: string, detail: Record<string, unknown> | null): void {
    this.deps.audit.append({ at: this.deps.clock.now(), category: 'enforcement', severity, message, accountId, detail })
  }
}
