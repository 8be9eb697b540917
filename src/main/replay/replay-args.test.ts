// The replay command line: every bad argument is refused with a clear message (exit 2 with the usage),
// and the script itself answers --help and a bad day without touching any store.
import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { parseReplayArgs, REPLAY_USAGE } from './replay-args'

const ok = (argv: string[]) => {
  const parsed = parseReplayArgs(argv)
  if (!parsed.ok) throw new Error(parsed.message)
  return parsed.options
}
const refused = (argv: string[]): string => {
  const parsed = parseReplayArgs(argv)
  if (parsed.ok) throw new Error('accepted')
  return parsed.message
}

describe('replay arguments', () => {
  it('takes the data dir and the day, with rules, account and db name optional', () => {
    expect(ok(['--data-dir', '/d', '--day', '2026-12-02'])).toEqual({ dataDir: '/d', day: '2026-12-02', rulesFile: null, accountId: null, dbName: 'tiltguard.db' })
    expect(ok(['--data-dir=/d', '--day=2026-12-02', '--rules', 'other.yaml', '--account', '12345', '--db', 'simulator.db'])).toEqual({
      dataDir: '/d',
      day: '2026-12-02',
      rulesFile: 'other.yaml',
      accountId: 12345,
      dbName: 'simulator.db',
    })
  })

  it('refuses what it cannot use, naming the argument', () => {
    expect(refused(['--day', '2026-12-02'])).toBe('--data-dir DIR is required')
    expect(refused(['--data-dir', '/d'])).toBe('--day YYYY-MM-DD is required')
    expect(refused(['--data-dir', '/d', '--day', '12/02/2026'])).toMatch(/--day "12\/02\/2026" is not a date/)
    expect(refused(['--data-dir', '/d', '--day', '2026-02-30'])).toMatch(/not a date/)
    expect(refused(['--data-dir', '/d', '--day', '2026-12-02', '--account', 'abc'])).toMatch(/--account "abc" is not an account id/)
    expect(refused(['--data-dir', '/d', '--day', '2026-12-02', '--account', '0'])).toMatch(/not an account id/)
    expect(refused(['--data-dir', '/d', '--day', '2026-12-02', '--db', '../other.db'])).toMatch(/--db .* file name in the data directory/)
    expect(refused(['--data-dir', '/d', '--day', '2026-12-02', '--rules', ''])).toBe('--rules needs a file')
    expect(refused(['--data-dir', '/d', '--day', '2026-12-02', '--verbose'])).toMatch(/verbose/)
    expect(refused(['--data-dir', '/d', '--day', '2026-12-02', 'extra'])).toMatch(/extra/)
    expect(parseReplayArgs(['--help'])).toEqual({ ok: false, help: true, message: '' })
  })

  it('the script prints the usage and exits 2 on a bad argument, 0 on --help', () => {
    const run = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'scripts/replay.ts', ...args], { encoding: 'utf8', timeout: 15_000 })
    const bad = run(['--data-dir', '/nowhere', '--day', 'tomorrow'])
    expect(bad.status).toBe(2)
    expect(bad.stderr).toContain('replay: --day "tomorrow" is not a date of the form YYYY-MM-DD')
    expect(bad.stderr).toContain(REPLAY_USAGE.split('\n')[0])
    const help = run(['--help'])
    expect(help.status).toBe(0)
    expect(help.stdout).toContain('--rules FILE')
  }, 20_000)
})
