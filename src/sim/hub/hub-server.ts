// Both SignalR hubs: upgrade auth, negotiate, method dispatch, event fan-out and hub fault switches.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import { WebSocketServer } from 'ws'
import { PX_MARKET_HUB, PX_USER_HUB } from '../../shared/projectx'
import type { HubLogEntry, SimCore } from '../core'
import type { DropMode, HubName } from '../faults'
import type { UserEvent } from '../ledger'
import type { MarketUpdate } from '../market'
import { omitNulls } from '../util/json'
import { HubConnection } from './connection'
import { completion, invocation, type HubMessage } from './protocol'
import { QuoteDiffer } from './quote-diff'

/** One frame the simulator sent on a hub (handshake replies excluded). */
export interface FrameLogEntry {
  seq: number
  hub: HubName
  connectionId: string
  timeMs: number
  text: string
}

/** Hub settings fixed at start. */
export interface HubOptions {
  pingIntervalMs: number
  wrapUserEvents: boolean
}

type Method = { arg: 'none' | 'int' | 'string'; apply: (c: HubConnection, arg: unknown) => void }

const EVENT_TARGET: Record<UserEvent['kind'], string> = {
  account: PX_USER_HUB.onAccount,
  order: PX_USER_HUB.onOrder,
  position: PX_USER_HUB.onPosition,
  trade: PX_USER_HUB.onTrade,
}

function methodTable(quotes: QuoteDiffer): Record<HubName, Record<string, Method>> {
  const toggle = <T>(set: (c: HubConnection) => Set<T>, on: boolean) => (c: HubConnection, arg: unknown): void => {
    if (on) set(c).add(arg as T)
    else set(c).delete(arg as T)
  }
  const U = PX_USER_HUB
  const M = PX_MARKET_HUB
  return {
    user: {
      [U.subscribeAccounts]: { arg: 'none', apply: (c) => void (c.subs.accounts = true) },
      [U.unsubscribeAccounts]: { arg: 'none', apply: (c) => void (c.subs.accounts = false) },
      [U.subscribeOrders]: { arg: 'int', apply: toggle((c) => c.subs.orders, true) },
      [U.unsubscribeOrders]: { arg: 'int', apply: toggle((c) => c.subs.orders, false) },
      [U.subscribePositions]: { arg: 'int', apply: toggle((c) => c.subs.positions, true) },
      [U.unsubscribePositions]: { arg: 'int', apply: toggle((c) => c.subs.positions, false) },
      [U.subscribeTrades]: { arg: 'int', apply: toggle((c) => c.subs.trades, true) },
      [U.unsubscribeTrades]: { arg: 'int', apply: toggle((c) => c.subs.trades, false) },
    },
    market: {
      [M.subscribeQuotes]: { arg: 'string', apply: toggle((c) => c.subs.quotes, true) },
      [M.unsubscribeQuotes]: {
        arg: 'string',
        apply: (c, arg) => {
          toggle((x) => x.subs.quotes, false)(c, arg)
          quotes.forget(c, arg as string)
        },
      },
      [M.subscribeTrades]: { arg: 'string', apply: toggle((c) => c.subs.marketTrades, true) },
      [M.unsubscribeTrades]: { arg: 'string', apply: toggle((c) => c.subs.marketTrades, false) },
      [M.subscribeDepth]: { arg: 'string', apply: toggle((c) => c.subs.depth, true) },
      [M.unsubscribeDepth]: { arg: 'string', apply: toggle((c) => c.subs.depth, false) },
    },
  }
}

/** Serves /hubs/user and /hubs/market on the shared HTTP server. */
export class HubServer {
  readonly connections = new Map<string, HubConnection>()
  readonly frames: FrameLogEntry[] = []
  private readonly wss = new WebSocketServer({ noServer: true })
  private readonly quoteDiff = new QuoteDiffer()
  private readonly methods = methodTable(this.quoteDiff)
  /** Negotiated ids awaiting their upgrade: the `id` the client will present → the connectionId it names. */
  private readonly negotiated = new Map<string, string>()
  private seq = 0
  private frameSeq = 0
  private connSeq = 0
  private pendingDrop: { hub?: HubName; mode: DropMode; remaining: number } | null = null
  private held: UserEvent[] = []
  private heldTimer: NodeJS.Timeout | null = null
  private readonly timers = new Set<NodeJS.Timeout>()

  constructor(
    private readonly core: SimCore,
    private readonly opts: HubOptions,
  ) {
    core.onUserEvent((ev) => this.routeUserEvent(ev))
    core.onMarket((u) => this.broadcastMarket(u))
  }

  /** `/hubs/user` → 'user'; anything else → null. */
  static hubOf(pathname: string): HubName | null {
    const p = pathname.toLowerCase().replace(/\/+$/, '')
    if (p === '/hubs/user' || p === '/hubs/user/negotiate') return 'user'
    if (p === '/hubs/market' || p === '/hubs/market/negotiate') return 'market'
    return null
  }

  private tokenOf(req: IncomingMessage, url: URL): { token: string | null; via: HubLogEntry['via'] } {
    const h = req.headers.authorization
    const header = h && /^bearer\s+/i.test(h) ? h.replace(/^bearer\s+/i, '').trim() : null
    const query = url.searchParams.getAll('access_token').filter((t) => t !== '')
    // Duplicated access_token parameters (docs sample + client factory) are tolerated: any valid one counts.
    const candidates = [header, ...query].filter((t): t is string => Boolean(t))
    const valid = candidates.find((t) => this.core.auth.check(t) === null)
    const via: HubLogEntry['via'] = header && query.length ? 'both' : header ? 'header' : query.length ? 'query' : 'none'
    return { token: valid ?? candidates[0] ?? null, via }
  }

  private log(e: Omit<HubLogEntry, 'seq' | 'timeMs'>): void {
    this.core.hubLog.push({ ...e, seq: ++this.seq, timeMs: this.core.clock.now() })
    this.core.log(`hub ${e.hub} ${e.phase} via ${e.via}: ${e.accepted ? 'accepted' : `refused ${e.status}`}`)
  }

  /** POST /hubs/<hub>/negotiate?negotiateVersion=1 */
  negotiate(req: IncomingMessage, res: ServerResponse, hub: HubName, url: URL): void {
    const { token, via } = this.tokenOf(req, url)
    const refusal = this.core.faults.hubRefused(hub) ?? (this.core.auth.check(token) ? 401 : null)
    if (req.method !== 'POST') {
      res.writeHead(405).end()
      return
    }
    if (refusal) {
      this.log({ hub, phase: 'negotiate', token, via, accepted: false, status: refusal, connectionId: null })
      res.writeHead(refusal, { 'content-length': '0' }).end()
      return
    }
    const n = ++this.connSeq
    const connectionId = `sim-${hub}-${n}`
    // Negotiate protocol v0 (no or 0 negotiateVersion, e.g. signalrcore): `id` on the upgrade is the
    // connectionId and there is no connectionToken. v1+: `id` is the separate connectionToken.
    // ASP.NET Core hubs accept both, so the simulator does too.
    const requested = Number(url.searchParams.get('negotiateVersion') ?? '0')
    const version = Number.isFinite(requested) && requested >= 1 ? 1 : 0
    const connectionToken = version === 1 ? `sim-token-${hub}-${n}` : null
    this.negotiated.set(connectionToken ?? connectionId, connectionId)
    this.log({ hub, phase: 'negotiate', token, via, accepted: true, status: 200, connectionId })
    const transports = [{ transport: 'WebSockets', transferFormats: ['Text', 'Binary'] }]
    const body = connectionToken
      ? { negotiateVersion: 1, connectionId, connectionToken, availableTransports: transports }
      : { connectionId, negotiateVersion: 0, availableTransports: transports }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body))
  }

  upgrade(req: IncomingMessage, socket: Socket, head: Buffer, hub: HubName, url: URL): void {
    const { token, via } = this.tokenOf(req, url)
    const refuse = (status: number, text: string): void => {
      this.log({ hub, phase: 'connect', token, via, accepted: false, status, connectionId: null })
      socket.end(`HTTP/1.1 ${status} ${text}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`)
    }
    const refused = this.core.faults.hubRefused(hub)
    if (refused) return refuse(refused, refused === 401 ? 'Unauthorized' : 'Service Unavailable')
    if (this.core.auth.check(token) || !token) return refuse(401, 'Unauthorized')
    const id = url.searchParams.get('id')
    const negotiatedId = id === null ? undefined : this.negotiated.get(id)
    if (id !== null && negotiatedId === undefined) return refuse(404, 'Not Found')
    if (id !== null) this.negotiated.delete(id)
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const connectionId = negotiatedId ?? `sim-${hub}-${++this.connSeq}`
      this.log({ hub, phase: 'connect', token, via, accepted: true, status: 101, connectionId })
      const conn = new HubConnection(connectionId, hub, token, ws, socket, this.opts.pingIntervalMs, {
        onMessage: (c, m) => this.dispatch(c, m),
        onClosed: (c) => this.connections.delete(c.id),
        isStalled: (h) => this.core.faults.stalled[h],
        onSent: (c, text) => this.recordFrame(c, text),
      })
      this.connections.set(connectionId, conn)
    })
  }

  private recordFrame(c: HubConnection, text: string): void {
    this.frames.push({ seq: ++this.frameSeq, hub: c.hub, connectionId: c.id, timeMs: this.core.clock.now(), text })
    if (this.frames.length > 20_000) this.frames.splice(0, 5_000)
    const d = this.pendingDrop
    if (d && (!d.hub || d.hub === c.hub) && !text.startsWith('{"type":6')) {
      d.remaining -= 1
      if (d.remaining <= 0) {
        this.pendingDrop = null
        // Mute now (the state keeps changing server-side), drop once the N frames are surely delivered.
        for (const conn of this.connections.values()) if (!d.hub || conn.hub === d.hub) conn.muted = true
        const t = setTimeout(() => {
          this.timers.delete(t)
          this.drop(d.mode, d.hub)
        }, 25)
        this.timers.add(t)
      }
    }
  }

  private dispatch(c: HubConnection, m: HubMessage): void {
    if (m.type === 6 || m.type === 5 || m.type === 3) return
    if (m.type === 7) return c.closeWith(undefined, false)
    const id = typeof m.invocationId === 'string' ? m.invocationId : undefined
    const reply = (error?: string): void => {
      if (id !== undefined) c.sendMessage(completion(id, error))
    }
    if (m.type !== 1 || typeof m.target !== 'string') return reply('Invalid message')
    const target = m.target
    const entry = Object.entries(this.methods[c.hub]).find(([name]) => name.toLowerCase() === target.toLowerCase())
    if (!entry) return reply(`Unknown hub method '${target}'`)
    const [name, method] = entry
    const faults = this.core.faults
    if (/^subscribe/i.test(name)) {
      if (Date.now() < faults.subscribeIgnoreUntilMs[c.hub]) return
      if (faults.subscribeErrors[c.hub] > 0) {
        faults.subscribeErrors[c.hub] -= 1
        return reply(`An unexpected error occurred invoking '${name}' on the server.`)
      }
    }
    const args = Array.isArray(m.arguments) ? m.arguments : []
    const expected = method.arg === 'none' ? 0 : 1
    if (args.length !== expected) {
      return reply(`Failed to invoke '${name}' due to an error on the server. InvalidDataException: Invocation provides ${args.length} argument(s) but target expects ${expected}.`)
    }
    const arg = args[0]
    if ((method.arg === 'int' && !Number.isInteger(arg)) || (method.arg === 'string' && typeof arg !== 'string')) {
      return reply(`Failed to invoke '${name}' due to an error on the server. InvalidDataException: Error binding arguments. Make sure that the types of the provided values match the types of the hub method being invoked.`)
    }
    method.apply(c, arg)
    reply()
  }

  private userPayload(ev: UserEvent): unknown {
    const data = omitNulls(ev.data)
    return this.opts.wrapUserEvents ? { action: ev.action, data } : data
  }

  /** Apply duplicate / reorder / delay faults, then fan out. */
  private routeUserEvent(ev: UserEvent): void {
    const f = this.core.faults.userEvents
    const deliver = (e: UserEvent): void => {
      if (f.delayMs > 0) {
        const t = setTimeout(() => {
          this.timers.delete(t)
          this.fanOut(e)
        }, f.delayMs)
        this.timers.add(t)
      } else this.fanOut(e)
    }
    if (f.reorder > 0) {
      this.held.push(ev)
      if (this.held.length >= f.reorder) this.flushHeld(deliver)
      else if (!this.heldTimer) this.heldTimer = setTimeout(() => this.flushHeld(deliver), 200)
      return
    }
    deliver(ev)
    if (f.duplicate > 0) {
      f.duplicate -= 1
      deliver(ev)
    }
  }

  /** Held events leave in reverse order (the reorder fault). */
  private flushHeld(deliver: (e: UserEvent) => void): void {
    if (this.heldTimer) clearTimeout(this.heldTimer)
    this.heldTimer = null
    const batch = this.held.reverse()
    this.held = []
    this.core.faults.userEvents.reorder = 0
    batch.forEach(deliver)
  }

  private fanOut(ev: UserEvent): void {
    const target = EVENT_TARGET[ev.kind]
    const payload = this.userPayload(ev)
    for (const c of this.connections.values()) {
      if (c.hub !== 'user') continue
      const s = c.subs
      const wanted =
        ev.kind === 'account' ? s.accounts : ev.kind === 'order' ? s.orders.has(ev.accountId) : ev.kind === 'position' ? s.positions.has(ev.accountId) : s.trades.has(ev.accountId)
      if (wanted) c.sendMessage(invocation(target, [payload]))
    }
  }

  private broadcastMarket(u: MarketUpdate): void {
    if (this.core.faults.quotesStopped) return
    for (const c of this.connections.values()) {
      if (c.hub !== 'market') continue
      if (c.subs.quotes.has(u.contractId)) {
        const quote = this.quoteDiff.frame(c, u.contractId, u.quote, this.core.behaviour.fullQuotes)
        c.sendMessage(invocation(PX_MARKET_HUB.onQuote, [u.contractId, quote]))
      }
      if (c.subs.marketTrades.has(u.contractId)) c.sendMessage(invocation(PX_MARKET_HUB.onTrade, [u.contractId, u.prints]))
      if (c.subs.depth.has(u.contractId)) c.sendMessage(invocation(PX_MARKET_HUB.onDepth, [u.contractId, u.depth]))
    }
  }

  /** Contracts someone on the market hub subscribed to (sorted, for deterministic stepping). */
  subscribedContracts(): string[] {
    const set = new Set<string>()
    for (const c of this.connections.values()) for (const s of [c.subs.quotes, c.subs.marketTrades, c.subs.depth]) s.forEach((id) => set.add(id))
    return [...set].sort()
  }

  /** Drop every socket of a hub (or both) now, or after `afterFrames` more frames on it. */
  drop(mode: DropMode, hub?: HubName, afterFrames?: number): number {
    if (afterFrames && afterFrames > 0) {
      this.pendingDrop = { hub, mode, remaining: afterFrames }
      return 0
    }
    let n = 0
    for (const c of [...this.connections.values()]) {
      if (hub && c.hub !== hub) continue
      n += 1
      if (mode === 'reset') c.reset()
      else if (mode === 'close') c.closeWith(undefined, true)
      else c.closeCode(1011)
    }
    return n
  }

  /** Push an arbitrary frame (or raw text) to every connection of a hub. */
  inject(hub: HubName, message: object | string): number {
    let n = 0
    for (const c of this.connections.values()) {
      if (c.hub !== hub) continue
      n += 1
      if (typeof message === 'string') c.sendRaw(message)
      else c.sendMessage(message)
    }
    return n
  }

  /** GatewayLogout on every user-hub connection. */
  sendLogout(args: unknown[] = []): number {
    return this.inject('user', invocation(PX_USER_HUB.onLogout, args))
  }

  close(): void {
    for (const t of this.timers) clearTimeout(t)
    if (this.heldTimer) clearTimeout(this.heldTimer)
    for (const c of [...this.connections.values()]) c.reset()
    this.wss.close()
  }
}
