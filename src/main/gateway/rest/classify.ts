// Turns one raw REST attempt into success or a GatewayError, in the order of ERR-1: transport →
// HTTP status → envelope errorCode (per endpoint) → success. Also says how the breaker, the health
// tracker and a write caller must read the attempt.

import type { PxEndpoint } from '../../../shared/projectx/endpoints'
import { lookupErrorCode } from './endpoint-table'
import { GatewayError, type GatewayErrorCategory } from './gateway-error'

/** What the transport produced for one attempt, before any interpretation. */
export type RawAttempt =
  | { readonly kind: 'transport'; readonly error: unknown }
  | { readonly kind: 'timeout'; readonly afterMs: number }
  | { readonly kind: 'aborted' }
  /** H12-4: the body passed the reply cap and was not read further. */
  | { readonly kind: 'too-large'; readonly status: number; readonly limitBytes: number }
  | {
      readonly kind: 'http'
      readonly status: number
      readonly body: unknown
      readonly retryAfterMs: number | null
    }

/** Breaker accounting (CB-2): 401, 429 and business answers are neutral. */
export type BreakerEffect = 'success' | 'failure' | 'neutral'

/**
 * Where a write stands after the attempt (TOK-11): never sent, refused before execution,
 * processed with a verdict, or unknown (possibly executed).
 */
export type Delivery = 'not_sent' | 'refused' | 'processed' | 'unknown'

export type Classification =
  | {
      readonly ok: true
      readonly body: Record<string, unknown>
      readonly breaker: 'success'
      readonly reached: true
    }
  | {
      readonly ok: false
      readonly error: GatewayError
      readonly breaker: BreakerEffect
      readonly delivery: Delivery
      /** False when no HTTP reply arrived at all (REST health DISCONNECTED, HEALTH-1). */
      readonly reached: boolean
    }

/** Transport codes that are worth another try (RETRY-2). */
export const RETRYABLE_NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'ENETUNREACH',
  'EAI_AGAIN',
])

/** HTTP statuses that are worth another try on reads (RETRY-2). */
export const RETRYABLE_HTTP_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504])

// undici and libuv spell some failures differently; fold them into the RETRY-2 names.
const CODE_ALIASES: Readonly<Record<string, string>> = {
  UND_ERR_SOCKET: 'ECONNRESET',
  UND_ERR_CLOSED: 'ECONNRESET',
  EPIPE: 'ECONNRESET',
  UND_ERR_CONNECT_TIMEOUT: 'ETIMEDOUT',
  EHOSTUNREACH: 'ENETUNREACH',
  EHOSTDOWN: 'ENETUNREACH',
}

// Failures that happen while connecting: the request bytes were never written, so a write is safe to
// report as `failed` rather than `uncertain`.
const CONNECT_PHASE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'EHOSTUNREACH',
  'EHOSTDOWN',
])

/** Finds the first `code` on an error, its `cause` chain or AggregateError members. */
export function rawNetworkCode(error: unknown, depth = 0): string | null {
  if (depth > 5 || typeof error !== 'object' || error === null) return null
  const e = error as { code?: unknown; cause?: unknown; errors?: unknown }
  if (typeof e.code === 'string' && e.code.length > 0) return e.code
  const fromCause = rawNetworkCode(e.cause, depth + 1)
  if (fromCause !== null) return fromCause
  if (Array.isArray(e.errors)) {
    for (const inner of e.errors) {
      const code = rawNetworkCode(inner, depth + 1)
      if (code !== null) return code
    }
  }
  return null
}

/** RETRY-2 name for a raw transport code. */
export function normalizeNetworkCode(code: string | null): string {
  if (code === null) return 'NETWORK'
  return CODE_ALIASES[code] ?? code
}

function isEnvelope(body: unknown): body is Record<string, unknown> & { success: boolean } {
  return (
    typeof body === 'object' &&
    body !== null &&
    !Array.isArray(body) &&
    typeof (body as { success?: unknown }).success === 'boolean'
  )
}

function fail(
  endpoint: PxEndpoint,
  category: GatewayErrorCategory,
  retryable: boolean,
  breaker: BreakerEffect,
  delivery: Delivery,
  reached: boolean,
  extra: Partial<ConstructorParameters<typeof GatewayError>[0]> = {},
): Classification {
  return {
    ok: false,
    error: new GatewayError({ endpoint, category, retryable, ...extra }),
    breaker,
    delivery,
    reached,
  }
}

/** Classifies one attempt (ERR-1..4). Pure; the client decides what to do with the verdict. */
export function classifyAttempt(endpoint: PxEndpoint, raw: RawAttempt): Classification {
  switch (raw.kind) {
    case 'transport': {
      const rawCode = rawNetworkCode(raw.error)
      const code = normalizeNetworkCode(rawCode)
      const delivery: Delivery = rawCode !== null && CONNECT_PHASE.has(rawCode) ? 'not_sent' : 'unknown'
      return fail(endpoint, 'NETWORK', RETRYABLE_NETWORK_CODES.has(code), 'failure', delivery, false, {
        networkCode: code,
        cause: raw.error,
      })
    }
    case 'timeout':
      return fail(endpoint, 'TIMEOUT', true, 'failure', 'unknown', false, { networkCode: 'ETIMEDOUT' })
    case 'aborted':
      return fail(endpoint, 'ABORTED', false, 'neutral', 'unknown', true)
    case 'too-large':
      // A reply nobody can use: counted against the server (breaker, health), never retried, never parsed.
      return fail(endpoint, 'MALFORMED', false, 'failure', 'unknown', true, {
        httpStatus: raw.status,
        errorName: 'ReplyTooLarge',
        errorMessage: `reply body over ${raw.limitBytes} bytes`,
      })
    case 'http':
      return classifyHttp(endpoint, raw.status, raw.body, raw.retryAfterMs)
  }
}

function classifyHttp(
  endpoint: PxEndpoint,
  status: number,
  body: unknown,
  retryAfterMs: number | null,
): Classification {
  const http = { httpStatus: status, retryAfterMs }
  if (status === 401) return fail(endpoint, 'AUTH', false, 'neutral', 'refused', true, http)
  if (status === 429) return fail(endpoint, 'RATE_LIMITED', true, 'neutral', 'refused', true, http)
  if (status >= 500 || status === 408)
    return fail(endpoint, 'SERVER', RETRYABLE_HTTP_STATUSES.has(status), 'failure', 'unknown', true, http)
  // 400 is model validation, 403/404/405 a wrong route or right: the server refused before executing.
  if (status >= 400) return fail(endpoint, 'CLIENT', false, 'neutral', 'refused', true, http)
  if (status < 200 || status >= 300 || !isEnvelope(body)) {
    return fail(endpoint, 'MALFORMED', false, 'neutral', 'unknown', true, http)
  }
  const errorCode = typeof body.errorCode === 'number' ? body.errorCode : body.success ? 0 : -1
  const errorMessage = typeof body.errorMessage === 'string' ? body.errorMessage : null
  if (body.success && errorCode === 0) return { ok: true, body, breaker: 'success', reached: true }
  const lookup = lookupErrorCode(endpoint, errorCode)
  const detail = { ...http, errorCode, errorName: lookup.name, errorMessage }
  switch (lookup.kind) {
    case 'unknownError':
      // The server failed internally; for a write the order may or may not exist (ERR-4, CB-2).
      return fail(endpoint, 'UNKNOWN_ERROR', true, 'failure', 'unknown', true, detail)
    case 'business':
      return fail(endpoint, 'BUSINESS', false, 'neutral', 'processed', true, detail)
    case 'unknown':
      return fail(endpoint, 'UNKNOWN_CODE', false, 'neutral', 'processed', true, detail)
    case 'success':
      // `success:false` with code 0 contradicts itself; treat it as unreadable rather than as success.
      return fail(endpoint, 'MALFORMED', false, 'neutral', 'unknown', true, detail)
  }
}
