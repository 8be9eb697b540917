// Two small policies of a monitored session: which contracts the market hub must quote (every open
// position and working order, lingering a while after), and one audit row per blind spell of a hub.
import type { Clock } from '../../ports/clock'
import type { AuditRepository } from '../../ports/repositories'
import type { HubState } from '../../../shared/domain/health'
import { WORKING_ORDER_STATUSES } from '../../../shared/projectx/enums'
import type { PortfolioReads } from './monitored-gateway'

/** How long a contract stays subscribed on the market hub after it was last held. */
const MARKET_SUBSCRIPTION_LINGER_MS = 15 * 60_000

export class MarketInterest {
  private readonly lastHeldAt = new Map<string, number>()

  constructor(
    private readonly portfolio: Pick<PortfolioReads, 'openPositions' | 'workingOrders'>,
    private readonly clock: Clock,
  ) {}

  /** Contracts we must price: every open position and every working order. */
  held(): string[] {
    const ids = new Set<string>()
    for (const p of this.portfolio.openPositions()) ids.add(p.contractId)
    for (const o of this.portfolio.workingOrders()) if (WORKING_ORDER_STATUSES.includes(o.status)) ids.add(o.contractId)
    return [...ids].sort()
  }

  /**
   * Held contracts are subscribed at once; a contract stays subscribed for a while after it was last
   * held, so a trader flipping in and out of one contract does not churn market-hub subscriptions.
   */
  wanted(): string[] {
    const now = this.clock.now()
    for (const id of this.held()) this.lastHeldAt.set(id, now)
    for (const [id, at] of this.lastHeldAt) if (now - at > MARKET_SUBSCRIPTION_LINGER_MS) this.lastHeldAt.delete(id)
    return [...this.lastHeldAt.keys()].sort()
  }
}

/** One audit row when a hub goes down and one when it is back: the trader's record of blind spells. */
export class ConnectionAuditor {
  private readonly down = new Set<'user' | 'market'>()

  constructor(
    private readonly audit: AuditRepository,
    private readonly clock: Clock,
  ) {}

  note(hub: 'user' | 'market', state: HubState): void {
    const isDown = state === 'RECONNECTING' || state === 'PERMANENTLY_DISCONNECTED' || state === 'POLLING'
    const name = hub === 'user' ? 'Account feed (user hub)' : 'Market feed (market hub)'
    if (isDown && !this.down.has(hub)) {
      this.down.add(hub)
      const stale = hub === 'user' ? '; account data is stale until reconciled' : '; prices are stale'
      this.append('warning', `${name} connection lost${stale}`)
    } else if (state === 'CONNECTED' && this.down.delete(hub)) {
      this.append('info', `${name} reconnected`)
    }
  }

  private append(severity: 'info' | 'warning', message: string): void {
    this.audit.append({ at: this.clock.now(), category: 'connection', severity, message, accountId: null, detail: null })
  }
}
