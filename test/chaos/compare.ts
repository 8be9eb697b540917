// Field-by-field comparison of the engine's local portfolio with the simulator's truth (chaos tests and bench/hub-outage).

import Database from 'better-sqlite3'
import { join } from 'node:path'
import type { PortfolioSnapshot } from '../../src/shared/domain/portfolio'
import type { Fill } from '../../src/main/portfolio/model'
import { parseGatewayTime } from '../../src/main/gateway/wire/to-domain'
import { WORKING_ORDER_STATUSES } from '../../src/shared/projectx/enums'
import type { SimControl } from '../../src/sim'

/** The fills the engine persisted for the simulator session (non-voided), read from its SQLite file. */
export function localTrades(dataDir: string): Fill[] {
  const db = new Database(join(dataDir, 'simulator.db'), { readonly: true, fileMustExist: true })
  try {
    const rows = db.prepare('SELECT payload FROM trades ORDER BY id').all() as { payload: string }[]
    return rows.map((r) => JSON.parse(r.payload) as Fill)
  } finally {
    db.close()
  }
}

const key = (accountId: number, contractId: string): string => `${accountId}/${contractId}`

function diffFields(label: string, local: Record<string, unknown>, remote: Record<string, unknown>, out: string[]): void {
  for (const field of Object.keys(remote)) {
    if (JSON.stringify(local[field]) !== JSON.stringify(remote[field])) {
      out.push(`${label} ${field}: local ${JSON.stringify(local[field])} sim ${JSON.stringify(remote[field])}`)
    }
  }
}

/**
 * Every difference between local and simulator: open positions, working orders, the status of every order
 * the engine knows, account balances, and (when given) the persisted fills, each field by field.
 * An empty list means local == simulator.
 */
export function comparePortfolio(local: PortfolioSnapshot, sim: SimControl, trades?: readonly Fill[]): string[] {
  const out: string[] = []
  // Positions.
  const simPositions = new Map(sim.positions().map((p) => [key(p.accountId, p.contractId), p]))
  const localPositions = new Map(local.positions.map((p) => [key(p.accountId, p.contractId), p]))
  for (const [k, p] of simPositions) {
    const mine = localPositions.get(k)
    if (mine === undefined) {
      out.push(`position ${k} missing locally (sim ${p.type === 2 ? 'short' : 'long'} ${p.size})`)
      continue
    }
    diffFields(`position ${k}`, mine as unknown as Record<string, unknown>, {
      accountId: p.accountId,
      contractId: p.contractId,
      side: p.type === 2 ? 'short' : 'long',
      size: p.size,
      averagePrice: p.averagePrice,
      // The view gives ISO milliseconds; the gateway writes .NET's seven fractional digits.
      openedAt: new Date(parseGatewayTime(p.creationTimestamp) ?? Number.NaN).toISOString(),
    }, out)
  }
  for (const k of localPositions.keys()) if (!simPositions.has(k)) out.push(`position ${k} open locally but flat on the simulator`)

  // Orders: every working one field by field, and the status of every order known locally.
  const simOrders = new Map(sim.orders().map((o) => [o.id, o]))
  const simWorking = [...simOrders.values()].filter((o) => WORKING_ORDER_STATUSES.includes(o.status))
  const localOrders = new Map(local.orders.map((o) => [o.id, o]))
  for (const o of simWorking) {
    const mine = localOrders.get(o.id)
    if (mine === undefined) {
      out.push(`working order ${o.id} missing locally`)
      continue
    }
    diffFields(`order ${o.id}`, mine as unknown as Record<string, unknown>, {
      accountId: o.accountId,
      contractId: o.contractId,
      status: o.status,
      type: o.type,
      side: o.side,
      size: o.size,
      fillVolume: o.fillVolume ?? 0,
      limitPrice: o.limitPrice ?? null,
      stopPrice: o.stopPrice ?? null,
      customTag: o.customTag ?? null,
    }, out)
  }
  for (const mine of local.orders) {
    const theirs = simOrders.get(mine.id)
    if (theirs === undefined) out.push(`order ${mine.id} unknown to the simulator`)
    else if (theirs.status !== mine.status && WORKING_ORDER_STATUSES.includes(mine.status)) {
      out.push(`order ${mine.id} working locally (status ${mine.status}) but ${theirs.status} on the simulator`)
    }
  }

  // Accounts.
  const simAccounts = new Map(sim.accounts().map((a) => [a.id, a]))
  for (const a of local.accounts) {
    const theirs = simAccounts.get(a.id)
    if (theirs === undefined) out.push(`account ${a.id} unknown to the simulator`)
    else diffFields(`account ${a.id}`, a as unknown as Record<string, unknown>, { balance: theirs.balance, canTrade: theirs.canTrade }, out)
  }

  // Fills: same ids, each once, same fields.
  if (trades !== undefined) {
    const simTrades = sim.trades()
    const seen = new Map<number, number>()
    for (const t of trades) seen.set(t.id, (seen.get(t.id) ?? 0) + 1)
    for (const [id, n] of seen) if (n > 1) out.push(`fill ${id} stored ${n} times`)
    const mine = new Map(trades.map((t) => [t.id, t]))
    for (const t of simTrades) {
      const m = mine.get(t.id)
      if (m === undefined) out.push(`fill ${t.id} (account ${t.accountId}, order ${t.orderId}) missing locally`)
      else
        diffFields(`fill ${t.id}`, { ...m, profitAndLoss: m.profitAndLoss ?? null } as unknown as Record<string, unknown>, {
          accountId: t.accountId,
          contractId: t.contractId,
          orderId: t.orderId,
          price: t.price,
          side: t.side,
          size: t.size,
          voided: t.voided,
          profitAndLoss: t.profitAndLoss ?? null,
        }, out)
    }
    const simIds = new Set(simTrades.map((t) => t.id))
    for (const t of trades) if (!simIds.has(t.id)) out.push(`fill ${t.id} unknown to the simulator`)
  }
  return out
}
