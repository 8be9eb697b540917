// Journal payloads as the mirror re-applies them. Rows journaled by earlier versions hold the gateway's
// wire shape, newer ones the portfolio's domain records: both come out as domain records, so a journal
// recorded before the change still replays. The row's own time stands in for a timestamp that does not parse.

import type { GatewayEvent } from '../ports/hub-events'
import type { AccountSnapshotInput } from '../portfolio'
import { upgradeStored } from '../gateway/wire/to-domain'
import type { StoredJournalEvent } from '../store'

export type UserEventKind = 'account' | 'order' | 'position' | 'trade'
const USER_EVENT_KINDS: ReadonlySet<string> = new Set<UserEventKind>(['account', 'order', 'position', 'trade'])

export const isUserEventKind = (kind: string): kind is UserEventKind => USER_EVENT_KINDS.has(kind)

const asObject = (value: unknown): object => (typeof value === 'object' && value !== null ? value : {})
const list = (value: unknown): object[] => (Array.isArray(value) ? value.map(asObject) : [])

/** The hub event a journal row of a user-hub kind recorded. */
export function userEventOf(kind: UserEventKind, row: StoredJournalEvent): GatewayEvent {
  const record = asObject(row.payload)
  switch (kind) {
    case 'account':
      return { kind, data: upgradeStored.account(record) }
    case 'order':
      return { kind, data: upgradeStored.order(record, row.at) }
    case 'position':
      return { kind, data: upgradeStored.position(record, row.at) }
    case 'trade':
      return { kind, data: upgradeStored.fill(record, row.at) }
  }
}

/** The REST snapshot a `snapshot` row recorded; optional parts the row leaves out stay out (not fetched). */
export function snapshotOf(row: StoredJournalEvent): AccountSnapshotInput {
  const p = asObject(row.payload) as Record<string, unknown>
  const orders = (value: unknown) => list(value).map((o) => upgradeStored.order(o, row.at))
  return {
    account: p['account'] === undefined || p['account'] === null ? null : upgradeStored.account(asObject(p['account'])),
    positions: list(p['positions']).map((x) => upgradeStored.position(x, row.at)),
    openOrders: orders(p['openOrders']),
    ...(p['resolvedOrders'] === undefined ? {} : { resolvedOrders: orders(p['resolvedOrders']) }),
    ...(Array.isArray(p['vanishedOrderIds']) ? { vanishedOrderIds: p['vanishedOrderIds'] as number[] } : {}),
    ...(p['trades'] === undefined ? {} : { trades: list(p['trades']).map((t) => upgradeStored.fill(t, row.at)) }),
  }
}
