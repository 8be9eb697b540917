// Latency percentiles through hdr-histogram-js: samples in milliseconds, recorded as whole microseconds.

import { build, type Histogram } from 'hdr-histogram-js'

/** p50/p99/max of one set of samples, in milliseconds. */
export interface LatencySummary {
  readonly n: number
  readonly p50Ms: number
  readonly p99Ms: number
  readonly maxMs: number
  readonly meanMs: number
}

/** An HDR histogram at 3 significant digits, 1 µs to 60 s; values outside are clamped to the range. */
export class LatencyHistogram {
  private readonly histogram: Histogram = build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3, autoResize: false })

  /** Records one sample given in milliseconds (sub-ms fractions kept to the microsecond). */
  record(ms: number): void {
    if (!Number.isFinite(ms)) return
    this.histogram.recordValue(Math.min(60_000_000, Math.max(1, Math.round(ms * 1000))))
  }

  get count(): number {
    return this.histogram.totalCount
  }

  summary(): LatencySummary {
    const h = this.histogram
    if (h.totalCount === 0) return { n: 0, p50Ms: Number.NaN, p99Ms: Number.NaN, maxMs: Number.NaN, meanMs: Number.NaN }
    return { n: h.totalCount, p50Ms: h.getValueAtPercentile(50) / 1000, p99Ms: h.getValueAtPercentile(99) / 1000, maxMs: h.maxValue / 1000, meanMs: h.mean / 1000 }
  }
}

/** A summary of plain samples (ms). */
export function summarizeLatency(samples: readonly number[]): LatencySummary {
  const h = new LatencyHistogram()
  for (const s of samples) h.record(s)
  return h.summary()
}
