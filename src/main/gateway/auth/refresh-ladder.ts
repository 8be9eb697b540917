// The two retry ladders of a refresh cycle, apart from the token manager's state: validate the token in
// hand with waits between tries (TOK-6), then log in with the stored key a few times (TOK-7, TOK-8). The
// manager swaps the token, tells its listeners and decides the state from what `renewToken` returns.

import type { AuthApi } from './auth-api'
import type { InterruptibleWait } from './clock-waits'
import { CycleCancelledError } from './errors'
import type { Reauthenticator } from './reauth'
import { describeRefreshFailure, endsLoginAttempts, isDeadSessionAnswer } from './refresh-failure'
import type { RefreshFailure } from './refresh-failure'
import type { SessionAlerts } from './session-alerts'
import type { TokenManagerOptions } from './token-manager-options'

/** What the ladders work with; each call also gets `isStale`, which says a sign-in or sign-out superseded the cycle. */
export interface RefreshLadderContext {
  readonly api: Pick<AuthApi, 'validate'>
  readonly reauth: Reauthenticator
  readonly alerts: Pick<SessionAlerts, 'refreshAttemptFailed'>
  /** The cycle's back-off sleep, which resume and urgent callers cut short. */
  readonly backoff: InterruptibleWait
  readonly opts: Pick<
    TokenManagerOptions,
    'validateRetryDelaysMs' | 'maxLoginAttempts' | 'loginRetryDelaysMs'
  >
}

/** `valid`: the gateway accepted (and renewed) the token; `dead`: it says the session is gone; else undecided. */
export type ValidateOutcome =
  | { readonly kind: 'valid'; readonly token: string }
  | { readonly kind: 'dead' }
  | { readonly kind: 'undecided' }

/**
 * TOK-6: validates `candidate`, waiting the configured delays between failed tries. `mustHurry()` is asked
 * after each failure (a dead-token caller or a start-up cannot wait through the ladder) and ends it at once.
 * Throws CycleCancelledError when the cycle was superseded meanwhile.
 */
export async function validateWithRetries(
  context: RefreshLadderContext,
  candidate: string,
  isStale: () => boolean,
  mustHurry: () => boolean,
): Promise<ValidateOutcome> {
  const { api, alerts, backoff } = context
  const delays = context.opts.validateRetryDelaysMs
  for (let attempt = 0; ; attempt++) {
    const result = await api.validate(candidate)
    if (isStale()) throw new CycleCancelledError()
    if (result.ok) return { kind: 'valid', token: result.token }
    alerts.refreshAttemptFailed(`validate ${describeRefreshFailure(result)}`)
    if (isDeadSessionAnswer(result)) return { kind: 'dead' }
    const delay = delays[attempt]
    if (mustHurry() || delay === undefined) return { kind: 'undecided' }
    await backoff.wait(delay, isStale)
    if (attempt === delays.length - 1) return { kind: 'undecided' }
  }
}

/** A new token from the stored key, or the last failure (null when no attempt was made). */
export type LoginOutcome =
  | { readonly ok: true; readonly token: string }
  | { readonly ok: false; readonly lastFailure: RefreshFailure | null }

/**
 * TOK-7/TOK-8: up to `maxLoginAttempts` re-logins, waiting between them, stopping early on an answer no
 * retry can change. Throws CycleCancelledError when the cycle was superseded meanwhile.
 */
export async function loginWithRetries(
  context: RefreshLadderContext,
  reason: string,
  isStale: () => boolean,
): Promise<LoginOutcome> {
  const { alerts, backoff, opts } = context
  let lastFailure: RefreshFailure | null = null
  for (let attempt = 0; attempt < opts.maxLoginAttempts; attempt++) {
    const result = await context.reauth(reason)
    if (isStale()) throw new CycleCancelledError()
    if (result.ok) return { ok: true, token: result.token }
    lastFailure = result
    if (result.kind !== 'blocked') alerts.refreshAttemptFailed(`login ${describeRefreshFailure(result)}`)
    if (endsLoginAttempts(result)) break
    const delay = opts.loginRetryDelaysMs[attempt]
    if (attempt < opts.maxLoginAttempts - 1 && delay !== undefined) await backoff.wait(delay, isStale)
  }
  return { ok: false, lastFailure }
}

/** What the cycle asks for: `candidate` is the token to validate first (null: go straight to login). */
export interface RenewRequest {
  readonly candidate: string | null
  readonly reason: string
  /** Asked after each failed validate: a dead-token caller or a start-up cannot wait through the ladder. */
  readonly mustHurry: () => boolean
}

/** `sessionDead`: validate said the session itself is gone (SESS-3 decides from it). */
export type RenewOutcome =
  | { readonly kind: 'validated'; readonly token: string }
  | { readonly kind: 'logged-in'; readonly token: string; readonly sessionDead: boolean }
  | { readonly kind: 'failed'; readonly sessionDead: boolean; readonly lastFailure: RefreshFailure | null }

/** Validate first when there is a candidate, log in when that did not give a token. */
export async function renewToken(
  context: RefreshLadderContext,
  request: RenewRequest,
  isStale: () => boolean,
): Promise<RenewOutcome> {
  let sessionDead = false
  if (request.candidate !== null) {
    const validated = await validateWithRetries(context, request.candidate, isStale, request.mustHurry)
    if (validated.kind === 'valid') return { kind: 'validated', token: validated.token }
    sessionDead = validated.kind === 'dead'
  }
  const login = await loginWithRetries(context, request.reason, isStale)
  return login.ok
    ? { kind: 'logged-in', token: login.token, sessionDead }
    : { kind: 'failed', sessionDead, lastFailure: login.lastFailure }
}
