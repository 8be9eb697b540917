// `npm run sim`: a standalone simulator on 127.0.0.1; the first stdout line is a JSON object of its URLs.
import { DEFAULT_ACCOUNTS } from './simulator'
import { startSimulator, type SimulatorAnnouncement, type SimulatorOptions } from './index'

const HELP = `npm run sim -- [flags]   ProjectX gateway simulator on 127.0.0.1 (first stdout line: JSON of its URLs)

  --port N                 listen port (default 0 = ephemeral)
  --seed N                 PRNG seed (default 1)
  --token-ttl-ms N         token lifetime (default 86400000)
  --quote-interval-ms N    random-walk period per active contract (default 250; 0 = no automatic quotes)
  --ping-interval-ms N     hub keep-alive pings (default 15000)
  --bare                   user-hub payloads without the {action,data} wrapper (default wrapped)
  --documented-fields      REST replies carry only the fields of the public docs' examples
                           (default: full 2026 swagger models; see README, simulator section)
  --calendar               CME Globex hours on the virtual clock (default off: always open)
  --holiday YYYY-MM-DD     a closed day (repeatable; implies --calendar)
  --early-close YYYY-MM-DDTHH:MM   close early that day at HH:MM CT (repeatable; implies --calendar)
  --platform-rules ACCOUNT[:LIMIT]  prop-firm backstops for account index ACCOUNT (0-based): flatten at
                           15:10 CT, and with LIMIT a daily loss limit in dollars (repeatable; default off)
  --quiet                  no activity log
  --help                   this text

Control: POST <controlUrl>/<operation> with content-type application/json (loopback peers, Host and Origin only).`

function parseArgs(argv: string[]): SimulatorOptions & { help?: boolean } {
  const opts: SimulatorOptions & { help?: boolean } = {}
  const holidays: string[] = []
  const earlyCloses: Array<{ date: string; time: string }> = []
  const rules = new Map<number, number | null>()
  let calendar = false
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]
    const text = (): string => {
      const v = argv[++i]
      if (v === undefined) throw new Error(`${flag} needs a value`)
      return v
    }
    const value = (): number => {
      const v = Number(argv[++i])
      if (!Number.isFinite(v)) throw new Error(`${flag} needs a number`)
      return v
    }
    if (flag === '--port') opts.port = value()
    else if (flag === '--seed') opts.seed = value()
    else if (flag === '--token-ttl-ms') opts.tokenTtlMs = value()
    else if (flag === '--quote-interval-ms') opts.quoteIntervalMs = value()
    else if (flag === '--ping-interval-ms') opts.pingIntervalMs = value()
    else if (flag === '--bare') opts.wrapUserEvents = false
    else if (flag === '--documented-fields') opts.restFields = 'documented'
    else if (flag === '--calendar') calendar = true
    else if (flag === '--holiday') holidays.push(text())
    else if (flag === '--early-close') {
      const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/.exec(text())
      if (!m) throw new Error('--early-close needs YYYY-MM-DDTHH:MM')
      earlyCloses.push({ date: m[1] as string, time: m[2] as string })
    } else if (flag === '--platform-rules') {
      const [index, limit] = text().split(':')
      const n = Number(index)
      const l = limit === undefined ? null : Number(limit)
      if (!Number.isInteger(n) || n < 0 || (l !== null && !(l > 0))) throw new Error('--platform-rules needs ACCOUNT[:LIMIT]')
      rules.set(n, l)
    } else if (flag === '--quiet') opts.quiet = true
    else if (flag === '--help' || flag === '-h') opts.help = true
    else throw new Error(`unknown flag ${flag} (see --help)`)
  }
  if (calendar || holidays.length || earlyCloses.length) opts.calendar = { holidays: holidays.map((date) => ({ date })), earlyCloses }
  if (rules.size) {
    opts.accounts = DEFAULT_ACCOUNTS.map((a, i) => (rules.has(i) ? { ...a, platformRules: { dailyLossLimit: rules.get(i) ?? null } } : { ...a }))
  }
  return opts
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2))
  if (opts.help) {
    process.stdout.write(HELP + '\n')
    return
  }
  // The first line must be the JSON object, so the start-up log line is held back until after it.
  const sim = await startSimulator({ ...opts, quiet: true })
  const quiet = opts.quiet ?? false
  const first: SimulatorAnnouncement = {
    restUrl: sim.restUrl,
    userHubUrl: sim.userHubUrl,
    marketHubUrl: sim.marketHubUrl,
    controlUrl: sim.controlUrl,
    userName: sim.userName,
    apiKey: sim.apiKey,
    accounts: sim.accountIds,
  }
  process.stdout.write(JSON.stringify(first) + '\n')
  if (!quiet) sim.setLog((line) => console.log(`[sim] ${line}`))
  if (!quiet) console.log(`[sim] ProjectX gateway simulator on ${sim.restUrl} (control: ${sim.controlUrl}); Ctrl-C to stop`)
  let stopping = false
  const stop = (): void => {
    if (stopping) return
    stopping = true
    void sim.close().then(() => process.exit(0))
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e)
  process.exit(1)
})
