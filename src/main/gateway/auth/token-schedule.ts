// The served token's timeline: TTL arithmetic (expiry, proactive refresh point) and the named clock timers
// that act on it (TOK-2 refresh, TOK-9 expiry, TOK-8 retry).

import type { Clock, TimerHandle } from '../../ports/clock'

/** True when there is no expiry (no token has been served) or it has passed. */
export function isExpiredAt(expiresAt: number | null, now: number): boolean {
  return expiresAt === null || now >= expiresAt
}

/** TOK-2: the proactive validate is due `refreshBufferMs` before expiry, while the old token still works. */
export function refreshDueAt(expiresAt: number, refreshBufferMs: number): number {
  return expiresAt - refreshBufferMs
}

/** Timer delay to `deadline`; never negative, so an overdue deadline fires at once instead of being lost. */
export function msUntil(deadline: number, now: number): number {
  return Math.max(0, deadline - now)
}

/** `refresh`: proactive validate (TOK-2); `expiry`: the token dies (TOK-9); `retry`: next cycle after a failure (TOK-8). */
type TokenTimerName = 'refresh' | 'expiry' | 'retry'

const ALL_TIMERS: readonly TokenTimerName[] = ['refresh', 'expiry', 'retry']

/** The token's timers, at most one per name: arming one replaces the previous, so no stale callback fires. */
export class TokenTimers {
  private readonly handles = new Map<TokenTimerName, TimerHandle>()

  constructor(private readonly clock: Clock) {}

  /** Replaces the refresh and expiry timers for a token expiring at `expiresAt`. */
  armTokenTimers(
    expiresAt: number,
    refreshBufferMs: number,
    onRefreshDue: () => void,
    onExpiry: () => void,
  ): void {
    this.cancelTokenTimers()
    const now = this.clock.now()
    this.start('refresh', msUntil(refreshDueAt(expiresAt, refreshBufferMs), now), onRefreshDue)
    this.start('expiry', msUntil(expiresAt, now), onExpiry)
  }

  cancelTokenTimers(): void {
    this.clear('refresh')
    this.clear('expiry')
  }

  startRetry(ms: number, onRetry: () => void): void {
    this.start('retry', ms, onRetry)
  }

  get retryPending(): boolean {
    return this.handles.has('retry')
  }

  cancelRetry(): void {
    this.clear('retry')
  }

  /** SESS-2: after sign-out or quit nothing may fire. */
  clearAll(): void {
    for (const name of ALL_TIMERS) this.clear(name)
  }

  /** The entry is removed before `fire` runs, so the timer no longer counts as pending inside it. */
  private start(name: TokenTimerName, ms: number, fire: () => void): void {
    this.clear(name)
    const handle = this.clock.setTimeout(() => {
      this.handles.delete(name)
      fire()
    }, ms)
    this.handles.set(name, handle)
  }

  private clear(name: TokenTimerName): void {
    const handle = this.handles.get(name)
    if (handle !== undefined) this.clock.clearTimeout(handle)
    this.handles.delete(name)
  }
}
