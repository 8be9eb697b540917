// One SignalR connection: handshake, record framing, keep-alive pings and per-connection subscriptions.
import type { Socket } from 'node:net'
import type { WebSocket } from 'ws'
import type { HubName } from '../faults'
import { MessageType, RS, encode, splitRecords, type HubMessage } from './protocol'

/** Subscriptions held by one connection (lost on reconnect, as on the real gateway). */
export interface Subscriptions {
  accounts: boolean
  orders: Set<number>
  positions: Set<number>
  trades: Set<number>
  quotes: Set<string>
  marketTrades: Set<string>
  depth: Set<string>
}

/** Callbacks from a connection to its server. */
export interface ConnectionHooks {
  onMessage(conn: HubConnection, msg: HubMessage): void
  onClosed(conn: HubConnection): void
  /** Whether outgoing frames are suppressed (silent stall fault). */
  isStalled(hub: HubName): boolean
  /** Records an outgoing frame (for the control API's frame log and afterFrames drops). */
  onSent(conn: HubConnection, text: string): void
}

/** Server side of one WebSocket hub connection. */
export class HubConnection {
  handshaken = false
  closed = false
  /** Set when a drop is scheduled: later frames are not sent, so "drop after N frames" is exact. */
  muted = false
  readonly subs: Subscriptions = { accounts: false, orders: new Set(), positions: new Set(), trades: new Set(), quotes: new Set(), marketTrades: new Set(), depth: new Set() }
  private buffer = ''
  private readonly pingTimer: NodeJS.Timeout | null

  constructor(
    readonly id: string,
    readonly hub: HubName,
    readonly token: string,
    private readonly ws: WebSocket,
    private readonly socket: Socket,
    pingIntervalMs: number,
    private readonly hooks: ConnectionHooks,
  ) {
    ws.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => this.receive(Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data)]).toString('utf8')))
    ws.on('close', () => this.finish())
    ws.on('error', () => this.finish())
    this.pingTimer = pingIntervalMs > 0 ? setInterval(() => this.sendMessage({ type: MessageType.Ping }), pingIntervalMs) : null
  }

  private receive(text: string): void {
    this.buffer += text
    const { records, rest } = splitRecords(this.buffer)
    this.buffer = rest
    for (const rec of records) {
      if (this.closed) return
      let msg: HubMessage
      try {
        msg = JSON.parse(rec) as HubMessage
      } catch {
        this.closeWith('Connection closed with an error. InvalidDataException: Error reading JSON.', false)
        return
      }
      if (!this.handshaken) {
        if (msg.protocol !== 'json' || msg.version !== 1) {
          this.sendRaw(JSON.stringify({ error: `The protocol '${String(msg.protocol)}' is not supported.` }) + RS)
          this.ws.close(1000)
          return
        }
        this.sendRaw('{}' + RS)
        this.handshaken = true
        continue
      }
      if (this.hooks.isStalled(this.hub)) continue
      this.hooks.onMessage(this, msg)
    }
  }

  /** Send one hub message (suppressed while the hub is stalled or before the handshake). */
  sendMessage(msg: object): void {
    if (!this.handshaken || this.hooks.isStalled(this.hub)) return
    this.sendRaw(encode(msg))
  }

  /** Raw text, bypassing framing (garbage injection) but not the stall switch. */
  sendRaw(text: string, force = false): void {
    if (this.closed || (this.muted && !force) || this.ws.readyState !== this.ws.OPEN) return
    this.ws.send(text)
    if (this.handshaken) this.hooks.onSent(this, text.endsWith(RS) ? text.slice(0, -1) : text)
  }

  /** SignalR close message then a normal WebSocket close. */
  closeWith(error: string | undefined, allowReconnect: boolean): void {
    const msg: Record<string, unknown> = { type: MessageType.Close, allowReconnect }
    if (error) msg.error = error
    this.sendRaw(encode(msg), true)
    this.ws.close(1000)
    this.finish()
  }

  /** Abrupt TCP reset: no close frame at any level. */
  reset(): void {
    if (typeof this.socket.resetAndDestroy === 'function') this.socket.resetAndDestroy()
    else this.socket.destroy()
    this.finish()
  }

  /** WebSocket close with status 1011 (server error), no SignalR close message. */
  closeCode(code: number): void {
    this.ws.close(code, 'Server error')
    this.finish()
  }

  private finish(): void {
    if (this.closed) return
    this.closed = true
    if (this.pingTimer) clearInterval(this.pingTimer)
    this.hooks.onClosed(this)
  }
}
