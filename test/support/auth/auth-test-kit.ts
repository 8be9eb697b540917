// Test-only helpers for the auth layer: a scripted AuthApi, a recording notifier and JWT builders.

import type { Notifier, NoticeSeverity } from '../../../src/main/ports/notifier'
import type { AuthApi, AuthResult, LogoutResult } from '../../../src/main/gateway/auth/auth-api'

/** A JWT-shaped string whose payload carries `exp` (seconds) and a marker to tell tokens apart. */
export function makeJwt(expMs: number, marker: string): string {
  const enc = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url')
  return `${enc({ alg: 'HS256', typ: 'JWT' })}.${enc({ exp: Math.floor(expMs / 1000), sub: marker })}.c2lnbmF0dXJl`
}

type Step = AuthResult | (() => Promise<AuthResult>)

export const transportFailure: AuthResult = { ok: false, kind: 'transport', reason: 'timeout' }
export const http500: AuthResult = { ok: false, kind: 'http', status: 500, reason: 'HTTP 500' }
export function rejected(errorCode: number): AuthResult {
  return { ok: false, kind: 'rejected', errorCode, errorName: `Code${errorCode}`, message: null }
}

/** Scripted AuthApi: each call takes the next step of its script, else the default. */
export class ScriptedAuthApi implements AuthApi {
  readonly validateCalls: { token: string }[] = []
  readonly loginCalls: { userName: string; apiKey: string }[] = []
  readonly logoutCalls: string[] = []
  validateScript: Step[] = []
  loginScript: Step[] = []
  logoutResult: LogoutResult = { ok: true }
  private counter = 0

  constructor(private readonly newToken: () => string) {}

  async validate(token: string): Promise<AuthResult> {
    this.validateCalls.push({ token })
    return this.next(this.validateScript)
  }

  async loginKey(userName: string, apiKey: string): Promise<AuthResult> {
    this.loginCalls.push({ userName, apiKey })
    return this.next(this.loginScript)
  }

  async logout(token: string): Promise<LogoutResult> {
    this.logoutCalls.push(token)
    return this.logoutResult
  }

  private async next(script: Step[]): Promise<AuthResult> {
    const step = script.shift()
    if (step === undefined) return { ok: true, token: this.newToken() }
    return typeof step === 'function' ? step() : step
  }

  /** A fresh marker per issued token. */
  nextMarker(): string {
    this.counter++
    return `t${this.counter}`
  }
}

export class RecordingNotifier implements Notifier {
  readonly notices: { title: string; body: string; severity: NoticeSeverity }[] = []
  notify(title: string, body: string, severity: NoticeSeverity): void {
    this.notices.push({ title, body, severity })
  }
  count(severity: NoticeSeverity): number {
    return this.notices.filter((n) => n.severity === severity).length
  }
}

export interface Deferred<T> {
  readonly promise: Promise<T>
  resolve(value: T): void
}

export function deferred<T>(): Deferred<T> {
  let resolve: (value: T) => void = () => undefined
  const promise = new Promise<T>((r) => {
    resolve = r
  })
  return { promise, resolve }
}
