// How a write's single attempt becomes a WriteOutcome (TOK-11, RETRY-5): failed when nothing executed,
// rejected on a business verdict, uncertain when the order may exist and must be verified, never resent.

import type { WriteOutcome } from '../../ports/gateway'
import type { Classification, RawAttempt } from './classify'
import { GatewayError } from './gateway-error'

type FailedAttempt = Extract<Classification, { ok: false }>

export function failedWrite(reason: string, retryable: boolean): WriteOutcome {
  return { kind: 'failed', reason, retryable }
}

/** Why admission refused a write (breaker open, limiter refusal, caller abort): nothing left this machine. */
export function notSentReason(admissionError: unknown): string {
  return GatewayError.is(admissionError) ? admissionError.category.toLowerCase() : 'limiter'
}

/**
 * The outcome of a sent write whose attempt failed. The pipeline does the side effects itself
 * (token refresh after 401, bucket freeze after 429); this only names the verdict.
 */
export function failedAttemptOutcome(c: FailedAttempt, orderId: number | null): WriteOutcome {
  const error = c.error
  switch (error.category) {
    case 'AUTH':
      // The server refused before executing; the caller's own retry will carry the refreshed token.
      return failedWrite('auth', true)
    case 'RATE_LIMITED':
      return failedWrite('rate_limited', true)
    case 'CLIENT':
      return failedWrite(`http_${error.httpStatus ?? 0}`, false)
    case 'BUSINESS':
    case 'UNKNOWN_CODE':
      // ERR-3 verdict, not an error to retry; a rejected place can still carry a real orderId (projectx-api.md §3.6).
      return {
        kind: 'rejected',
        errorCode: error.errorCode ?? -1,
        errorName: error.errorName ?? 'Unknown',
        message: error.errorMessage,
        orderId,
      }
    default:
      if (c.delivery === 'not_sent')
        return failedWrite(`network:${error.networkCode ?? 'unknown'}`, error.retryable)
      // Timeout, lost reply, 5xx, UnknownError: the write may have executed. Verify, never resend (TOK-11).
      return { kind: 'uncertain', reason: uncertainReason(error) }
  }
}

export function uncertainReason(error: GatewayError): string {
  if (error.category === 'SERVER') return `http_${error.httpStatus ?? 0}`
  if (error.category === 'NETWORK') return `network:${error.networkCode ?? 'unknown'}`
  if (error.category === 'UNKNOWN_ERROR')
    return `UnknownError${error.errorMessage ? `: ${error.errorMessage}` : ''}`
  return error.category.toLowerCase()
}

/** The orderId of an HTTP reply body, if any: place answers carry it even when rejected. */
export function extractOrderId(raw: RawAttempt): number | null {
  if (raw.kind !== 'http' || typeof raw.body !== 'object' || raw.body === null) return null
  const id = (raw.body as { orderId?: unknown }).orderId
  return typeof id === 'number' ? id : null
}
