// One HubConnection of a supervisor with its event handlers: building and wiring it, and taking it
// down again without leaving handlers behind (HUB-3, SUB-4, SUB-5).

import type { RetryContext } from '@microsoft/signalr'
import type { GatewayEvent, HubName } from '../../ports/hub-events'
import type { Logger } from '../../ports/logger'
import { PX_MARKET_HUB, PX_USER_HUB } from '../../../shared/projectx/endpoints'
import type { FrameNormalizer } from './frame-normalizer'
import { redactHubLog } from './signalr-connection-factory'
import type { ConnectionFactory, HubConnectionLike } from './signalr-connection-factory'

/** A connection plus what the supervisor learned about its attempts. */
export interface ActiveConnection {
  readonly id: number
  c: HubConnectionLike
  readonly handlers: [string, (...args: unknown[]) => void][]
  authFailed: boolean
  lastUpgradeStatus: number | null
  /** The token the last (re)connect attempt sent; null until the factory reports one. */
  tokenUsed: string | null
}

/** What a new connection reports to its supervisor. */
export interface ActiveConnectionWiring {
  readonly hub: HubName
  readonly createConnection: ConnectionFactory
  readonly normalizer: FrameNormalizer
  readonly log: Logger
  /** The library's automatic-reconnect policy for this connection. */
  nextReconnectDelay(active: ActiveConnection, ctx: RetryContext): number | null
  /** Every received frame; `produce` normalizes it and may throw. */
  receive(produce: () => readonly GatewayEvent[]): void
  onReconnecting(active: ActiveConnection, err: Error | undefined): void
  onReconnected(active: ActiveConnection): void
  onClose(active: ActiveConnection, err: Error | undefined): void
}

const USER_EVENTS = [PX_USER_HUB.onAccount, PX_USER_HUB.onOrder, PX_USER_HUB.onPosition, PX_USER_HUB.onTrade]
const MARKET_EVENTS = [PX_MARKET_HUB.onQuote, PX_MARKET_HUB.onTrade, PX_MARKET_HUB.onDepth]

/** Creates a connection (not started) with all handlers registered. */
export function buildActiveConnection(id: number, w: ActiveConnectionWiring): ActiveConnection {
  const active: ActiveConnection = { id, c: null as unknown as HubConnectionLike, handlers: [], authFailed: false, lastUpgradeStatus: null, tokenUsed: null }
  active.c = w.createConnection({
    hub: w.hub,
    retryPolicy: { nextRetryDelayInMilliseconds: (ctx) => w.nextReconnectDelay(active, ctx) },
    onUpgradeRejected: (status) => {
      active.lastUpgradeStatus = status
      if (status === 401) active.authFailed = true
    },
    onTokenUsed: (token) => {
      active.tokenUsed = token
    },
  })
  // Handlers are registered once, before start(), each isolated and stamping lastMessageAt (HUB-3, SUB-5).
  const names = w.hub === 'user' ? USER_EVENTS : MARKET_EVENTS
  for (const name of names) {
    const fn =
      w.hub === 'user'
        ? (arg: unknown): void => {
            w.receive(() => w.normalizer.user(name, arg))
          }
        : (...args: unknown[]): void => {
            w.receive(() => w.normalizer.market(name, args))
          }
    active.handlers.push([name, fn as (...args: unknown[]) => void])
  }
  // Registered so the library does not warn about an unknown method; the session layer decides what to do.
  active.handlers.push([PX_USER_HUB.onLogout, (): void => {
    w.log.warn('GatewayLogout received')
    w.receive(() => [{ kind: 'logout' }])
  }])
  for (const [name, fn] of active.handlers) active.c.on(name, fn)
  active.c.onreconnecting((err) => w.onReconnecting(active, err))
  active.c.onreconnected(() => w.onReconnected(active))
  active.c.onclose((err) => w.onClose(active, err))
  return active
}

export function detachHandlers(active: ActiveConnection): void {
  // off() with the exact function references passed to on() (SUB-4).
  for (const [name, fn] of active.handlers) active.c.off(name, fn)
}

/** Detaches and stops; a failing stop is only logged, the connection is discarded either way. */
export async function stopActiveConnection(active: ActiveConnection, log: Logger): Promise<void> {
  detachHandlers(active)
  try {
    await active.c.stop()
  } catch (e) {
    log.debug('hub stop failed', { error: String(e) })
  }
}

/** Why an attempt failed, for logs and the state detail: the upgrade status if the server refused one. */
export function describeAttemptFailure(active: ActiveConnection, e: unknown): string {
  if (active.lastUpgradeStatus !== null) return `upgrade refused: ${active.lastUpgradeStatus}`
  return redactHubLog(e instanceof Error ? e.message : String(e)).slice(0, 200)
}
