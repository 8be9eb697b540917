// `npm run replay -- --data-dir DIR --day YYYY-MM-DD [--rules FILE] [--account ID] [--db NAME]`: what the
// risk core would have done on a recorded day. Argument parsing and printing only; see src/main/replay.
import { parseReplayArgs, REPLAY_USAGE } from '../src/main/replay/replay-args'
import { runReplay } from '../src/main/replay/run-replay'

const parsed = parseReplayArgs(process.argv.slice(2))
if (!parsed.ok) {
  if (parsed.help) {
    process.stdout.write(`${REPLAY_USAGE}\n`)
    process.exit(0)
  }
  process.stderr.write(`replay: ${parsed.message}\n\n${REPLAY_USAGE}\n`)
  process.exit(2)
}
const { code } = runReplay(parsed.options, {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`replay: ${line}\n`),
})
process.exitCode = code
