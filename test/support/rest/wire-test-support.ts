// Test support for wire-level client tests: a scripted node:http server and a fake token source.
// Imported only by *.test.ts files.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { TokenSource } from '../../../src/main/ports/gateway'

export interface SeenRequest {
  readonly method: string
  readonly path: string
  readonly authorization: string | null
  readonly contentType: string | null
  readonly body: unknown
}

/** What the server does with one request: a reply, or hang (never answer). */
export type Scripted =
  | { readonly status: number; readonly body?: unknown; readonly headers?: Record<string, string> }
  | { readonly hang: true }
  | { readonly reset: true }

export interface ScriptServer {
  readonly url: string
  readonly seen: SeenRequest[]
  /** Replies used in order; when empty, `fallback` answers. */
  readonly script: Scripted[]
  fallback: (req: SeenRequest) => Scripted
  close(): Promise<void>
}

/** Starts a server on 127.0.0.1 that answers from a script. */
export async function startScriptServer(
  fallback: (req: SeenRequest) => Scripted = () => ({ status: 200, body: ok() }),
): Promise<ScriptServer> {
  const seen: SeenRequest[] = []
  const script: Scripted[] = []
  const state = { fallback }
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8')
      const entry: SeenRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        authorization: req.headers.authorization ?? null,
        contentType: req.headers['content-type'] ?? null,
        body: text ? (JSON.parse(text) as unknown) : null,
      }
      seen.push(entry)
      const reply = script.shift() ?? state.fallback(entry)
      if ('hang' in reply) return
      if ('reset' in reply) {
        req.socket.destroy()
        return
      }
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers })
      res.end(reply.body === undefined ? '' : JSON.stringify(reply.body))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    script,
    get fallback() {
      return state.fallback
    },
    set fallback(f) {
      state.fallback = f
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** A success envelope with a payload. */
export function ok(payload: Record<string, unknown> = {}): Record<string, unknown> {
  return { success: true, errorCode: 0, errorMessage: null, ...payload }
}

/** A `success:false` envelope. */
export function rejected(
  errorCode: number,
  errorMessage: string | null = null,
  payload: Record<string, unknown> = {},
): Record<string, unknown> {
  return { success: false, errorCode, errorMessage, ...payload }
}

/** A token source whose refresh swaps `t1` → `t2` → … and counts calls. */
export class FakeTokenSource implements TokenSource {
  token: string | null = 't1'
  refreshes: string[] = []
  failRefresh = false
  private readonly listeners = new Set<(token: string) => void>()

  current(): string | null {
    return this.token
  }

  async refresh(reason: string): Promise<string> {
    this.refreshes.push(reason)
    if (this.failRefresh) throw new Error('refresh failed')
    this.token = `t${this.refreshes.length + 1}`
    for (const l of this.listeners) l(this.token)
    return this.token
  }

  onTokenSwapped(listener: (token: string) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}
