// Tuning knobs of the token manager and their defaults (resilience.md A); every value cites the check it serves.

export interface TokenManagerOptions {
  /** TOK-2: validate this long before expiry. */
  readonly refreshBufferMs: number
  /** TOK-6: waits after each failed validate; after the last one the manager re-logs in. */
  readonly validateRetryDelaysMs: readonly number[]
  /** TOK-8: loginKey attempts per cycle. */
  readonly maxLoginAttempts: number
  readonly loginRetryDelaysMs: readonly number[]
  /** TOK-8: a new cycle this often while in ERROR (and while EXPIRED after transient failures). */
  readonly errorCycleMs: number
  /** Retry interval when there is no usable token yet (start-up while offline). */
  readonly noTokenRetryMs: number
  /** TOK-10: how long a caller of refresh() waits before failing with AUTH_UNAVAILABLE. */
  readonly refreshWaitCapMs: number
  /** TOK-14: alert after this many consecutive refresh failures. */
  readonly alertAfterFailures: number
  /** A hub auth close this soon after a swap concerns the old token's connection and is ignored. */
  readonly recentSwapMs: number
  /** SESS-3: a second invalidation within this window is not re-logged automatically (no ping-pong). */
  readonly invalidationWindowMs: number
}

export const DEFAULT_TOKEN_MANAGER_OPTIONS: TokenManagerOptions = {
  refreshBufferMs: 7_200_000,
  validateRetryDelaysMs: [30_000, 60_000, 120_000, 300_000],
  maxLoginAttempts: 3,
  loginRetryDelaysMs: [5_000, 15_000],
  errorCycleMs: 300_000,
  noTokenRetryMs: 30_000,
  refreshWaitCapMs: 10_000,
  alertAfterFailures: 2,
  recentSwapMs: 2_000,
  invalidationWindowMs: 60_000,
}
