// Wiring: one loopback HTTP server carrying REST, both hubs and the control channel, plus the quote ticker.
import { createServer, type Server } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import type { SimBehaviour } from './behaviour'
import { activeContracts, createControl } from './control'
import type { SimControl } from './control-types'
import { handleControl } from './control-http'
import { SimCore } from './core'
import { HubServer } from './hub/hub-server'
import { TradingCalendar, type CalendarOptions } from './calendar'
import type { PlatformRules } from './platform-rules'
import type { RestFieldMode } from './rest/fields'
import { RestRouter } from './rest/router'

/** Options of `startSimulator` (all optional). */
export interface SimulatorOptions {
  /** Default 0 = ephemeral; always binds 127.0.0.1. */
  port?: number
  /** Default 1; same seed + same script ⇒ same frames. */
  seed?: number
  /** Token lifetime, default 24 h. */
  tokenTtlMs?: number
  /** Default true (`{action,data}`); false ⇒ bare payloads. */
  wrapUserEvents?: boolean
  /** Random-walk tick period per active contract; default 250; 0 = no automatic quotes. */
  quoteIntervalMs?: number
  /** Default 200/60 s and 50/30 s, sliding window per token. */
  rateLimits?: { general?: { limit: number; windowMs: number }; bars?: { limit: number; windowMs: number } }
  /** Hub keep-alive pings, default 15 000. */
  pingIntervalMs?: number
  /** The one valid credential pair. */
  userName?: string
  apiKey?: string
  /** Default two practice-style accounts; `platformRules` switches the prop-firm backstops on for one (default off). */
  accounts?: Array<{ name: string; balance: number; canTrade?: boolean; simulated?: boolean; platformRules?: PlatformRules }>
  /** Initial virtual time (default Date.now()). */
  startTimeMs?: number
  /** No console logs. */
  quiet?: boolean
  /** Serve the `/_sim/*` control API over HTTP (default true); the engine's embedded simulator turns it off. */
  controlHttp?: boolean
  // ---- gateway behaviour (issue 8; each also settable at run time through setBehaviour) ----
  /** Whole quotes on every frame (default false: partial quotes, only the changed fields, as live). */
  fullQuotes?: boolean
  /** Live close sequence: opening fill re-sent before the size-0 position, account event repeated (default true). */
  closeSequence?: boolean
  /** Virtual ms after a close at which the account event comes again (default 3000). */
  accountEchoMs?: number
  /** Band around the market outside which limit/stop prices are refused, in percent (default 10; 0 = off). */
  priceBandPercent?: number
  /** canTrade false also cancels resting orders (default false; unverified live). */
  cancelOnCanTradeFalse?: boolean
  /** Working orders expire (status 4) when the session closes (default true). */
  expireAtSessionEnd?: boolean
  /** Virtual ms in PendingCancellation (7) before Cancelled (default 0 = none). */
  cancelLatencyMs?: number
  /** Per-side exchange fee per contract by product (`EP`, `ES` or a contract id); defaults: ProjectX fee table. */
  fees?: Record<string, number>
  /**
   * Fully deterministic: the virtual clock is frozen at start and quotes move only by stepMarket or by
   * advancing the clock (one step per quoteIntervalMs of virtual time), never by wall time. Default false.
   */
  deterministic?: boolean
  /**
   * REST reply fields (default 'full', the 2026 swagger's models). 'documented': only fields the public docs'
   * examples show — no trailPrice/trailDistance/parentOrderId/linkedOrderId on orders, no commissions on trades,
   * no contractDisplayName on positions (see README, simulator section).
   */
  restFields?: RestFieldMode
  /**
   * CME Globex calendar on the virtual clock (true = Globex hours, no holidays; or hours, holidays, early
   * closes). Default off: always open, so runs do not depend on the weekday. setSession overrides it.
   */
  calendar?: boolean | CalendarOptions
}

/** The first stdout line of `npm run sim`: where the simulator listens and whom it knows. */
export interface SimulatorAnnouncement {
  readonly restUrl: string
  readonly userHubUrl: string
  readonly marketHubUrl: string
  readonly controlUrl: string
  readonly userName: string
  readonly apiKey: string
  readonly accounts: number[]
}

/** A running simulator. */
export interface SimulatorHandle {
  readonly restUrl: string
  readonly userHubUrl: string
  readonly marketHubUrl: string
  readonly controlUrl: string
  readonly userName: string
  readonly apiKey: string
  readonly accountIds: number[]
  /** In-process control API (same operations as the HTTP control API). */
  readonly control: SimControl
  /** Closes sockets, timers, server; leaves nothing running. */
  close(): Promise<void>
  /** Replace the activity logger (REST calls, hub connects); the CLI uses it after printing its first line. */
  setLog(log: (line: string) => void): void
}

/** The two practice-style accounts a simulator starts with unless told otherwise. */
export const DEFAULT_ACCOUNTS = [
  { name: 'PRAC-V2-252499-51361945', balance: 50_000 },
  { name: '150KTC-V2-478426-52758441', balance: 150_000 },
]

function behaviourOf(o: SimulatorOptions): Partial<SimBehaviour> {
  const keys = ['fullQuotes', 'closeSequence', 'accountEchoMs', 'priceBandPercent', 'cancelOnCanTradeFalse', 'expireAtSessionEnd', 'cancelLatencyMs'] as const
  return Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]))
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<SimulatorHandle> {
  const core = new SimCore({
    seed: options.seed ?? 1,
    tokenTtlMs: options.tokenTtlMs ?? 24 * 3_600_000,
    startTimeMs: options.startTimeMs ?? Date.now(),
    userName: options.userName ?? 'trader',
    apiKey: options.apiKey ?? 'sim-api-key-0123456789abcdef',
    accounts: options.accounts ?? DEFAULT_ACCOUNTS,
    general: options.rateLimits?.general ?? { limit: 200, windowMs: 60_000 },
    bars: options.rateLimits?.bars ?? { limit: 50, windowMs: 30_000 },
    behaviour: behaviourOf(options),
    fees: options.fees,
  })
  core.restFields = options.restFields ?? 'full'
  for (const [i, seed] of (options.accounts ?? []).entries()) {
    const id = core.ledger.accounts[i]?.model.id
    if (seed.platformRules && id !== undefined) core.platform.set(id, seed.platformRules)
  }
  if (options.calendar) core.market.calendar = new TradingCalendar(options.calendar === true ? {} : options.calendar)
  const hubs = new HubServer(core, { pingIntervalMs: options.pingIntervalMs ?? 15_000, wrapUserEvents: options.wrapUserEvents ?? true })
  const rest = new RestRouter(core)
  const control = createControl(core, hubs)
  const log = (line: string): void => {
    if (!options.quiet) console.log(`[sim] ${line}`)
  }
  core.log = log

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const hub = HubServer.hubOf(url.pathname)
    if (options.controlHttp !== false && url.pathname.startsWith('/_sim')) return handleControl(control, req, res, url.pathname, log)
    if (hub && url.pathname.toLowerCase().endsWith('/negotiate')) return hubs.negotiate(req, res, hub, url)
    if (rest.owns(url.pathname)) return rest.handle(req, res, url.pathname)
    res.writeHead(404, { 'content-length': '0' }).end()
  })
  server.on('upgrade', (req, socket: Socket, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const hub = HubServer.hubOf(url.pathname)
    if (!hub || url.pathname.toLowerCase().endsWith('/negotiate')) {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n')
      return
    }
    hubs.upgrade(req, socket, head, hub, url)
  })
  server.on('clientError', (_err, socket) => socket.destroy())

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  const base = `http://127.0.0.1:${port}`

  const interval = options.quoteIntervalMs ?? 250
  const tick = (): void => {
    for (const id of activeContracts(core, hubs)) core.publish(core.market.step(id))
  }
  let ticker: NodeJS.Timeout | null = null
  if (options.deterministic) {
    // Quotes follow virtual time only: a recurring virtual-clock task instead of a wall-clock interval.
    core.clock.setFrozen(true)
    const every = (): void => {
      tick()
      core.scheduler.after(interval, every)
    }
    if (interval > 0) core.scheduler.after(interval, every)
  } else if (interval > 0) ticker = setInterval(tick, interval)

  // Time-driven rules (the 15:10 flatten, the 17:00 unlock) also act while the virtual clock runs with the wall clock.
  const timeTimer = setInterval(() => core.onTime(), 1000)
  timeTimer.unref()

  let closed = false
  const handle: SimulatorHandle = {
    restUrl: base,
    userHubUrl: `${base}/hubs/user`,
    marketHubUrl: `${base}/hubs/market`,
    controlUrl: `${base}/_sim`,
    userName: core.config.userName,
    apiKey: core.config.apiKey,
    accountIds: core.ledger.accounts.map((a) => a.model.id),
    control,
    setLog: (l) => {
      core.log = l
    },
    close: async () => {
      if (closed) return
      closed = true
      if (ticker) clearInterval(ticker)
      core.scheduler.close()
      clearInterval(timeTimer)
      hubs.close()
      rest.close()
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
      log('stopped')
    },
  }
  log(`listening on ${base}`)
  return handle
}
