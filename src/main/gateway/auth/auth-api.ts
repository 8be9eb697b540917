// The three Auth endpoints over fetch: loginKey, validate, logout. Results are read from the body, never
// from the HTTP status alone (KEY-2), and no secret ever appears in a result, log line or error.

import { PX_PATHS } from '../../../shared/projectx/endpoints'
import type { LoginResponse, PxEnvelope, ValidateResponse } from '../../../shared/projectx/endpoints'
import { LoginErrorCode, LogoutErrorCode, ValidateErrorCode } from '../../../shared/projectx/error-codes'

/** Outcome of loginKey / validate. `token` is the new session token (never logged). */
export type AuthResult =
  | { readonly ok: true; readonly token: string }
  /** The gateway answered with `success:false` (HTTP 200): a business answer, not a network fault. */
  | { readonly ok: false; readonly kind: 'rejected'; readonly errorCode: number; readonly errorName: string; readonly message: string | null }
  /** No usable answer: network error or timeout (`transport`), or a non-200 status (`http`). */
  | { readonly ok: false; readonly kind: 'transport' | 'http'; readonly status?: number; readonly reason: string }

export type AuthFailure = Exclude<AuthResult, { ok: true }>

/** Outcome of the best-effort logout. */
export type LogoutResult = { readonly ok: true } | { readonly ok: false; readonly reason: string }

/** The Auth surface the token manager and session service depend on (fakes implement it in tests). */
export interface AuthApi {
  loginKey(userName: string, apiKey: string): Promise<AuthResult>
  validate(token: string): Promise<AuthResult>
  logout(token: string): Promise<LogoutResult>
}

export interface HttpAuthApiOptions {
  /** REST base, e.g. `https://api.topstepx.com`; a function so the simulator/live switch needs no rebuild. */
  readonly baseUrl: string | (() => string)
  readonly fetch?: typeof fetch
  readonly loginTimeoutMs?: number
  /** TOK-6: `validateTimeoutMs` 5000. */
  readonly validateTimeoutMs?: number
  /** SESS-1: logout is best effort with a 3 s cap. */
  readonly logoutTimeoutMs?: number
}

function codeName(table: Readonly<Record<string, number>>, code: number): string {
  for (const [name, value] of Object.entries(table)) if (value === code) return name
  return 'Unknown'
}

/** Thrown only for non-200 answers inside `post`; turned into an `http` result before leaving the module. */
class HttpStatusError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`)
    this.name = 'HttpStatusError'
  }
}

/** `AuthApi` over the global fetch. */
export class HttpAuthApi implements AuthApi {
  private readonly fetchFn: typeof fetch
  private readonly loginTimeoutMs: number
  private readonly validateTimeoutMs: number
  private readonly logoutTimeoutMs: number

  constructor(private readonly options: HttpAuthApiOptions) {
    this.fetchFn = options.fetch ?? ((input, init) => fetch(input, init))
    this.loginTimeoutMs = options.loginTimeoutMs ?? 10_000
    this.validateTimeoutMs = options.validateTimeoutMs ?? 5_000
    this.logoutTimeoutMs = options.logoutTimeoutMs ?? 3_000
  }

  async loginKey(userName: string, apiKey: string): Promise<AuthResult> {
    try {
      const body = await this.post<LoginResponse>(PX_PATHS.loginKey, { userName, apiKey }, null, this.loginTimeoutMs)
      if (body.success && typeof body.token === 'string' && body.token.length > 0) return { ok: true, token: body.token }
      return this.rejected(body, LoginErrorCode)
    } catch (error) {
      return this.failure(error)
    }
  }

  async validate(token: string): Promise<AuthResult> {
    try {
      const body = await this.post<ValidateResponse>(PX_PATHS.validate, undefined, token, this.validateTimeoutMs)
      if (body.success) {
        // Some gateway builds answer success without rotating; the current token then stays valid.
        const next = typeof body.newToken === 'string' && body.newToken.length > 0 ? body.newToken : token
        return { ok: true, token: next }
      }
      return this.rejected(body, ValidateErrorCode)
    } catch (error) {
      return this.failure(error)
    }
  }

  async logout(token: string): Promise<LogoutResult> {
    try {
      const body = await this.post<PxEnvelope>(PX_PATHS.logout, undefined, token, this.logoutTimeoutMs)
      if (body.success) return { ok: true }
      return { ok: false, reason: `rejected: ${codeName(LogoutErrorCode, body.errorCode)}` }
    } catch (error) {
      const failure = this.failure(error)
      return { ok: false, reason: failure.kind === 'rejected' ? failure.errorName : failure.reason }
    }
  }

  private rejected(body: PxEnvelope, table: Readonly<Record<string, number>>): AuthFailure {
    const errorCode = typeof body.errorCode === 'number' ? body.errorCode : -1
    return { ok: false, kind: 'rejected', errorCode, errorName: codeName(table, errorCode), message: body.errorMessage ?? null }
  }

  /** Maps thrown errors to a result whose text holds no URL query, header or body (nothing secret). */
  private failure(error: unknown): AuthFailure {
    if (error instanceof HttpStatusError) return { ok: false, kind: 'http', status: error.status, reason: `HTTP ${error.status}` }
    if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) {
      return { ok: false, kind: 'transport', reason: 'timeout' }
    }
    if (error instanceof SyntaxError) return { ok: false, kind: 'http', status: 200, reason: 'malformed response body' }
    const code = error instanceof Error ? ((error.cause as { code?: unknown } | undefined)?.code ?? error.name) : 'error'
    return { ok: false, kind: 'transport', reason: `network error (${String(code)})` }
  }

  private async post<T>(path: string, body: unknown, token: string | null, timeoutMs: number): Promise<T> {
    const base = typeof this.options.baseUrl === 'function' ? this.options.baseUrl() : this.options.baseUrl
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' }
    if (token !== null) headers.authorization = `Bearer ${token}`
    const controller = new AbortController()
    const timer = setTimeout(() => controller.abort(), timeoutMs)
    try {
      const response = await this.fetchFn(`${base.replace(/\/+$/, '')}${path}`, {
        method: 'POST',
        headers,
        body: body === undefined ? '' : JSON.stringify(body),
        signal: controller.signal,
      })
      if (response.status !== 200) {
        // Drain so the connection can be reused; the body of an error is never surfaced.
        await response.text().catch(() => '')
        throw new HttpStatusError(response.status)
      }
      const json: unknown = JSON.parse(await response.text())
      if (typeof json !== 'object' || json === null || typeof (json as PxEnvelope).success !== 'boolean') {
        throw new SyntaxError('envelope missing')
      }
      return json as T
    } finally {
      clearTimeout(timer)
    }
  }
}

/** Validate codes meaning "this token is dead for good" (TOK-7): no retry ladder. */
export const DEAD_SESSION_CODES: readonly number[] = [
  ValidateErrorCode.InvalidSession,
  ValidateErrorCode.SessionNotFound,
  ValidateErrorCode.ExpiredToken,
]
