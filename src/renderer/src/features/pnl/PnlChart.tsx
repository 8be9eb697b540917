// The intraday net P&L curve (lightweight-charts), with the daily loss limit and the profit target
// drawn as price lines. Time axis and crosshair in exchange time. The series comes from the engine
// (getPnlSeries, so it survives a reload) and grows with each risk push.
import { useEffect, useRef, type ReactElement } from 'react'
import { createChart, LineSeries, LineStyle, type AutoscaleInfo, type IChartApi, type IPriceLine, type ISeriesApi, type UTCTimestamp } from 'lightweight-charts'
import { tiltguardStore, useTiltguardStore } from '../../state/store'
import { exchangeTime } from '../../lib/format'
import { toChartPoints } from './chart-data'

function cssVar(name: string, fallback: string): string {
  const v = getComputedStyle(document.documentElement).getPropertyValue(name).trim()
  return v === '' ? fallback : v
}

export function PnlChart({ accountId }: { readonly accountId: number }): ReactElement {
  const box = useRef<HTMLDivElement | null>(null)
  const chart = useRef<{ api: IChartApi; series: ISeriesApi<'Line'>; lines: IPriceLine[] } | null>(null)
  const theme = useTiltguardStore((s) => s.preferences.theme)
  const limit = useTiltguardStore((s) => s.riskByAccount[accountId]?.pnl.dailyLossLimit ?? null)
  const target = useTiltguardStore((s) => s.riskByAccount[accountId]?.pnl.profitTarget ?? null)
  const count = useTiltguardStore((s) => s.pnlSeries[accountId]?.length ?? 0)
  const zone = useTiltguardStore((s) => s.riskMeta?.exchangeTimeZone ?? 'America/Chicago')

  // Create the chart once per account and theme.
  useEffect(() => {
    const el = box.current
    if (el === null) return
    const text = cssVar('--muted', '#9aa6b2')
    const api = createChart(el, {
      autoSize: true,
      // The built-in logo injects a <style> element, which our CSP refuses; the attribution the licence
      // asks for is the link under the chart instead.
      layout: { background: { color: 'transparent' }, textColor: text, attributionLogo: false },
      grid: { vertLines: { color: cssVar('--grid', '#1f252e') }, horzLines: { color: cssVar('--grid', '#1f252e') } },
      rightPriceScale: { borderVisible: false },
      timeScale: { borderVisible: false, timeVisible: true, tickMarkFormatter: (t: number) => exchangeTime(t * 1000, zone, false) },
      localization: { timeFormatter: (t: number) => exchangeTime(t * 1000, zone), priceFormatter: (p: number) => p.toFixed(2) },
    })
    const series = api.addSeries(LineSeries, { color: cssVar('--accent', '#6cb6ff'), lineWidth: 2, priceLineVisible: false })
    chart.current = { api, series, lines: [] }
    series.setData(toChartPoints(tiltguardStore.getState().pnlSeries[accountId] ?? []).map((p) => ({ time: p.time as UTCTimestamp, value: p.value })))
    api.timeScale().fitContent()
    return () => {
      chart.current = null
      api.remove()
    }
  }, [accountId, theme, zone])

  // Follow the series: a push adds one point (update), a load replaces the series (setData).
  const shown = useRef(0)
  useEffect(() => {
    const c = chart.current
    if (c === null) return
    const points = toChartPoints(tiltguardStore.getState().pnlSeries[accountId] ?? [])
    const last = points.at(-1)
    if (last !== undefined && shown.current > 0 && points.length - shown.current <= 1 && points.length >= shown.current) c.series.update({ time: last.time as UTCTimestamp, value: last.value })
    else c.series.setData(points.map((p) => ({ time: p.time as UTCTimestamp, value: p.value })))
    shown.current = points.length
  }, [accountId, count, theme, zone])

  // The limit and target as price lines.
  useEffect(() => {
    const c = chart.current
    if (c === null) return
    for (const line of c.lines) c.series.removePriceLine(line)
    c.lines = []
    if (limit !== null) c.lines.push(c.series.createPriceLine({ price: -limit, color: cssVar('--bad', '#ff5c5c'), lineWidth: 2, lineStyle: LineStyle.Dashed, axisLabelVisible: true, title: 'Loss limit' }))
    if (target !== null) c.lines.push(c.series.createPriceLine({ price: target, color: cssVar('--ok', '#3fd07a'), lineWidth: 2, lineStyle: LineStyle.Dashed, axisLabelVisible: true, title: 'Target' }))
    // Keep both lines (and zero) in view, so the distance to each is always visible.
    const marks = [0, ...(limit === null ? [] : [-limit]), ...(target === null ? [] : [target])]
    c.series.applyOptions({
      autoscaleInfoProvider: (original: () => AutoscaleInfo | null) => {
        const base = original()
        const min = Math.min(...marks, base?.priceRange?.minValue ?? 0)
        const max = Math.max(...marks, base?.priceRange?.maxValue ?? 0)
        return { priceRange: { minValue: min, maxValue: max }, margins: base?.margins }
      },
    })
  }, [limit, target, theme, accountId, zone])

  return (
    <div className="pnl-chart-wrap">
      <div ref={box} className="pnl-chart" data-testid="pnl-chart" data-points={count} role="img" aria-label="Intraday net P&L curve with the loss limit and profit target lines" />
      {count === 0 && <p className="chart-empty muted">No P&amp;L curve yet today.</p>}
      <p className="chart-credit muted">
        Chart by{' '}
        <a href="https://www.tradingview.com/" target="_blank" rel="noreferrer noopener">
          TradingView Lightweight Charts
        </a>
      </p>
    </div>
  )
}
