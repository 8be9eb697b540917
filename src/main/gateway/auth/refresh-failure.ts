// Classifies failed validate / loginKey answers of a refresh cycle: which ones mean the session is dead,
// which end the login attempts, and which need the trader (TOK-7, TOK-8, KEY-2, KEY-3).

import { LoginErrorCode } from '../../../shared/projectx/error-codes'
import { DEAD_SESSION_CODES } from './auth-api'
import type { AuthFailure } from './auth-api'
import type { BlockedReauth } from './reauth'

/** Any failed attempt of a cycle: a gateway answer, a transport fault, or a blocked re-login. */
export type RefreshFailure = AuthFailure | BlockedReauth

/** KEY-2: login rejections no retry can fix; the trader has to fix the key or the account first. */
const FATAL_LOGIN_CODES: readonly number[] = [
  LoginErrorCode.UserNotFound,
  LoginErrorCode.PasswordVerificationFailed,
  LoginErrorCode.InvalidCredentials,
  LoginErrorCode.AgreementsNotSigned,
  LoginErrorCode.ApiSubscriptionNotFound,
  LoginErrorCode.ApiKeyAuthenticationDisabled,
]

/** Short, secret-free text for logs, audit and state details. */
export function describeRefreshFailure(failure: RefreshFailure): string {
  if (failure.kind === 'rejected') return `rejected ${failure.errorName} (${failure.errorCode})`
  return failure.kind === 'blocked' ? `blocked: ${failure.reason}` : `${failure.kind}: ${failure.reason}`
}

/** TOK-7: validate says the session itself is gone (code 1/2/3 or HTTP 401), so the retry ladder is pointless. */
export function isDeadSessionAnswer(failure: AuthFailure): boolean {
  return (
    (failure.kind === 'rejected' && DEAD_SESSION_CODES.includes(failure.errorCode)) ||
    (failure.kind === 'http' && failure.status === 401)
  )
}

/**
 * TOK-8: further loginKey attempts in this cycle cannot help: re-login is blocked, or the gateway gave a
 * definite answer. Only its catch-all UnknownError and network/HTTP faults are worth another try.
 */
export function endsLoginAttempts(failure: RefreshFailure): boolean {
  return (
    failure.kind === 'blocked' ||
    (failure.kind === 'rejected' && failure.errorCode !== LoginErrorCode.UnknownError)
  )
}

/** KEY-2, KEY-3: no later cycle can succeed either, so the manager halts instead of scheduling retries. */
export function isFatalLoginFailure(failure: RefreshFailure): boolean {
  return (
    failure.kind === 'blocked' ||
    (failure.kind === 'rejected' && FATAL_LOGIN_CODES.includes(failure.errorCode))
  )
}
