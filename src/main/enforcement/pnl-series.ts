// The intraday net P&L curve per account, kept by the engine so a dashboard reload shows the whole day.
// A point is added when net moved by at least a cent and a second has passed (or a fill landed), which
// bounds a busy day to a few tens of thousands of points; a new trading day starts a new curve.
import type { PnlPoint } from '../../shared/domain/risk'
import { netOf, type RiskConfig, type RiskState } from '../risk'
import type { AccountState } from '../risk/state'

const MIN_SPACING_MS = 1_000
const MAX_POINTS = 30_000

interface Curve {
  day: string
  fills: number
  points: PnlPoint[]
}

export class PnlSeries {
  private readonly curves = new Map<number, Curve>()

  note(account: AccountState, state: RiskState, now: number, config: RiskConfig): void {
    let curve = this.curves.get(account.accountId)
    if (curve === undefined || curve.day !== account.tradingDay.key) {
      // After a restart the day's realized steps come back from its fills; only intraday marks are lost.
      curve = { day: account.tradingDay.key, fills: Object.keys(account.fills).length, points: realizedSteps(account, config) }
      this.curves.set(account.accountId, curve)
    }
    const net = netOf(state, account, now, config.global.pnl_basis)
    const fills = Object.keys(account.fills).length
    const last = curve.points[curve.points.length - 1]
    const moved = last === undefined || Math.abs(last.net - net) >= 0.01
    const due = last === undefined || now - last.at >= MIN_SPACING_MS || fills !== curve.fills
    curve.fills = fills
    if (!moved || !due) return
    curve.points.push({ at: now, net })
    // Thin the older half rather than drop the morning: the curve's shape survives a long day.
    if (curve.points.length > MAX_POINTS) curve.points = curve.points.filter((_, i) => i % 2 === 0 || i > MAX_POINTS / 2)
  }

  points(accountId: number): readonly PnlPoint[] {
    return this.curves.get(accountId)?.points ?? []
  }
}

/** Net realized P&L after each of the day's fills, in execution order (fees of every fill, D-3). */
function realizedSteps(account: AccountState, config: RiskConfig): PnlPoint[] {
  const fills = Object.values(account.fills).sort((a, b) => a.executedAt - b.executedAt || a.tradeId - b.tradeId)
  const points: PnlPoint[] = []
  let net = 0
  for (const fill of fills) {
    net += (fill.profitAndLoss ?? 0) - (config.global.pnl_basis === 'net' ? fill.fees + fill.commissions : 0)
    const value = Math.round(net * 100) / 100
    const last = points[points.length - 1]
    if (last !== undefined && last.at === fill.executedAt) points[points.length - 1] = { at: fill.executedAt, net: value }
    else points.push({ at: fill.executedAt, net: value })
  }
  return points
}
