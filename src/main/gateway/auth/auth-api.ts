// The three Auth endpoints through the REST pipeline's auth door: loginKey, validate, logout. Results are read from the body, never
// from the HTTP status alone (KEY-2), and no secret ever appears in a result, log line or error.

import type { CallOptions } from '../../ports/gateway'
import { GatewayError } from '../rest/gateway-error'
import type { AuthEndpoint } from '../rest/rest-pipeline-options'
import type { LoginResponse, PxEnvelope, ValidateResponse } from '../../../shared/projectx/endpoints'
import { LoginErrorCode, LogoutErrorCode, ValidateErrorCode } from '../../../shared/projectx/error-codes'

/** Outcome of loginKey / validate. `token` is the new session token (never logged). */
export type AuthResult =
  | { readonly ok: true; readonly token: string }
  /** The gateway answered with `success:false` (HTTP 200): a business answer, not a network fault. */
  | {
      readonly ok: false
      readonly kind: 'rejected'
      readonly errorCode: number
      readonly errorName: string
      readonly message: string | null
    }
  /** No usable answer: network error or timeout (`transport`), or a non-200 status (`http`). */
  | {
      readonly ok: false
      readonly kind: 'transport' | 'http'
      readonly status?: number
      readonly reason: string
    }

export type AuthFailure = Exclude<AuthResult, { ok: true }>

/** Outcome of the best-effort logout. */
export type LogoutResult = { readonly ok: true } | { readonly ok: false; readonly reason: string }

/** The Auth surface the token manager and session service depend on (fakes implement it in tests). */
export interface AuthApi {
  loginKey(userName: string, apiKey: string): Promise<AuthResult>
  validate(token: string): Promise<AuthResult>
  logout(token: string): Promise<LogoutResult>
}

function codeName(table: Readonly<Record<string, number>>, code: number): string {
  for (const [name, value] of Object.entries(table)) if (value === code) return name
  return 'Unknown'
}

/** The pipeline's auth door (`RestPipeline.authRequest`): the shared rate limiter, no breaker, no retries. */
export interface AuthRequester {
  authRequest<T extends object>(
    endpoint: AuthEndpoint,
    body: object,
    token: string | null,
    opts?: CallOptions,
  ): Promise<T>
}

export interface PipelineAuthApiOptions {
  /** TOK-6: validate has a 5 s deadline. */
  readonly validateTimeoutMs?: number
  /** SESS-1: logout is best effort with a 3 s cap. */
  readonly logoutTimeoutMs?: number
  /** loginKey deadline. */
  readonly loginTimeoutMs?: number
}

/**
 * `AuthApi` over the REST pipeline, so sign-in, validate and logout share the rate limiter with every other
 * call (issue 7 item 8). `requester` may be a function: the pipeline needs the token manager, which needs this.
 */
export class PipelineAuthApi implements AuthApi {
  private readonly loginTimeoutMs: number
  private readonly validateTimeoutMs: number
  private readonly logoutTimeoutMs: number

  constructor(
    private readonly requester: AuthRequester | (() => AuthRequester),
    options: PipelineAuthApiOptions = {},
  ) {
    this.loginTimeoutMs = options.loginTimeoutMs ?? 10_000
    this.validateTimeoutMs = options.validateTimeoutMs ?? 5_000
    this.logoutTimeoutMs = options.logoutTimeoutMs ?? 3_000
  }

  async loginKey(userName: string, apiKey: string): Promise<AuthResult> {
    try {
      const body = await this.post<LoginResponse>('loginKey', { userName, apiKey }, null, this.loginTimeoutMs)
      if (typeof body.token === 'string' && body.token.length > 0) return { ok: true, token: body.token }
      return { ok: false, kind: 'http', status: 200, reason: 'malformed response body' }
    } catch (error) {
      return failure(error)
    }
  }

  async validate(token: string): Promise<AuthResult> {
    try {
      const body = await this.post<ValidateResponse>('validate', {}, token, this.validateTimeoutMs)
      // Some gateway builds answer success without rotating; the current token then stays valid.
      const next = typeof body.newToken === 'string' && body.newToken.length > 0 ? body.newToken : token
      return { ok: true, token: next }
    } catch (error) {
      return failure(error)
    }
  }

  async logout(token: string): Promise<LogoutResult> {
    try {
      await this.post<PxEnvelope>('logout', {}, token, this.logoutTimeoutMs)
      return { ok: true }
    } catch (error) {
      const f = failure(error)
      return { ok: false, reason: f.kind === 'rejected' ? `rejected: ${f.errorName}` : f.reason }
    }
  }

  private post<T extends object>(
    endpoint: AuthEndpoint,
    body: object,
    token: string | null,
    timeoutMs: number,
  ): Promise<T> {
    const requester = typeof this.requester === 'function' ? this.requester() : this.requester
    return requester.authRequest<T>(endpoint, body, token, { timeoutMs })
  }
}

/** Maps a pipeline failure to a result whose text holds no URL query, header or body (nothing secret). */
function failure(error: unknown): AuthFailure {
  if (!(error instanceof GatewayError))
    return {
      ok: false,
      kind: 'transport',
      reason: `network error (${error instanceof Error ? error.name : 'error'})`,
    }
  switch (error.category) {
    case 'BUSINESS':
    case 'UNKNOWN_ERROR':
    case 'UNKNOWN_CODE': {
      const errorCode = error.errorCode ?? -1
      return {
        ok: false,
        kind: 'rejected',
        errorCode,
        errorName: codeName(tableFor(error.endpoint), errorCode),
        message: error.errorMessage,
      }
    }
    case 'TIMEOUT':
      return { ok: false, kind: 'transport', reason: 'timeout' }
    case 'NETWORK':
    case 'ABORTED':
      return {
        ok: false,
        kind: 'transport',
        reason: `network error (${error.networkCode ?? error.category})`,
      }
    case 'MALFORMED':
      return { ok: false, kind: 'http', status: error.httpStatus ?? 200, reason: 'malformed response body' }
    case 'AUTH':
    case 'RATE_LIMITED':
    case 'SERVER':
    case 'CLIENT':
      return {
        ok: false,
        kind: 'http',
        ...(error.httpStatus !== null ? { status: error.httpStatus } : {}),
        reason: `HTTP ${error.httpStatus ?? '?'}`,
      }
    case 'CIRCUIT_OPEN':
    case 'QUEUE_FULL':
    case 'QUEUE_TIMEOUT':
      return { ok: false, kind: 'transport', reason: error.category.toLowerCase().replace('_', ' ') }
  }
}

function tableFor(endpoint: string): Readonly<Record<string, number>> {
  if (endpoint === 'validate') return ValidateErrorCode
  if (endpoint === 'logout') return LogoutErrorCode
  return LoginErrorCode
}

/** Validate codes meaning "this token is dead for good" (TOK-7): no retry ladder. */
export const DEAD_SESSION_CODES: readonly number[] = [
  ValidateErrorCode.InvalidSession,
  ValidateErrorCode.SessionNotFound,
  ValidateErrorCode.ExpiredToken,
]
