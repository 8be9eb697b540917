// Learns how orders ended that were working locally but are no longer open on the gateway:
// `Order/searchOpen` lists working orders only (and omits Suspended bracket children).

import type { CallOptions, GatewayRest } from '../../ports/gateway'
import type { Logger } from '../../ports/logger'
import type { Order } from '../../portfolio/model'
import type { PortfolioMirror } from '../../portfolio/portfolio-mirror'

/** What became of the orders the mirror held as working that `Order/searchOpen` no longer lists. */
export interface ClosedOrderResolution {
  /** Their current state as `Order/search` returns it. */
  readonly resolved: Order[]
  /** Ids the gateway returned in neither list: not working any more, final state unknown. */
  readonly vanished: number[]
}

/**
 * Looks up, with one `Order/search` from the earliest missing order's creation, every order the
 * mirror holds as working for `accountId` that `openOrders` no longer lists. No call when none is missing.
 */
export async function resolveClosedOrders(
  deps: { readonly rest: GatewayRest; readonly mirror: PortfolioMirror; readonly logger: Logger },
  accountId: number,
  openOrders: readonly Order[],
  callOptions: CallOptions,
  call: <T>(label: string, fn: () => Promise<T>) => Promise<T> = (_label, fn) => fn(),
): Promise<ClosedOrderResolution> {
  const openIds = new Set(openOrders.map((o) => o.id))
  const missing = deps.mirror.workingOrders(accountId).filter((o) => !openIds.has(o.id))
  if (missing.length === 0) return { resolved: [], vanished: [] }
  const earliest = Math.min(...missing.map((o) => o.createdAt))
  const since = new Date(earliest - 60_000).toISOString()
  const found = await call('Order/search', () => deps.rest.searchOrders(accountId, since, undefined, callOptions))
  const ids = new Set(missing.map((o) => o.id))
  const resolved = found.filter((o) => ids.has(o.id))
  const vanished = missing.filter((o) => !resolved.some((r) => r.id === o.id)).map((o) => o.id)
  if (vanished.length > 0) deps.logger.warn('working orders missing from both Order/searchOpen and Order/search', { accountId, orderIds: vanished })
  return { resolved, vanished }
}
