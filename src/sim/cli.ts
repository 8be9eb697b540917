// `npm run sim`: a standalone simulator on 127.0.0.1; the first stdout line is a JSON object of its URLs.
import { startSimulator, type SimulatorAnnouncement, type SimulatorOptions } from './index'

function parseArgs(argv: string[]): SimulatorOptions {
  const opts: SimulatorOptions = {}
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]
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
    else if (flag === '--quiet') opts.quiet = true
    else throw new Error(`unknown flag ${flag}`)
  }
  return opts
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2))
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
