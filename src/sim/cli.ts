// `npm run sim`: a standalone simulator on 127.0.0.1; the first stdout line is a JSON object of its URLs.
import { DEFAULT_ACCOUNTS } from './simulator'
import { startSimulator, type SimulatorAnnouncement, type SimulatorOptions } from './index'

/** Every flag with its help line; `--help` prints this table, so the two cannot drift apart. */
const FLAGS: ReadonlyArray<{ flag: string; arg?: string; help: string; apply: (o: SimulatorOptions, v: number) => void }> = [
  { flag: '--port', arg: 'n', help: 'port on 127.0.0.1 (default 0 = ephemeral)', apply: (o, v) => void (o.port = v) },
  { flag: '--seed', arg: 'n', help: 'PRNG seed; same seed + same script = same frames (default 1)', apply: (o, v) => void (o.seed = v) },
  { flag: '--token-ttl-ms', arg: 'ms', help: 'token lifetime (default 24 h)', apply: (o, v) => void (o.tokenTtlMs = v) },
  { flag: '--quote-interval-ms', arg: 'ms', help: 'random-walk tick period, 0 = none (default 250)', apply: (o, v) => void (o.quoteIntervalMs = v) },
  { flag: '--ping-interval-ms', arg: 'ms', help: 'hub keep-alive pings (default 15000)', apply: (o, v) => void (o.pingIntervalMs = v) },
  { flag: '--bare', help: 'bare user-hub payloads instead of {action,data}', apply: (o) => void (o.wrapUserEvents = false) },
  { flag: '--quiet', help: 'no activity log', apply: (o) => void (o.quiet = true) },
  { flag: '--full-quotes', help: 'whole quotes on every frame (default: partial, only changed fields)', apply: (o) => void (o.fullQuotes = true) },
  { flag: '--no-close-sequence', help: 'no re-sent opening fill / repeated account event on a close', apply: (o) => void (o.closeSequence = false) },
  { flag: '--account-echo-ms', arg: 'ms', help: 'virtual ms before the repeated account event after a close (default 3000)', apply: (o, v) => void (o.accountEchoMs = v) },
  { flag: '--price-band-percent', arg: 'p', help: 'refuse limit/stop prices further from the market, 0 = off (default 10)', apply: (o, v) => void (o.priceBandPercent = v) },
  { flag: '--cancel-on-cantrade-false', help: 'canTrade false also cancels resting orders (default off)', apply: (o) => void (o.cancelOnCanTradeFalse = true) },
  { flag: '--no-expire-at-session-end', help: 'working orders survive the session close (default: they expire, status 4)', apply: (o) => void (o.expireAtSessionEnd = false) },
  { flag: '--cancel-latency-ms', arg: 'ms', help: 'virtual ms in PendingCancellation (7) before Cancelled (default 0)', apply: (o, v) => void (o.cancelLatencyMs = v) },
  { flag: '--deterministic', help: 'frozen virtual clock; quotes move only by stepMarket or advanceClock', apply: (o) => void (o.deterministic = true) },
  { flag: '--documented-fields', help: "REST replies carry only the public docs' example fields (default: full swagger models)", apply: (o) => void (o.restFields = 'documented') },
  { flag: '--calendar', help: 'CME Globex hours on the virtual clock (default off: always open)', apply: () => undefined },
]

/** Flags that take text, with their help lines. */
const TEXT_FLAGS: ReadonlyArray<{ flag: string; arg: string; help: string }> = [
  { flag: '--fee', arg: 'PRODUCT=fee', help: 'per-side exchange fee per contract, e.g. ES=1.40 (repeatable)' },
  { flag: '--holiday', arg: 'YYYY-MM-DD', help: 'a closed day (repeatable; implies --calendar)' },
  { flag: '--early-close', arg: 'YYYY-MM-DDTHH:MM', help: 'close early that day at HH:MM CT (repeatable; implies --calendar)' },
  { flag: '--platform-rules', arg: 'ACCOUNT[:LIMIT]', help: 'prop-firm backstops for account index ACCOUNT (0-based): flatten at 15:10 CT, with LIMIT a daily loss limit in $' },
]

function help(): string {
  const rows = [...FLAGS, ...TEXT_FLAGS].map((f) => `  ${`${f.flag}${f.arg ? ` <${f.arg}>` : ''}`.padEnd(36)}${f.help}`)
  return [
    'Usage: npm run sim -- [flags]',
    '',
    'ProjectX gateway simulator on 127.0.0.1; the first stdout line is a JSON object of its URLs.',
    '',
    ...rows,
    '  --help'.padEnd(38) + 'this text',
    '',
    'Control: POST <controlUrl>/<operation> with content-type application/json (loopback peers, Host and Origin only).',
  ].join('\n')
}

function parseArgs(argv: string[]): SimulatorOptions | null {
  const opts: SimulatorOptions = {}
  const holidays: string[] = []
  const earlyCloses: Array<{ date: string; time: string }> = []
  const rules = new Map<number, number | null>()
  let calendar = false
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]
    if (flag === '--help' || flag === '-h') return null
    const text = (): string => {
      const v = argv[++i]
      if (v === undefined) throw new Error(`${flag} needs a value`)
      return v
    }
    if (flag === '--fee') {
      const [product, fee] = text().split('=')
      if (!product || !Number.isFinite(Number(fee))) throw new Error('--fee needs PRODUCT=fee')
      opts.fees = { ...opts.fees, [product]: Number(fee) }
      continue
    }
    if (flag === '--calendar') calendar = true
    if (flag === '--holiday') {
      holidays.push(text())
      continue
    }
    if (flag === '--early-close') {
      const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/.exec(text())
      if (!m) throw new Error('--early-close needs YYYY-MM-DDTHH:MM')
      earlyCloses.push({ date: m[1] as string, time: m[2] as string })
      continue
    }
    if (flag === '--platform-rules') {
      const [index, limit] = text().split(':')
      const n = Number(index)
      const l = limit === undefined ? null : Number(limit)
      if (!Number.isInteger(n) || n < 0 || (l !== null && !(l > 0))) throw new Error('--platform-rules needs ACCOUNT[:LIMIT]')
      rules.set(n, l)
      continue
    }
    const def = FLAGS.find((f) => f.flag === flag)
    if (!def) throw new Error(`unknown flag ${flag} (see --help)`)
    let v = 0
    if (def.arg) {
      v = Number(argv[++i])
      if (!Number.isFinite(v)) throw new Error(`${flag} needs a number`)
    }
    def.apply(opts, v)
  }
  if (calendar || holidays.length || earlyCloses.length) opts.calendar = { holidays: holidays.map((date) => ({ date })), earlyCloses }
  if (rules.size) opts.accounts = DEFAULT_ACCOUNTS.map((a, i) => (rules.has(i) ? { ...a, platformRules: { dailyLossLimit: rules.get(i) ?? null } } : { ...a }))
  return opts
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2))
  if (!opts) {
    process.stdout.write(help() + '\n')
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
