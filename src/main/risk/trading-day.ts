// Trading-day boundaries per account: {resetTime, timeZone}, default 17:00 America/Chicago (D-2).
// All zone math goes through Temporal; the key of a trading day is the date on which it ends (CME: the
// session opening Sunday 17:00 CT is Monday's).
import { Temporal } from 'temporal-polyfill'

export interface TradingDaySettings {
  /** "HH:MM" in the zone below. */
  readonly resetTime: string
  readonly timeZone: string
}

export const DEFAULT_TRADING_DAY: TradingDaySettings = { resetTime: '17:00', timeZone: 'America/Chicago' }

export interface TradingDay {
  /** YYYY-MM-DD of the date on which this trading day ends. */
  readonly key: string
  /** epoch ms of the boundary that opened it (inclusive). */
  readonly startsAt: number
  /** epoch ms of the boundary that ends it (exclusive): the next reset. */
  readonly endsAt: number
}

function parseHhMm(text: string): Temporal.PlainTime {
  const [h, m] = text.split(':')
  return Temporal.PlainTime.from({ hour: Number(h), minute: Number(m) })
}

/** The reset instant on a calendar date in the zone; a reset time skipped by DST moves later ('compatible'). */
export function boundaryOn(date: Temporal.PlainDate, settings: TradingDaySettings): number {
  return date
    .toZonedDateTime({ timeZone: settings.timeZone, plainTime: parseHhMm(settings.resetTime) })
    .toInstant().epochMilliseconds
}

export function zonedDate(at: number, timeZone: string): Temporal.PlainDate {
  return Temporal.Instant.fromEpochMilliseconds(at).toZonedDateTimeISO(timeZone).toPlainDate()
}

/** The trading day containing `at`. A boundary instant belongs to the day it opens (R: at or after → next). */
export function tradingDayAt(at: number, settings: TradingDaySettings): TradingDay {
  const date = zonedDate(at, settings.timeZone)
  const today = boundaryOn(date, settings)
  if (at >= today) {
    const end = date.add({ days: 1 })
    return { key: end.toString(), startsAt: today, endsAt: boundaryOn(end, settings) }
  }
  return { key: date.toString(), startsAt: boundaryOn(date.subtract({ days: 1 }), settings), endsAt: today }
}

/** The next reset strictly after `at` (a breach at exactly 17:00 locks until the following 17:00). */
export function nextResetAfter(at: number, settings: TradingDaySettings): number {
  return tradingDayAt(at, settings).endsAt
}

/** The ISO week ("2026-W49") of a trading-day key; Saturday and Sunday keys belong to the week they end. */
export function tradingWeekKey(dayKey: string): string {
  const date = Temporal.PlainDate.from(dayKey)
  return `${date.yearOfWeek}-W${String(date.weekOfYear).padStart(2, '0')}`
}

/** Start of the next trading week after `at`: the boundary opening the first day whose week key differs. */
export function nextWeekStartAfter(at: number, settings: TradingDaySettings): number {
  let day = tradingDayAt(at, settings)
  const week = tradingWeekKey(day.key)
  for (let i = 0; i < 10 && tradingWeekKey(day.key) === week; i++) day = tradingDayAt(day.endsAt, settings)
  return day.startsAt
}

/** Minutes since midnight and ISO weekday (1 = Monday) of `at` in a zone, for session schedules. */
export function zonedClock(at: number, timeZone: string): { readonly date: string; readonly weekday: number; readonly minute: number } {
  const z = Temporal.Instant.fromEpochMilliseconds(at).toZonedDateTimeISO(timeZone)
  return { date: z.toPlainDate().toString(), weekday: z.dayOfWeek, minute: z.hour * 60 + z.minute }
}

/** epoch ms of a wall-clock minute on a date in a zone. */
export function instantOf(date: string, minute: number, timeZone: string): number {
  return Temporal.PlainDate.from(date)
    .toZonedDateTime({ timeZone, plainTime: Temporal.PlainTime.from({ hour: Math.floor(minute / 60), minute: minute % 60 }) })
    .toInstant().epochMilliseconds
}

export function addDays(date: string, days: number): string {
  return Temporal.PlainDate.from(date).add({ days }).toString()
}

export function isValidTimeZone(zone: string): boolean {
  try {
    Temporal.Instant.fromEpochMilliseconds(0).toZonedDateTimeISO(zone)
    return true
  } catch {
    return false
  }
}
