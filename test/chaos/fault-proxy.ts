// An HTTP fault proxy for chaos tests: forwards every request to the simulator's REST port and lets a
// test rewrite the reply text of chosen paths (malformed items, oversized bodies) before the engine sees it.

import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** Rewrites a reply body; return the text unchanged to pass it through. */
export type ReplyRewrite = (path: string, text: string) => string

export interface FaultProxy {
  readonly url: string
  rewrite: ReplyRewrite | null
  close(): Promise<void>
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const base = target.replace(/\/+$/, '')
  const proxy: FaultProxy = { url: '', rewrite: null, close: () => Promise.resolve() }
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const headers: Record<string, string> = {}
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host' && k !== 'content-length') headers[k] = v
      const init: RequestInit = { method: req.method ?? 'GET', headers }
      if (chunks.length > 0) init.body = Buffer.concat(chunks)
      fetch(base + (req.url ?? '/'), init)
        .then(async (reply) => {
          const text = await reply.text()
          const out = proxy.rewrite ? proxy.rewrite(req.url ?? '/', text) : text
          res.writeHead(reply.status, { 'content-type': reply.headers.get('content-type') ?? 'application/json' })
          res.end(out)
        })
        .catch(() => {
          res.writeHead(502)
          res.end()
        })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return Object.assign(proxy, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  })
}
