// Turns the engine's P&L points into chart data: one point per second (the chart's time unit), the
// last value of each second winning, strictly increasing.
import type { PnlPoint } from '../../../../shared/domain/risk'

export interface ChartPoint {
  /** epoch seconds (lightweight-charts' UTCTimestamp). */
  readonly time: number
  readonly value: number
}

export function toChartPoints(points: readonly PnlPoint[]): ChartPoint[] {
  const out: ChartPoint[] = []
  for (const p of points) {
    const time = Math.floor(p.at / 1000)
    const last = out.at(-1)
    if (last !== undefined && time < last.time) continue
    if (last !== undefined && time === last.time) out[out.length - 1] = { time, value: p.net }
    else out.push({ time, value: p.net })
  }
  return out
}
