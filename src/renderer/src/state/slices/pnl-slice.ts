// The intraday net P&L curve per account: loaded from the engine (getPnlSeries, so it survives a
// reload) and extended by each risk push.
import type { StateCreator } from 'zustand'
import type { PnlPoint, RiskSnapshot } from '../../../../shared/domain/risk'
import type { TiltguardState } from '../store'

/** Points kept per account (one a second for a whole session is ~80k; the curve needs far fewer). */
export const PNL_POINTS_CAP = 20_000

export interface PnlSlice {
  readonly pnlSeries: Readonly<Record<number, readonly PnlPoint[]>>
  /** Replaces one account's series (from getPnlSeries), keeping pushed points newer than it. */
  setPnlSeries(accountId: number, points: readonly PnlPoint[]): void
  /** Appends each account's net from a risk push (ignores points not newer than the last). */
  appendPnlFromRisk(risk: RiskSnapshot): void
}

function append(series: readonly PnlPoint[] | undefined, point: PnlPoint): readonly PnlPoint[] | null {
  const last = series?.at(-1)
  if (last !== undefined && point.at <= last.at) return null
  if (last !== undefined && last.net === point.net && series!.length > 1 && series!.at(-2)?.net === point.net) {
    // A flat stretch: move the last point instead of growing the series.
    return [...series!.slice(0, -1), point]
  }
  return [...(series ?? []), point].slice(-PNL_POINTS_CAP)
}

export const createPnlSlice: StateCreator<TiltguardState, [], [], PnlSlice> = (set) => ({
  pnlSeries: {},
  setPnlSeries: (accountId, points) =>
    set((s) => {
      const sorted = [...points].sort((a, b) => a.at - b.at)
      const lastAt = sorted.at(-1)?.at ?? Number.NEGATIVE_INFINITY
      const newer = (s.pnlSeries[accountId] ?? []).filter((p) => p.at > lastAt)
      return { pnlSeries: { ...s.pnlSeries, [accountId]: [...sorted, ...newer].slice(-PNL_POINTS_CAP) } }
    }),
  appendPnlFromRisk: (risk) =>
    set((s) => {
      let next: Record<number, readonly PnlPoint[]> | null = null
      for (const a of risk.accounts) {
        const series = append(s.pnlSeries[a.accountId], { at: risk.at, net: a.pnl.net })
        if (series === null) continue
        next ??= { ...s.pnlSeries }
        next[a.accountId] = series
      }
      return next === null ? {} : { pnlSeries: next }
    }),
})
