// Number, time and duration formatting: one place, so every panel spells money, prices, exchange
// time and countdowns the same way.

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 })

/** "$1,234.50" / "−$87.50" (a real minus sign, so the column stays aligned). */
export function money(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–'
  const text = usd.format(Math.abs(value))
  return value < 0 ? `−${text}` : text
}

/** "+$32.50" / "−$87.50" / "$0.00": for P&L, where the sign matters as much as the colour. */
export function signedMoney(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–'
  return value > 0 ? `+${money(value)}` : money(value)
}

/** A price with the digits it was given (futures ticks), or a dash. */
export function price(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–'
  return value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 6 })
}

/** "ok" / "bad" / "idle": the tone of a P&L figure (always shown with its sign too). */
export function pnlTone(value: number | null | undefined): 'ok' | 'bad' | 'idle' {
  if (value === null || value === undefined || value === 0) return 'idle'
  return value > 0 ? 'ok' : 'bad'
}

const timeFormats = new Map<string, Intl.DateTimeFormat>()
function timeFormat(timeZone: string, seconds: boolean): Intl.DateTimeFormat {
  const key = `${timeZone}|${seconds}`
  let f = timeFormats.get(key)
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hour: '2-digit', minute: '2-digit', second: seconds ? '2-digit' : undefined, hourCycle: 'h23' })
    timeFormats.set(key, f)
  }
  return f
}

/** "14:05:09" in the exchange's zone (America/Chicago by default). */
export function exchangeTime(epochMs: number, timeZone = 'America/Chicago', seconds = true): string {
  return timeFormat(timeZone, seconds).format(epochMs)
}

/** The zone's short name at that moment, e.g. "CDT" / "CST". */
export function zoneAbbreviation(epochMs: number, timeZone = 'America/Chicago'): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'short' }).formatToParts(epochMs)
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? timeZone
}

/** "2h 05m 09s", "4m 03s", "12s"; zero or less is "0s". */
export function countdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000))
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  const pad = (n: number) => String(n).padStart(2, '0')
  if (h > 0) return `${h}h ${pad(m)}m ${pad(s)}s`
  if (m > 0) return `${m}m ${pad(s)}s`
  return `${s}s`
}

/** "45s", "3m", "2h 10m": how old something is. */
export function age(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000))
  if (s < 60) return `${s}s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m}m`
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`
}

/** A rule figure in its unit. */
export function ruleValue(value: number | null, unit: 'usd' | 'contracts' | 'trades' | 'seconds' | 'ticks' | 'none'): string {
  if (value === null) return '–'
  switch (unit) {
    case 'usd':
      return money(value)
    case 'contracts':
      return `${value} ct`
    case 'trades':
      return `${value} trades`
    case 'seconds':
      return countdown(value * 1000)
    case 'ticks':
      return `${value} ticks`
    case 'none':
      return String(value)
  }
}
