// One HTTP attempt over `fetch`: bearer header, JSON body, our own deadline and the caller's signal.
// Returns what happened without interpreting it; classify.ts does that.

import type { Clock } from '../../ports/clock'
import { parseRetryAfterMs } from './backoff'
import type { RawAttempt } from './classify'

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>

export interface HttpAttempt {
  readonly url: string
  readonly method: 'POST' | 'GET'
  /** Sent as `Authorization: Bearer …`; never logged. */
  readonly token: string | null
  readonly body?: unknown
  readonly timeoutMs: number
  readonly signal?: AbortSignal | undefined
}

export interface HttpAttemptResult {
  readonly raw: RawAttempt
  readonly latencyMs: number
}

/** Sends one request. Never throws: every failure is described in `raw`. */
export async function sendHttpAttempt(
  fetchFn: FetchLike,
  clock: Clock,
  attempt: HttpAttempt,
): Promise<HttpAttemptResult> {
  const controller = new AbortController()
  let timedOut = false
  const timer = clock.setTimeout(() => {
    timedOut = true
    controller.abort()
  }, attempt.timeoutMs)
  const onCallerAbort = (): void => controller.abort()
  attempt.signal?.addEventListener('abort', onCallerAbort, { once: true })
  const started = clock.now()
  const headers: Record<string, string> = { Accept: 'application/json' }
  if (attempt.body !== undefined) headers['Content-Type'] = 'application/json'
  if (attempt.token !== null) headers.Authorization = `Bearer ${attempt.token}`
  try {
    const init: RequestInit = { method: attempt.method, headers, signal: controller.signal }
    if (attempt.body !== undefined) init.body = JSON.stringify(attempt.body)
    const response = await fetchFn(attempt.url, init)
    // The deadline covers the body too: a server that stalls mid-body is as unanswered as a silent one.
    const text = await response.text()
    const raw: RawAttempt = {
      kind: 'http',
      status: response.status,
      body: parseBody(text),
      retryAfterMs: parseRetryAfterMs(response.headers.get('retry-after'), clock.now()),
    }
    return { raw, latencyMs: clock.now() - started }
  } catch (error) {
    const latencyMs = clock.now() - started
    if (timedOut) return { raw: { kind: 'timeout', afterMs: attempt.timeoutMs }, latencyMs }
    if (attempt.signal?.aborted) return { raw: { kind: 'aborted' }, latencyMs }
    return { raw: { kind: 'transport', error }, latencyMs }
  } finally {
    clock.clearTimeout(timer)
    attempt.signal?.removeEventListener('abort', onCallerAbort)
  }
}

function parseBody(text: string): unknown {
  if (text.trim() === '') return null
  try {
    return JSON.parse(text) as unknown
  } catch {
    // Non-JSON (e.g. an HTML error page from a proxy) is kept as text; the classifier calls it malformed.
    return text
  }
}
