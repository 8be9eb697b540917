// Which fields REST replies carry. 'full' (default) follows the 2026 swagger; 'documented' sends only the fields
// the public docs' examples show, because strict clients (project-x-py's models) fail on the others, and whether
// the live REST replies carry them is unverified (the hub frames leave nulls out).
import type { PxOrder, PxPosition, PxTrade } from '../../shared/projectx'
import type { SimOrder } from '../ledger'
import { withNulls } from '../util/json'

/** The REST field switch (SimulatorOptions.restFields). */
export type RestFieldMode = 'full' | 'documented'

/** Fields only the 2026 swagger lists; 'documented' mode leaves them out of REST replies. */
export const UNDOCUMENTED_REST_FIELDS = {
  order: ['trailPrice', 'trailDistance', 'parentOrderId', 'linkedOrderId'],
  trade: ['commissions'],
  position: ['contractDisplayName'],
} as const

const ORDER_NULLABLE = ['updateTimestamp', 'limitPrice', 'stopPrice', 'filledPrice', 'customTag', 'trailPrice', 'trailDistance', 'parentOrderId', 'linkedOrderId']

function without<T extends object>(value: T, keys: readonly string[]): T {
  const out = { ...value } as Record<string, unknown>
  for (const k of keys) delete out[k]
  return out as T
}

/** REST order model: every nullable field present (null), like the swagger samples; minus the undocumented ones. */
export function restOrder(o: SimOrder, mode: RestFieldMode = 'full'): PxOrder {
  const full = withNulls({ ...o.model }, ORDER_NULLABLE)
  return mode === 'full' ? full : without(full, UNDOCUMENTED_REST_FIELDS.order)
}

export function restTrade(t: PxTrade, mode: RestFieldMode = 'full'): PxTrade {
  const full = withNulls({ ...t }, ['profitAndLoss'])
  return mode === 'full' ? full : without(full, UNDOCUMENTED_REST_FIELDS.trade)
}

export function restPosition(p: PxPosition, mode: RestFieldMode = 'full'): PxPosition {
  return mode === 'full' ? { ...p } : without(p, UNDOCUMENTED_REST_FIELDS.position)
}
