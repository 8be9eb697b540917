// `npm run replay` end to end, minus process handling: opens the recorded store read-only, picks the rules
// (a file, else the newest saved version, else none: exit 2), finds the trading day's window and the
// journal rows that warm it up, folds them (journal-replay) and writes the report.
import { join } from 'node:path'
import { Temporal } from 'temporal-polyfill'
import { loadRulesFile, RulesFileError } from '../app/rules-file'
import { CONTRACT_SPECS_META_KEY, readContractSpecs } from '../enforcement/feed/contract-catalog'
import { formatConfigError, parseRulesYaml, tradingDayAt, type RiskConfig } from '../risk'
import { tradingDaySettingsFor } from '../risk/config/schema'
import { boundaryOn, type TradingDay } from '../risk/trading-day'
import { openRecordedStore, type RecordedStore, type StoredJournalEvent } from '../store'
import { replayJournal, type ReplayReport } from './journal-replay'
import { exchangeTime, formatReport } from './replay-format'
import type { ReplayOptions } from './replay-args'

export interface ReplayOutput {
  readonly out: (line: string) => void
  readonly err: (line: string) => void
}

/** 0: replayed; 1: the store or the rules could not be read; 2: no rules to replay with. */
export type ReplayExitCode = 0 | 1 | 2

export interface ReplayRun {
  readonly code: ReplayExitCode
  readonly report: ReplayReport | null
}

export function runReplay(options: ReplayOptions, io: ReplayOutput): ReplayRun {
  const storePath = join(options.dataDir, options.dbName)
  let store: RecordedStore
  try {
    store = openRecordedStore(storePath)
  } catch (error) {
    io.err(`cannot open ${storePath}: ${error instanceof Error ? error.message : String(error)}`)
    return { code: 1, report: null }
  }
  try {
    const rules = pickRules(options, store)
    if (rules.kind === 'none') {
      io.err(`no rules: pass --rules FILE, or save a configuration in Tiltguard first (${storePath} holds none)`)
      return { code: 2, report: null }
    }
    if (rules.kind === 'error') {
      io.err(rules.message)
      return { code: 1, report: null }
    }
    const day = tradingDayNamed(options.day, rules.config, options.accountId)
    const report = replayJournal({
      rows: journalRows(store, day, options.accountId),
      specs: readContractSpecs(store.meta<unknown>(CONTRACT_SPECS_META_KEY)),
      config: rules.config,
      day,
      ...(options.accountId === null ? {} : { accountId: options.accountId }),
    })
    for (const line of formatReport(report, { storePath, schemaVersion: store.schemaVersion, rulesSource: rules.source, accountId: options.accountId })) io.out(line)
    return { code: 0, report }
  } finally {
    store.close()
  }
}

type PickedRules = { kind: 'ok'; config: RiskConfig; source: string } | { kind: 'none' } | { kind: 'error'; message: string }

function pickRules(options: ReplayOptions, store: RecordedStore): PickedRules {
  if (options.rulesFile !== null) {
    try {
      return { kind: 'ok', config: loadRulesFile(options.rulesFile), source: `file ${options.rulesFile}` }
    } catch (error) {
      return { kind: 'error', message: error instanceof RulesFileError ? error.message : String(error) }
    }
  }
  const saved = store.latestRules()
  if (saved === null) return { kind: 'none' }
  const parsed = parseRulesYaml(saved.yaml)
  if (!parsed.ok) return { kind: 'error', message: `saved rules version #${saved.id} does not parse:\n${parsed.errors.map((e) => `  ${formatConfigError(e)}`).join('\n')}` }
  return { kind: 'ok', config: parsed.config, source: `saved version #${saved.id} of ${exchangeTime(saved.createdAt)} (by ${saved.createdBy})` }
}

/** The trading day whose key is `key` (the date it ends on), under the rules' reset settings. */
export function tradingDayNamed(key: string, config: RiskConfig, accountId: number | null): TradingDay {
  const settings = tradingDaySettingsFor(config, accountId ?? 0)
  const opening = boundaryOn(Temporal.PlainDate.from(key).subtract({ days: 1 }), settings)
  return tradingDayAt(opening, settings)
}

/**
 * The day's rows, preceded by a warm-up from each account's last REST snapshot before the day opened, so
 * positions and orders carried over the reset are known. Warm-up rows fold without being reported.
 */
function* journalRows(store: RecordedStore, day: TradingDay, accountId: number | null): Generator<StoredJournalEvent> {
  const accounts = accountId === null ? store.journal.accountIdsBetween(day.startsAt, day.endsAt) : [accountId]
  const firstOfDay = store.journal.firstIdAt(day.startsAt)
  if (firstOfDay === null) return
  const warmups = accounts.map((id) => store.journal.lastSnapshotBefore(id, day.startsAt)).filter((id): id is number => id !== null)
  yield* store.journal.from(Math.min(firstOfDay, ...warmups), day.endsAt)
}
