// The replay report as text: verdicts in exchange time (America/Chicago, through Intl) and the day's P&L
// figures per account. Formatting only; the numbers come from journal-replay.
import { REPEAT_WINDOW_MS, type AccountDayFigures, type ReplayReport, type ReplayVerdict } from './journal-replay'

export const EXCHANGE_TIME_ZONE = 'America/Chicago'

const exchangeParts = new Intl.DateTimeFormat('en-US', {
  timeZone: EXCHANGE_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  fractionalSecondDigits: 3,
  hourCycle: 'h23',
  timeZoneName: 'short',
})

/** "2026-12-02 08:31:02.123 CST": the exchange's wall clock. */
export function exchangeTime(at: number): string {
  const part = (type: Intl.DateTimeFormatPartTypes): string => exchangeParts.formatToParts(at).find((p) => p.type === type)?.value ?? ''
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}:${part('second')}.${part('fractionalSecond')} ${part('timeZoneName')}`
}

export const usd = (value: number): string => `${value < 0 ? '-' : ''}$${Math.abs(value).toFixed(2)}`

export interface ReportHeader {
  readonly storePath: string
  readonly schemaVersion: number
  /** e.g. "file rules.yaml" or "saved version #3 of 2026-12-01 16:02:11.000 CST". */
  readonly rulesSource: string
  readonly accountId: number | null
}

export function formatReport(report: ReplayReport, header: ReportHeader): string[] {
  const { day } = report
  const lines = [
    `Replay of trading day ${day.key}: ${exchangeTime(day.startsAt)} to ${exchangeTime(day.endsAt)}`,
    `Store:   ${header.storePath} (read-only, schema v${header.schemaVersion})`,
    `Rules:   ${header.rulesSource}`,
    `Journal: ${report.eventsFolded} event(s) folded${header.accountId === null ? '' : ` for account ${header.accountId}`}, ${report.ticks} clock tick(s)`,
    '',
    `Verdicts (${report.verdicts.filter((v) => v.kind === 'breach').length} breach(es), ${report.verdicts.filter((v) => v.kind === 'plan').length} plan(s)):`,
  ]
  if (report.verdicts.length === 0) lines.push('  none: no rule breached and nothing would have been done')
  for (const verdict of report.verdicts) lines.push(...formatVerdict(verdict))
  if (report.repeatsCollapsed > 0) lines.push(`  (${report.repeatsCollapsed} repeat(s) of an action listed less than ${REPEAT_WINDOW_MS / 1000} s before left out)`)
  lines.push('', 'P&L by account:')
  if (report.accounts.length === 0) lines.push('  no account traded or reported that day')
  for (const account of report.accounts) lines.push(...formatFigures(account))
  if (report.warnings.length > 0) lines.push('', 'Warnings:', ...report.warnings.map((w) => `  ${w}`))
  return lines
}

function formatVerdict(verdict: ReplayVerdict): string[] {
  const head = `  ${exchangeTime(verdict.at)}  account ${verdict.accountId}`
  if (verdict.kind === 'breach') return [`${head}  BREACH ${verdict.ruleId}: ${verdict.message}`]
  return [
    `${head}  PLAN after ${verdict.trigger}:`,
    ...verdict.actions.map((a) => `      ${a.action}${a.target === null ? '' : ` ${a.target}`}  [${a.ruleId}] ${a.reason}`),
  ]
}

function formatFigures(f: AccountDayFigures): string[] {
  const open = f.openPositions > 0 ? ` (${f.openPositions} position(s) open at close: unrealized P&L not included, the journal holds no quotes)` : ''
  return [
    `  account ${f.accountId}: ${f.fills} fill(s)`,
    `    realized ${usd(f.realizedGross)} gross, fees ${usd(f.fees)}, realized net ${usd(f.realizedNet)}`,
    `    net at close ${usd(f.netAtClose)}${open}`,
    `    day high water ${usd(f.dayHighWater)}, day low water ${usd(f.dayLowWater)}, max drawdown ${usd(f.maxDrawdown)}`,
  ]
}
