// The last 1-minute bar of a contract, the REST stand-in for a price when no live quote is fresh: the
// poller uses it while the hubs are down (POLL-4), the enforcement fallback for a stale quote.
import type { RetrieveBarsRequest } from '../../../shared/projectx/endpoints'
import type { PxBar } from '../../../shared/projectx/models'
import { AggregateBarUnit } from '../../../shared/projectx/enums'
import { parseGatewayTime } from '../wire/to-domain'

/** The last ten minutes of 1-minute bars, the partial one included. */
export function recentMinuteBars(contractId: string, live: boolean, now: number): RetrieveBarsRequest {
  return {
    contractId,
    live,
    startTime: new Date(now - 10 * 60_000).toISOString(),
    endTime: new Date(now).toISOString(),
    unit: AggregateBarUnit.Minute,
    unitNumber: 1,
    limit: 5,
    includePartialBar: true,
  }
}

/** The latest bar by its time: bars come newest first, but the order is not trusted. */
export function latestBar(bars: readonly PxBar[]): PxBar | undefined {
  return [...bars].sort((a, b) => (parseGatewayTime(b.t) ?? 0) - (parseGatewayTime(a.t) ?? 0))[0]
}
