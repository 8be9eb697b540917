// Closes (or partly closes) one position safely: live size re-read before every attempt, one full close per
// account:contract at a time, partial closes serialized and clamped so they never reverse (CONC-2/3/6, RETRY-6, S1).

import type { Clock } from '../ports/clock'
import { PRIORITY } from '../ports/gateway'
import type { GatewayRest, WriteOutcome } from '../ports/gateway'
import type { Logger } from '../ports/logger'
import { ClosePositionErrorCode, PartialClosePositionErrorCode } from '../../shared/projectx/error-codes'
import { KeyedMutex } from '../util/keyed-mutex'
import type { OrderIntents } from './order-intents'

/** A hub-fed view of position sizes; used only when fresher than `cacheMaxAgeMs` (CONC-3). */
export interface LivePositionSource {
  /** Size (always ≥ 0) and the time it was observed, or null when unknown. */
  sizeOf(accountId: number, contractId: string): { readonly size: number; readonly observedAt: number } | null
}

export interface PositionCloserOptions {
  /** RETRY-6: attempts, base and max backoff. */
  readonly attempts: number
  readonly baseDelayMs: number
  readonly maxDelayMs: number
  /** CONC-3: a cached size older than this is not trusted. */
  readonly cacheMaxAgeMs: number
  readonly timeoutMs: number
}

export const DEFAULT_POSITION_CLOSER_OPTIONS: PositionCloserOptions = {
  attempts: 5,
  baseDelayMs: 1_000,
  maxDelayMs: 10_000,
  cacheMaxAgeMs: 1_000,
  timeoutMs: 5_000,
}

export interface PositionCloserDeps {
  readonly rest: GatewayRest
  readonly clock: Clock
  readonly logger: Logger
  /** When given, each close is recorded as an intent with its transitions (ORD-7). */
  readonly intents?: OrderIntents
  readonly cache?: LivePositionSource
}

export type CloseResult =
  /** The position reached the target size; `closedSize` contracts were closed by us. */
  | { readonly kind: 'closed'; readonly closedSize: number; readonly attempts: number }
  /** Nothing to do: already at or below the target when we looked. */
  | { readonly kind: 'already_flat'; readonly attempts: number }
  /** CONC-2: another full close for this account:contract is running; nothing was sent. */
  | { readonly kind: 'close_in_progress' }
  | { readonly kind: 'rejected'; readonly errorCode: number; readonly problem: string; readonly attempts: number }
  | { readonly kind: 'failed'; readonly problem: string; readonly attempts: number }

/** Options of one close call. */
export interface CloseRequest {
  /** Contracts to close; omitted = the whole position (closeContract). */
  readonly size?: number
  readonly reason: string
  readonly correlationId?: string
}

/**
 * The position-closing primitive for enforcement. Callers that change an account hold that account's
 * mutex (the flatten engine does); this class adds the per-position guard.
 */
export class PositionCloser {
  private readonly opts: PositionCloserOptions
  private readonly log: Logger
  private readonly fullCloses = new Set<string>()
  private readonly positionLock = new KeyedMutex<string>()
  /** Last time we wrote to a position: a cached size older than that is stale by definition. */
  private readonly lastWriteAt = new Map<string, number>()

  constructor(
    private readonly deps: PositionCloserDeps,
    options: Partial<PositionCloserOptions> = {},
  ) {
    this.opts = { ...DEFAULT_POSITION_CLOSER_OPTIONS, ...options }
    this.log = deps.logger.child('closer')
  }

  /** True while a close for this position runs (the UI can show it). */
  isClosing(accountId: number, contractId: string): boolean {
    return this.positionLock.isLocked(`${accountId}:${contractId}`)
  }

  /**
   * Full close (no size): refused with `close_in_progress` while another close of the same position runs.
   * Partial close: waits its turn, then closes `min(size, live size)` so two halves of a 2-lot end flat.
   */
  async close(accountId: number, contractId: string, request: CloseRequest): Promise<CloseResult> {
    const key = `${accountId}:${contractId}`
    const full = request.size === undefined
    if (full && (this.fullCloses.has(key) || this.positionLock.isLocked(key))) return { kind: 'close_in_progress' }
    if (full) this.fullCloses.add(key)
    try {
      return await this.positionLock.run(key, () => this.closeLocked(accountId, contractId, request))
    } finally {
      if (full) this.fullCloses.delete(key)
    }
  }

  private async closeLocked(accountId: number, contractId: string, request: CloseRequest): Promise<CloseResult> {
    const key = `${accountId}:${contractId}`
    const full = request.size === undefined
    let initial: number
    try {
      initial = await this.liveSize(accountId, contractId, true)
    } catch (error) {
      return { kind: 'failed', problem: `could not read position: ${errorText(error)}`, attempts: 0 }
    }
    const target = full ? 0 : Math.max(0, initial - Math.max(0, Math.floor(request.size ?? 0)))
    if (initial <= target) return { kind: 'already_flat', attempts: 0 }
    const intentTag = this.openIntent(accountId, contractId, request, full, initial - target)

    let lastProblem = 'not attempted'
    for (let attempt = 1; attempt <= this.opts.attempts; attempt++) {
      let live: number
      try {
        live = attempt === 1 ? initial : await this.liveSize(accountId, contractId, false)
      } catch (error) {
        lastProblem = `could not read position: ${errorText(error)}`
        await this.backoff(attempt)
        continue
      }
      if (live <= target) return this.finish(intentTag, { kind: 'closed', closedSize: initial - live, attempts: attempt - 1 })
      const outcome = await this.send(accountId, contractId, full, live - target, request)
      this.lastWriteAt.set(key, this.deps.clock.now())
      this.log.info('close attempt', { accountId, contractId, attempt, outcome: outcome.kind, full })
      if (outcome.kind === 'ok') {
        const after = await this.liveSize(accountId, contractId, false).catch(() => null)
        if (after !== null && after <= target) return this.finish(intentTag, { kind: 'closed', closedSize: initial - after, attempts: attempt })
        // A partial close the gateway accepted is never resent: the fill may just be late, and a resend could over-close.
        if (!full) return this.finish(intentTag, { kind: 'closed', closedSize: initial - target, attempts: attempt })
        lastProblem = 'close accepted but position still open'
      } else if (outcome.kind === 'rejected') {
        const notFound = full ? outcome.errorCode === ClosePositionErrorCode.PositionNotFound : outcome.errorCode === PartialClosePositionErrorCode.PositionNotFound
        if (!notFound) {
          const problem = `close refused: ${outcome.message ?? outcome.errorName}`
          return this.finish(intentTag, { kind: 'rejected', errorCode: outcome.errorCode, problem, attempts: attempt })
        }
        lastProblem = 'position not found'
      } else {
        // uncertain / failed: S1 — the next attempt re-reads the size and sends nothing if it is already flat.
        lastProblem = outcome.reason
      }
      if (attempt < this.opts.attempts) await this.backoff(attempt)
    }
    const live = await this.liveSize(accountId, contractId, false).catch(() => null)
    if (live !== null && live <= target) return this.finish(intentTag, { kind: 'closed', closedSize: initial - live, attempts: this.opts.attempts })
    return this.finish(intentTag, { kind: 'failed', problem: `close not confirmed after ${this.opts.attempts} attempts: ${lastProblem}`, attempts: this.opts.attempts })
  }

  /** CONC-3: a hub-fed size no older than 1 s and newer than our last write, else Position/searchOpen. */
  private async liveSize(accountId: number, contractId: string, allowCache: boolean): Promise<number> {
    const key = `${accountId}:${contractId}`
    const cached = allowCache ? this.deps.cache?.sizeOf(accountId, contractId) : null
    const now = this.deps.clock.now()
    if (cached !== null && cached !== undefined && now - cached.observedAt <= this.opts.cacheMaxAgeMs && cached.observedAt > (this.lastWriteAt.get(key) ?? -1)) {
      return cached.size
    }
    const positions = await this.deps.rest.searchOpenPositions(accountId, { priority: PRIORITY.enforcement })
    return positions.filter((p) => p.contractId === contractId).reduce((sum, p) => sum + Math.abs(p.size), 0)
  }

  private send(accountId: number, contractId: string, full: boolean, size: number, request: CloseRequest): Promise<WriteOutcome> {
    const opts = { priority: PRIORITY.enforcement, timeoutMs: this.opts.timeoutMs, correlationId: request.correlationId }
    const call = full ? this.deps.rest.closePosition(accountId, contractId, opts) : this.deps.rest.partialClosePosition(accountId, contractId, size, opts)
    return call.catch((error: unknown): WriteOutcome => ({ kind: 'uncertain', reason: errorText(error) }))
  }

  private backoff(attempt: number): Promise<void> {
    const ms = Math.min(this.opts.maxDelayMs, this.opts.baseDelayMs * 2 ** (attempt - 1))
    return new Promise((resolve) => this.deps.clock.setTimeout(resolve, ms))
  }

  private openIntent(accountId: number, contractId: string, request: CloseRequest, full: boolean, size: number): string | null {
    const intents = this.deps.intents
    if (intents === undefined) return null
    const intent = intents.create(full ? 'close' : 'partial_close', accountId, contractId, request.reason, () => (full ? { accountId, contractId } : { accountId, contractId, size }))
    intents.mark(intent.customTag, 'sent', { sendCount: 1 }, 'close started')
    return intent.customTag
  }

  private finish(tag: string | null, result: CloseResult): CloseResult {
    if (tag !== null && this.deps.intents !== undefined) {
      const status = result.kind === 'closed' || result.kind === 'already_flat' ? 'acknowledged' : result.kind === 'rejected' ? 'rejected' : 'manual_review'
      const sends = 'attempts' in result ? Math.max(1, result.attempts) : 1
      const problem = result.kind === 'rejected' || result.kind === 'failed' ? result.problem : null
      this.deps.intents.mark(tag, status, { sendCount: sends, lastError: problem }, result.kind)
    }
    return result
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : 'unknown error'
}
