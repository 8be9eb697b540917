// Synthetic history for History/retrieveBars: deterministic per (seed, contract, bar start), newest first.
import type { PxBar } from '../shared/projectx'
import { roundToTick, type SimContract } from './contracts'
import { Prng, hash32 } from './util/prng'
import { dotNetTimestamp } from './util/time'

const UNIT_MS: Record<number, number> = {
  1: 1_000,
  2: 60_000,
  3: 3_600_000,
  4: 86_400_000,
  5: 7 * 86_400_000,
  6: 30 * 86_400_000,
  7: 1_000, // tick bars: approximated as one print per second
}

export const MAX_BARS = 20_000

/** Bar request after validation. */
export interface BarQuery {
  startMs: number
  endMs: number
  nowMs: number
  unit: number
  unitNumber: number
  limit: number
  includePartialBar: boolean
  /**
   * The market's current last price. The synthetic history is shifted so its newest bar ends there, as a
   * real feed's bars end at the last trade (a poller or a fallback pricing positions from bars must see
   * the price the quotes show, not a wave around the start price).
   */
  lastPrice?: number
}

export function unitValid(unit: number): boolean {
  return UNIT_MS[unit] !== undefined
}

/**
 * Bars aligned to multiples of the bar length, inside [start, end) and not after now; the in-progress
 * bar only with includePartialBar. Only the latest `limit` are generated, so huge windows stay cheap.
 */
export function generateBars(seed: number, c: SimContract, q: BarQuery): PxBar[] {
  const len = (UNIT_MS[q.unit] as number) * q.unitNumber
  const end = Math.min(q.endMs, q.nowMs)
  const firstIdx = Math.ceil(q.startMs / len)
  let lastIdx = Math.floor(end / len) // bar starting here is in progress if its end > now
  if ((lastIdx + 1) * len > q.nowMs && !q.includePartialBar) lastIdx -= 1
  if (lastIdx * len >= q.endMs) lastIdx -= 1
  const bars: PxBar[] = []
  const tick = c.product.tickSize
  const base = c.product.startPrice
  const salt = hash32(`${seed}|${c.model.id}|${len}`)
  // A slow deterministic wave plus noise keeps neighbouring bars plausible without a running state.
  const wave = (i: number): number => base * (1 + 0.01 * Math.sin(i / 40) + 0.004 * Math.sin(i / 7))
  const nowIdx = Math.floor(q.nowMs / len)
  const shift = q.lastPrice === undefined ? 0 : q.lastPrice - wave(nowIdx)
  for (let i = lastIdx; i >= firstIdx && bars.length < q.limit; i--) {
    const rng = new Prng(salt ^ hash32(String(i)))
    const mid = wave(i) + shift
    const o = roundToTick(mid + rng.int(-4, 4) * tick, tick)
    // The bar in progress closes at the last price itself.
    const cl = i === nowIdx && q.lastPrice !== undefined ? q.lastPrice : roundToTick(mid + rng.int(-4, 4) * tick, tick)
    const h = roundToTick(Math.max(o, cl) + rng.int(0, 3) * tick, tick)
    const l = roundToTick(Math.min(o, cl) - rng.int(0, 3) * tick, tick)
    bars.push({ t: dotNetTimestamp(i * len).replace('.0000000', ''), o, h, l, c: cl, v: rng.int(1, 500) })
  }
  return bars
}
