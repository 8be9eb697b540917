// The typed error of the REST layer (ERR-5) and its trader-safe AppError form. Raw server text and
// transport detail stay on the error for logs; the AppError carries only fixed wording plus names.

import { appError, type AppError, type AppErrorCode } from '../../../shared/errors'
import type { PxEndpoint } from '../../../shared/projectx/endpoints'

/** What went wrong, in the order the classifier checks (ERR-1), plus the client's own refusals. */
export type GatewayErrorCategory =
  /** No HTTP reply: refused, reset, DNS, unreachable. */
  | 'NETWORK'
  /** Our own deadline passed before the reply was read. */
  | 'TIMEOUT'
  /** The caller's AbortSignal fired. */
  | 'ABORTED'
  /** HTTP 401, a second 401 after the one refresh, or no token at all. */
  | 'AUTH'
  /** HTTP 429 from the server. */
  | 'RATE_LIMITED'
  /** HTTP 5xx or 408. */
  | 'SERVER'
  /** HTTP 400/403/404/405 and other 4xx: our request is wrong; never retried. */
  | 'CLIENT'
  /** `success:false` with a known, non-UnknownError code of the endpoint. */
  | 'BUSINESS'
  /** `success:false` with the endpoint's `UnknownError` code (retried on reads only, ERR-4). */
  | 'UNKNOWN_ERROR'
  /** `success:false` with a code the endpoint's enum does not have (ERR-2). */
  | 'UNKNOWN_CODE'
  /** HTTP 2xx whose body is not an envelope. */
  | 'MALFORMED'
  /** The breaker of this endpoint's group is OPEN (CB-6: callers serve cached data marked stale). */
  | 'CIRCUIT_OPEN'
  /** RATE_LIMIT_002: the limiter queue is full (RATE-4). */
  | 'QUEUE_FULL'
  /** RATE_LIMIT_003: the call waited longer than its priority's max wait (RATE-3). */
  | 'QUEUE_TIMEOUT'

export interface GatewayErrorInit {
  readonly category: GatewayErrorCategory
  readonly retryable: boolean
  readonly endpoint: PxEndpoint
  readonly messageKey?: string
  readonly httpStatus?: number | null
  readonly errorCode?: number | null
  readonly errorName?: string | null
  readonly errorMessage?: string | null
  /** Transport error code such as ECONNREFUSED (normalized). */
  readonly networkCode?: string | null
  /** Milliseconds from a `Retry-After` header, when the server sent one. */
  readonly retryAfterMs?: number | null
  readonly cause?: unknown
}

/** A classified REST failure. `errorMessage` is the server's raw text: log it, never show it unfiltered. */
export class GatewayError extends Error {
  override readonly name = 'GatewayError'
  readonly category: GatewayErrorCategory
  readonly retryable: boolean
  readonly messageKey: string
  readonly endpoint: PxEndpoint
  readonly httpStatus: number | null
  readonly errorCode: number | null
  readonly errorName: string | null
  readonly errorMessage: string | null
  readonly networkCode: string | null
  readonly retryAfterMs: number | null

  constructor(init: GatewayErrorInit) {
    super(
      `${init.endpoint}: ${init.category}${describeDetail(init)}`,
      init.cause === undefined ? undefined : { cause: init.cause },
    )
    this.category = init.category
    this.retryable = init.retryable
    this.endpoint = init.endpoint
    this.messageKey = init.messageKey ?? defaultMessageKey(init)
    this.httpStatus = init.httpStatus ?? null
    this.errorCode = init.errorCode ?? null
    this.errorName = init.errorName ?? null
    this.errorMessage = init.errorMessage ?? null
    this.networkCode = init.networkCode ?? null
    this.retryAfterMs = init.retryAfterMs ?? null
  }

  /** Matches by name too, because errors re-created across a worker boundary fail `instanceof`. */
  static is(value: unknown): value is GatewayError {
    return value instanceof GatewayError || (value instanceof Error && value.name === 'GatewayError')
  }

  /** The serialisable form for IPC: fixed wording, the swagger error name, never secrets or account names. */
  toAppError(): AppError {
    const detail: Record<string, unknown> = {
      endpoint: this.endpoint,
      category: this.category,
      messageKey: this.messageKey,
    }
    if (this.httpStatus !== null) detail.httpStatus = this.httpStatus
    if (this.errorCode !== null) detail.errorCode = this.errorCode
    if (this.errorName !== null) detail.errorName = this.errorName
    let message = TRADER_TEXT[this.category]
    if (this.category === 'BUSINESS' && this.errorName !== null) {
      const server = sanitizeServerMessage(this.errorMessage)
      message = `${message} (${this.errorName}${server ? `: ${server}` : ''})`
    }
    return appError(APP_CODE[this.category], message, this.retryable, detail)
  }
}

function describeDetail(init: GatewayErrorInit): string {
  const parts: string[] = []
  if (init.httpStatus != null) parts.push(`http ${init.httpStatus}`)
  if (init.errorName != null) parts.push(`${init.errorName}`)
  if (init.networkCode != null) parts.push(init.networkCode)
  return parts.length === 0 ? '' : ` (${parts.join(', ')})`
}

function defaultMessageKey(init: GatewayErrorInit): string {
  if ((init.category === 'BUSINESS' || init.category === 'UNKNOWN_ERROR') && init.errorName != null) {
    return `gateway.${init.endpoint}.${init.errorName}`
  }
  return `gateway.error.${init.category.toLowerCase()}`
}

const APP_CODE: Readonly<Record<GatewayErrorCategory, AppErrorCode>> = {
  NETWORK: 'GATEWAY_UNAVAILABLE',
  TIMEOUT: 'GATEWAY_UNAVAILABLE',
  ABORTED: 'INTERNAL',
  AUTH: 'AUTH_FAILED',
  RATE_LIMITED: 'RATE_LIMITED',
  SERVER: 'GATEWAY_UNAVAILABLE',
  CLIENT: 'INTERNAL',
  BUSINESS: 'BUSINESS_REJECTED',
  UNKNOWN_ERROR: 'GATEWAY_UNAVAILABLE',
  UNKNOWN_CODE: 'BUSINESS_REJECTED',
  MALFORMED: 'GATEWAY_UNAVAILABLE',
  CIRCUIT_OPEN: 'GATEWAY_UNAVAILABLE',
  QUEUE_FULL: 'RATE_LIMITED',
  QUEUE_TIMEOUT: 'RATE_LIMITED',
}

const TRADER_TEXT: Readonly<Record<GatewayErrorCategory, string>> = {
  NETWORK: 'The trading gateway cannot be reached.',
  TIMEOUT: 'The trading gateway did not answer in time.',
  ABORTED: 'The request was cancelled.',
  AUTH: 'The gateway session is no longer valid. Sign in again.',
  RATE_LIMITED: 'The gateway request limit was reached; requests are paused briefly.',
  SERVER: 'The trading gateway reported a server error.',
  CLIENT: 'The gateway refused a malformed request.',
  BUSINESS: 'The gateway rejected the request',
  UNKNOWN_ERROR: 'The trading gateway reported an unknown error.',
  UNKNOWN_CODE: 'The gateway rejected the request with an unrecognised code.',
  MALFORMED: 'The trading gateway sent an unreadable reply.',
  CIRCUIT_OPEN: 'The trading gateway is failing; requests are paused and cached data is shown.',
  QUEUE_FULL: 'Too many requests are waiting for the gateway.',
  QUEUE_TIMEOUT: 'A request waited too long for the gateway request limit.',
}

// A JWT, or any long opaque run that could be a key or token.
const OPAQUE = /\beyJ[\w-]*\.[\w-]*\.[\w-]*|[A-Za-z0-9+/_=-]{32,}/g
// Prop-firm account names look like `150KTC-V2-478426-52758441`; keep only the last 3 characters.
const ACCOUNT_NAME = /\b[A-Z0-9]+(?:-[A-Z0-9]+){2,}\b/g

/** Server text made safe for the UI: tokens and key-like strings removed, account names masked (LOG-3). */
export function sanitizeServerMessage(text: string | null | undefined): string | null {
  if (text == null) return null
  const cleaned = text
    .replace(OPAQUE, '[REDACTED]')
    .replace(ACCOUNT_NAME, (name) => `***${name.slice(-3)}`)
    .trim()
    .slice(0, 200)
  return cleaned.length === 0 ? null : cleaned
}
