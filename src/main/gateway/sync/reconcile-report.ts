// Pure helpers over reconcile diffs: which differences a late hub frame explains (drift check,
// HEALTH-3) and which gap events the trader must be told about (RECON-9).

import type { GatewayEvent } from '../../ports/hub-events'
import { OrderStatus } from '../../../shared/projectx/enums'
import type { AccountDiff } from '../../portfolio/mirror-types'

/** A trader-facing notice; severity maps to modal (critical), toast (warning) or badge (info). */
export interface ReconcileNotice {
  readonly severity: 'info' | 'warning' | 'critical'
  readonly title: string
  readonly body: string
  readonly accountId: number | null
}

/** Entity keys touched by hub frames (`a:`, `o:`, `p:`, `t:` prefixes). */
export function eventKeys(events: readonly GatewayEvent[]): Set<string> {
  const keys = new Set<string>()
  for (const e of events) {
    if (e.kind === 'account') keys.add(`a:${e.data.id}`)
    else if (e.kind === 'order') keys.add(`o:${e.data.id}`)
    else if (e.kind === 'position') keys.add(`p:${e.data.accountId}:${e.data.contractId}`)
    else if (e.kind === 'trade') keys.add(`t:${e.data.id}`)
  }
  return keys
}

/**
 * Differences between REST and the mirror that no frame received during the fetch explains. A frame that
 * arrived while REST was being read shows the hub was merely a little behind, not broken.
 */
export function driftKeys(diffs: readonly AccountDiff[], explained: ReadonlySet<string>): string[] {
  const keys: string[] = []
  const add = (key: string): void => {
    if (!explained.has(key)) keys.push(key)
  }
  for (const d of diffs) {
    if (d.account !== null) add(`a:${d.accountId}`)
    for (const p of [...d.positions.added, ...d.positions.removed]) add(`p:${p.accountId}:${p.contractId}`)
    for (const m of d.positions.modified) add(`p:${m.after.accountId}:${m.after.contractId}`)
    for (const o of [...d.orders.added, ...d.orders.removed]) add(`o:${o.id}`)
    for (const m of d.orders.modified) add(`o:${m.after.id}`)
    for (const t of d.newTrades) add(`t:${t.id}`)
  }
  return keys
}

/** RECON-9: positions closed and orders filled during the gap, and P&L moves above the threshold. */
export function noticesFor(diffs: readonly AccountDiff[], pnlThresholdUsd: number): ReconcileNotice[] {
  const out: ReconcileNotice[] = []
  for (const d of diffs) {
    for (const p of d.positions.removed) {
      out.push({ severity: 'critical', title: 'Position closed while disconnected', body: `${p.contractId}: ${p.size} contract(s) closed during the connection gap.`, accountId: d.accountId })
    }
    for (const p of d.positions.added) {
      out.push({ severity: 'warning', title: 'Position opened while disconnected', body: `${p.contractId}: ${p.size} contract(s) opened during the connection gap.`, accountId: d.accountId })
    }
    for (const m of d.positions.modified) {
      if (m.before.size !== m.after.size) {
        out.push({ severity: 'warning', title: 'Position changed while disconnected', body: `${m.after.contractId}: size ${m.before.size} → ${m.after.size}.`, accountId: d.accountId })
      }
    }
    const filled = [...d.orders.removed, ...d.orders.added, ...d.orders.modified.map((m) => m.after)].filter((o) => o.status === OrderStatus.Filled)
    for (const o of filled) {
      out.push({ severity: 'critical', title: 'Order filled while disconnected', body: `Order ${o.id} on ${o.contractId} filled ${o.fillVolume ?? o.size} contract(s).`, accountId: d.accountId })
    }
    const balanceDelta = d.account?.before ? d.account.after.balance - d.account.before.balance : 0
    const pnl = Math.abs(d.missedPnlUsd) >= Math.abs(balanceDelta) ? d.missedPnlUsd : balanceDelta
    if (Math.abs(pnl) > pnlThresholdUsd) {
      out.push({ severity: 'warning', title: 'P&L changed while disconnected', body: `Realized P&L moved by ${pnl.toFixed(2)} USD during the connection gap.`, accountId: d.accountId })
    }
  }
  return out
}
