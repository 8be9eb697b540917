// The CME Globex trading calendar on the virtual clock: weekly hours per product group, the daily halt,
// configured holidays and early closes. All wall times are America/Chicago and go through Temporal, so
// daylight-saving changes are the time zone database's business, never a hand-made offset.
import { Temporal } from 'temporal-polyfill'

export const EXCHANGE_TZ = 'America/Chicago'

/** Product groups with their own Globex hours. */
export type ProductGroup = 'equity' | 'energy' | 'metals'

/** Weekly hours of one group, CT: opens Sunday at `open`, halts daily at `close` and reopens at `open`; Friday ends at `close`. */
export interface SessionHours {
  open: string
  close: string
}

/** Calendar settings (SimulatorOptions.calendar). */
export interface CalendarOptions {
  /** Per-group hours; default 17:00 open, 16:00 close for every group (CME Globex). */
  hours?: Partial<Record<ProductGroup, SessionHours>>
  /** Dates (YYYY-MM-DD, CT) with no trading until the evening reopen; `groups` omitted = every group. */
  holidays?: Array<{ date: string; name?: string; groups?: ProductGroup[] }>
  /** Dates that close early at `time` (HH:MM CT) until the evening reopen. */
  earlyCloses?: Array<{ date: string; time: string; groups?: ProductGroup[] }>
}

const GLOBEX: SessionHours = { open: '17:00', close: '16:00' }
const GROUP_OF_ROOT: Record<string, ProductGroup> = { CLE: 'energy', MCLE: 'energy', GCE: 'metals', MGC: 'metals' }

/** Product root (EP, MNQ, CLE…) → group; index futures are the default. */
export function groupOf(root: string): ProductGroup {
  return GROUP_OF_ROOT[root] ?? 'equity'
}

/** 'HH:MM' → minutes after midnight; throws on anything else (options are checked at start). */
export function minutesOf(hhmm: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm)
  if (!m) throw new Error(`invalid time '${hhmm}' (HH:MM expected)`)
  return Number(m[1]) * 60 + Number(m[2])
}

function checkDate(date: string): string {
  Temporal.PlainDate.from(date, { overflow: 'reject' })
  return date
}

function zoned(ms: number): Temporal.ZonedDateTime {
  return Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(EXCHANGE_TZ)
}

/** Answers "is this contract's market open at this instant" and "which trading day is it". */
export class TradingCalendar {
  private readonly hours: Record<ProductGroup, { open: number; close: number }>
  private readonly closedFrom = new Map<string, Array<{ fromMin: number; groups?: ProductGroup[] }>>()

  constructor(options: CalendarOptions = {}) {
    const h = (g: ProductGroup) => {
      const s = options.hours?.[g] ?? GLOBEX
      return { open: minutesOf(s.open), close: minutesOf(s.close) }
    }
    this.hours = { equity: h('equity'), energy: h('energy'), metals: h('metals') }
    const add = (date: string, fromMin: number, groups?: ProductGroup[]): void => {
      const list = this.closedFrom.get(checkDate(date)) ?? []
      list.push({ fromMin, groups })
      this.closedFrom.set(date, list)
    }
    for (const d of options.holidays ?? []) add(d.date, 0, d.groups)
    for (const d of options.earlyCloses ?? []) add(d.date, minutesOf(d.time), d.groups)
  }

  /** Whether `root`'s market trades at `ms` (virtual time). */
  isOpen(ms: number, root: string): boolean {
    const group = groupOf(root)
    const { open, close } = this.hours[group]
    const z = zoned(ms)
    const min = z.hour * 60 + z.minute
    const special = this.closedFrom.get(z.toPlainDate().toString())
    // A holiday or early close lasts from its time until the usual evening reopen of that day.
    if (special?.some((s) => (!s.groups || s.groups.includes(group)) && min >= s.fromMin && min < open)) return false
    switch (z.dayOfWeek) {
      case 6:
        return false
      case 7:
        return min >= open
      case 5:
        return min < close
      default:
        return min < close || min >= open
    }
  }

  /** The trading day (YYYY-MM-DD) `ms` belongs to: sessions start at 17:00 CT the evening before. */
  static tradingDay(ms: number, boundary = '17:00'): string {
    const z = zoned(ms)
    let d = z.toPlainDate()
    if (z.hour * 60 + z.minute >= minutesOf(boundary)) d = d.add({ days: 1 })
    if (d.dayOfWeek === 6) d = d.add({ days: 2 })
    if (d.dayOfWeek === 7) d = d.add({ days: 1 })
    return d.toString()
  }

  /** Minutes after midnight CT at `ms`. */
  static minuteOfDay(ms: number): number {
    const z = zoned(ms)
    return z.hour * 60 + z.minute
  }

  /** The next instant after `ms` whose CT wall clock reads `hhmm` (the next 17:00 CT, say). */
  static nextWallTime(ms: number, hhmm: string): number {
    const min = minutesOf(hhmm)
    const time = Temporal.PlainTime.from({ hour: Math.floor(min / 60), minute: min % 60 })
    const z = zoned(ms)
    let at = z.withPlainTime(time)
    if (at.epochMilliseconds <= ms) at = z.add({ days: 1 }).withPlainTime(time)
    return at.epochMilliseconds
  }
}
