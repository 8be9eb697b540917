// `npm run sim -- --help` lists every switch of issue 8 items 8–11 and issue 12 item 2, with its default.
import { execFileSync } from 'node:child_process'
import { expect, it } from 'vitest'

it('SIM8-9 SIM8-10 SIM8-11 cli --help lists the switches and their defaults', () => {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'src/sim/cli.ts', '--help'], { cwd: process.cwd(), encoding: 'utf8' })
  for (const flag of ['--documented-fields', '--calendar', '--holiday', '--early-close', '--platform-rules', '--bare', '--seed']) expect(out).toContain(flag)
  expect(out).toContain('default off: always open')
  expect(out).toContain('application/json')
}, 20_000)
