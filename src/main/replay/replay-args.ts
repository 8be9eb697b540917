// Command-line arguments of `npm run replay`: parsed and checked here, so the script stays a thin shell
// and a bad argument is refused with one clear line and the usage text.
import { parseArgs } from 'node:util'
import { Temporal } from 'temporal-polyfill'

export const REPLAY_USAGE = `usage: npm run replay -- --data-dir DIR --day YYYY-MM-DD [--rules FILE] [--account ID] [--db NAME]

Folds a recorded trading day's event journal through the risk core and prints every breach and plan it
would have made (exchange time, America/Chicago) and the day's P&L figures per account. Read-only.

  --data-dir DIR    the engine's data directory (holds tiltguard.db)
  --day YYYY-MM-DD  the trading day, named by the date it ends on (the session opening Sunday 17:00 CT is Monday's)
  --rules FILE      rules to replay with (YAML or JSON); default: the newest version saved in the store
  --account ID      only this account
  --db NAME         database file in DIR (default tiltguard.db; simulator.db for the built-in simulator)
  --help            this text`

export interface ReplayOptions {
  readonly dataDir: string
  readonly day: string
  readonly rulesFile: string | null
  readonly accountId: number | null
  readonly dbName: string
}

export type ParsedReplayArgs = { readonly ok: true; readonly options: ReplayOptions } | { readonly ok: false; readonly help: boolean; readonly message: string }

const fail = (message: string): ParsedReplayArgs => ({ ok: false, help: false, message })

export function parseReplayArgs(argv: readonly string[]): ParsedReplayArgs {
  let values: Record<string, string | boolean | undefined>
  try {
    values = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        'data-dir': { type: 'string' },
        day: { type: 'string' },
        rules: { type: 'string' },
        account: { type: 'string' },
        db: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error))
  }
  if (values.help === true) return { ok: false, help: true, message: '' }
  const dataDir = values['data-dir']
  const day = values.day
  if (typeof dataDir !== 'string' || dataDir === '') return fail('--data-dir DIR is required')
  if (typeof day !== 'string' || day === '') return fail('--day YYYY-MM-DD is required')
  if (!isIsoDate(day)) return fail(`--day "${day}" is not a date of the form YYYY-MM-DD`)
  const account = values.account
  let accountId: number | null = null
  if (typeof account === 'string') {
    if (!/^[1-9]\d{0,14}$/.test(account)) return fail(`--account "${account}" is not an account id (a positive whole number)`)
    accountId = Number(account)
  }
  const dbName = typeof values.db === 'string' ? values.db : 'tiltguard.db'
  if (!/^[\w.-]+\.db$/.test(dbName) || dbName.startsWith('.')) return fail(`--db "${dbName}" must be a file name in the data directory ending in .db`)
  const rules = values.rules
  if (rules === '') return fail('--rules needs a file')
  return { ok: true, options: { dataDir, day, rulesFile: typeof rules === 'string' ? rules : null, accountId, dbName } }
}

function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false
  try {
    return Temporal.PlainDate.from(text, { overflow: 'reject' }).toString() === text
  } catch {
    return false
  }
}
