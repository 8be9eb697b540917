// Learns how orders ended that were working locally but are no longer open on the gateway:
// `Order/searchOpen` lists working orders only (and omits Suspended bracket children).

import type { CallOptions, GatewayRest } from '../../ports/gateway'
import type { Logger } from '../../ports/logger'
import type { PxOrder } from '../../../shared/projectx/models'
import type { PortfolioMirror } from './portfolio-mirror'
import { parseGatewayTime } from './sync-util'

/**
 * Looks up, with one `Order/search` from the earliest missing order's creation, every order the
 * mirror holds as working for `accountId` that `openOrders` no longer lists. No call when none is missing.
 */
export async function resolveClosedOrders(
  deps: { readonly rest: GatewayRest; readonly mirror: PortfolioMirror; readonly logger: Logger; readonly now: number },
  accountId: number,
  openOrders: readonly PxOrder[],
  callOptions: CallOptions,
  call: <T>(label: string, fn: () => Promise<T>) => Promise<T> = (_label, fn) => fn(),
): Promise<PxOrder[]> {
  const openIds = new Set(openOrders.map((o) => o.id))
  const missing = deps.mirror.workingOrders(accountId).filter((o) => !openIds.has(o.id))
  if (missing.length === 0) return []
  const earliest = Math.min(...missing.map((o) => parseGatewayTime(o.creationTimestamp) ?? deps.now))
  const since = new Date(earliest - 60_000).toISOString()
  const found = await call('Order/search', () => deps.rest.searchOrders(accountId, since, undefined, callOptions))
  const ids = new Set(missing.map((o) => o.id))
  const resolved = found.filter((o) => ids.has(o.id))
  if (resolved.length < missing.length) {
    deps.logger.warn('working orders missing from both Order/searchOpen and Order/search', {
      accountId,
      orderIds: missing.filter((o) => !resolved.some((r) => r.id === o.id)).map((o) => o.id),
    })
  }
  return resolved
}
