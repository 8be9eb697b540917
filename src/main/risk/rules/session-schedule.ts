// Trading-session schedules for RULE-009: daily windows on chosen weekdays or one weekly window
// (ES Sun 18:00 → Fri 17:00 CT), always [start, end) in the schedule's own zone (I-17), holidays closed.
import { addDays, instantOf, zonedClock } from '../trading-day'

export interface SessionSchedule {
  readonly start: string
  readonly end: string
  readonly timezone: string
  /** ISO weekdays (1 = Monday … 7 = Sunday) on which a daily window opens. */
  readonly days: readonly number[]
  /** When set, one window per week from start_day@start to end_day@end. */
  readonly start_day?: number | undefined
  readonly end_day?: number | undefined
}

function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(':')
  return Number(h) * 60 + Number(m)
}

export function holidayOn(at: number, schedule: SessionSchedule, holidays: readonly string[]): string | null {
  const { date } = zonedClock(at, schedule.timezone)
  return holidays.includes(date) ? date : null
}

export function isInSession(at: number, s: SessionSchedule): boolean {
  const { weekday, minute } = zonedClock(at, s.timezone)
  const start = minutes(s.start)
  const end = minutes(s.end)
  if (s.start_day !== undefined && s.end_day !== undefined) {
    const pos = (weekday % 7) * 1440 + minute
    const from = (s.start_day % 7) * 1440 + start
    const to = (s.end_day % 7) * 1440 + end
    return from <= to ? pos >= from && pos < to : pos >= from || pos < to
  }
  if (start < end) return s.days.includes(weekday) && minute >= start && minute < end
  const yesterday = weekday === 1 ? 7 : weekday - 1
  return (s.days.includes(weekday) && minute >= start) || (s.days.includes(yesterday) && minute < end)
}

/** First instant after `at` at which the session is open and the date is no holiday (scans 21 days). */
export function nextSessionStart(at: number, s: SessionSchedule, holidays: readonly string[]): number | null {
  const today = zonedClock(at, s.timezone).date
  for (let d = 0; d <= 21; d++) {
    const candidate = instantOf(addDays(today, d), minutes(s.start), s.timezone)
    if (candidate <= at) continue
    if (isInSession(candidate, s) && holidayOn(candidate, s, holidays) === null) return candidate
  }
  return null
}

/** The next instant after `at` at which an open session ends. */
export function nextSessionEnd(at: number, s: SessionSchedule): number | null {
  const today = zonedClock(at, s.timezone).date
  for (let d = 0; d <= 8; d++) {
    const candidate = instantOf(addDays(today, d), minutes(s.end), s.timezone)
    if (candidate > at && isInSession(candidate - 60_000, s)) return candidate
  }
  return null
}
