// The two P&L gauges, as the engine's figures put them: how much of the daily loss limit today's
// net has used, and how far it is towards the profit target. Display only: the engine decides.
import type { PnlView } from '../../../../shared/domain/risk'

export type GaugeTone = 'ok' | 'warn' | 'bad'

export interface Gauge {
  /** 0–100 for the bar; the text may say more (e.g. 104 %). */
  readonly percent: number
  readonly tone: GaugeTone
}

/** Headroom colours (UI-2): green below 70 %, amber 70–90 %, red above 90 % or breached. */
export function headroomTone(percentUsed: number, breached = false): GaugeTone {
  if (breached || percentUsed > 90) return 'bad'
  if (percentUsed >= 70) return 'warn'
  return 'ok'
}

/** Share of the daily loss limit used by today's net loss (0 when in profit). */
export function lossGauge(pnl: PnlView): Gauge | null {
  if (pnl.dailyLossLimit === null || pnl.dailyLossLimit <= 0) return null
  const percent = Math.max(0, (-pnl.net / pnl.dailyLossLimit) * 100)
  return { percent, tone: headroomTone(percent) }
}

/** Progress towards the profit target (0 when at a loss); reaching it is good news. */
export function targetGauge(pnl: PnlView): Gauge | null {
  if (pnl.profitTarget === null || pnl.profitTarget <= 0) return null
  return { percent: Math.max(0, (pnl.net / pnl.profitTarget) * 100), tone: 'ok' }
}
