// Test-only minimal SignalR JSON-hub-protocol server over `ws` with fault knobs, used by the wire tests
// until/alongside the simulator (handshake, invocations, completions, pings, close, refused upgrades).

import { createServer } from 'node:http'
import type { IncomingMessage, Server } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { WebSocketServer } from 'ws'
import type WebSocket from 'ws'

const RS = '\x1e'

/** What a method handler may answer: a value, a thrown error (error completion) or 'ignore' (no reply). */
export type MethodHandler = (args: unknown[], conn: HubServerConnection) => unknown

export interface UpgradeRecord {
  readonly path: string
  readonly url: string
  readonly authorization: string | undefined
  readonly status: number
}

export interface HubServerConnection {
  readonly path: string
  readonly socket: WebSocket
  readonly invocations: { target: string; args: unknown[] }[]
  /** True once the handshake reply was sent (pings before it would break the client's handshake). */
  handshaken: boolean
  send(target: string, ...args: unknown[]): void
}

export class JsonHubServer {
  readonly upgrades: UpgradeRecord[] = []
  readonly connections = new Set<HubServerConnection>()
  readonly methods = new Map<string, MethodHandler>()
  /** Every invocation received on any connection, in order. */
  readonly invocations: { path: string; target: string; args: unknown[] }[] = []
  /** Status to refuse upgrades with (null: accept). */
  refuseStatus: number | null = null
  /** Tokens accepted in `Authorization: Bearer` (empty set: accept any non-empty token). */
  readonly validTokens = new Set<string>()
  /** Silent stall: send nothing (no pings, no completions) to current connections. */
  stalled = false
  private readonly http: Server
  private readonly wss = new WebSocketServer({ noServer: true })
  private readonly pingTimer: ReturnType<typeof setInterval>
  private readonly sockets = new Set<Socket>()

  private constructor(pingMs: number) {
    this.http = createServer((_req, res) => res.writeHead(404).end())
    this.http.on('connection', (s) => {
      this.sockets.add(s)
      s.on('close', () => this.sockets.delete(s))
    })
    this.http.on('upgrade', (req, socket, head) => this.onUpgrade(req, socket as Socket, head))
    this.pingTimer = setInterval(() => {
      if (!this.stalled) for (const c of this.connections) if (c.handshaken) this.raw(c.socket, { type: 6 })
    }, pingMs)
  }

  /** Starts on a random localhost port. */
  static async start(pingMs = 100): Promise<JsonHubServer> {
    const s = new JsonHubServer(pingMs)
    await new Promise<void>((resolve) => s.http.listen(0, '127.0.0.1', resolve))
    return s
  }

  url(path: string): string {
    return `http://127.0.0.1:${(this.http.address() as AddressInfo).port}${path}`
  }

  /** Open WebSocket connections (handshake done or not). */
  get openCount(): number {
    return this.connections.size
  }

  /** Pushes an event to every connection on `path`. */
  broadcast(path: string, target: string, ...args: unknown[]): void {
    for (const c of this.connections) if (c.path === path) c.send(target, ...args)
  }

  /** Drops every connection: 'reset' = TCP reset, 'close7' = close message allowing reconnect, '1011' = WS close code. */
  dropAll(mode: 'reset' | 'close7' | '1011', path?: string): void {
    for (const c of [...this.connections]) {
      if (path !== undefined && c.path !== path) continue
      if (mode === 'reset') c.socket.terminate()
      else if (mode === 'close7') {
        this.raw(c.socket, { type: 7, error: 'server restarting', allowReconnect: true })
        c.socket.close(1000)
      } else c.socket.close(1011, 'internal error')
    }
  }

  async close(): Promise<void> {
    clearInterval(this.pingTimer)
    for (const c of this.connections) c.socket.terminate()
    for (const s of this.sockets) s.destroy()
    await new Promise<void>((resolve) => this.http.close(() => resolve()))
  }

  private onUpgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    const url = req.url ?? ''
    const path = url.split('?')[0] ?? ''
    const authorization = req.headers.authorization
    const token = authorization?.replace(/^Bearer /, '') ?? new URLSearchParams(url.split('?')[1] ?? '').get('access_token') ?? ''
    let status = 101
    if (this.refuseStatus !== null) status = this.refuseStatus
    else if (token === '' || (this.validTokens.size > 0 && !this.validTokens.has(token))) status = 401
    this.upgrades.push({ path, url, authorization, status })
    if (status !== 101) {
      socket.end(`HTTP/1.1 ${status} Refused\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
      return
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onSocket(ws, path))
  }

  private onSocket(ws: WebSocket, path: string): void {
    const conn: HubServerConnection = {
      path,
      socket: ws,
      invocations: [],
      handshaken: false,
      send: (target, ...args) => {
        if (!this.stalled) this.raw(ws, { type: 1, target, arguments: args })
      },
    }
    this.connections.add(conn)
    ws.on('close', () => this.connections.delete(conn))
    ws.on('error', () => this.connections.delete(conn))
    ws.on('message', (data: Buffer) => {
      for (const frame of data.toString().split(RS)) {
        if (frame === '') continue
        const msg = JSON.parse(frame) as { type?: number; invocationId?: string; target?: string; arguments?: unknown[] }
        if (!conn.handshaken) {
          conn.handshaken = true
          ws.send(`{}${RS}`)
          continue
        }
        if (msg.type !== 1 || msg.target === undefined) continue
        const args = msg.arguments ?? []
        conn.invocations.push({ target: msg.target, args })
        this.invocations.push({ path, target: msg.target, args })
        void this.reply(ws, conn, msg.target, args, msg.invocationId)
      }
    })
  }

  private async reply(ws: WebSocket, conn: HubServerConnection, target: string, args: unknown[], id: string | undefined): Promise<void> {
    const handler = this.methods.get(target)
    let completion: Record<string, unknown>
    try {
      const result: unknown = handler ? await handler(args, conn) : null
      if (result === 'ignore') return
      completion = { type: 3, invocationId: id, result: result ?? null }
    } catch (e) {
      completion = { type: 3, invocationId: id, error: e instanceof Error ? e.message : String(e) }
    }
    if (id !== undefined && !this.stalled) this.raw(ws, completion)
  }

  private raw(ws: WebSocket, msg: unknown): void {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg) + RS)
  }
}
