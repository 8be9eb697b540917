// The rotating file sink (LOG-4): private mode, size rotation and age-based purge.
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { RotatingFileSink } from './sinks'

const DAY = 24 * 60 * 60 * 1000
const dirs: string[] = []
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'tg-log-'))
  dirs.push(d)
  return d
}
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })))

describe('RotatingFileSink', () => {
  it('LOG-4 creates the log dir 0700 and the file 0600, and appends lines', () => {
    const dir = join(tempDir(), 'logs')
    const sink = new RotatingFileSink({ dir })
    sink.write('{"a":1}')
    sink.write('{"a":2}')
    sink.close()
    expect(statSync(dir).mode & 0o777).toBe(0o700)
    expect(statSync(sink.path).mode & 0o777).toBe(0o600)
    expect(readFileSync(sink.path, 'utf8')).toBe('{"a":1}\n{"a":2}\n')
  })

  it('LOG-4 rotates when the file would pass maxBytes; rotated files stay 0600', () => {
    const dir = tempDir()
    let now = 1_000_000
    const sink = new RotatingFileSink({ dir, maxBytes: 100, now: () => now })
    const line = 'x'.repeat(39) // 40 bytes with newline
    sink.write(line)
    sink.write(line)
    now += 1
    sink.write(line) // 120 > 100: rotate first
    sink.close()
    const rotated = sink.rotatedFiles()
    expect(rotated).toHaveLength(1)
    expect(readFileSync(rotated[0] as string, 'utf8')).toBe(`${line}\n${line}\n`)
    expect(readFileSync(sink.path, 'utf8')).toBe(`${line}\n`)
    expect(statSync(rotated[0] as string).mode & 0o777).toBe(0o600)
  })

  it('LOG-4 rotated files older than 30 days are deleted; other files are untouched', () => {
    const dir = tempDir()
    const now = 100 * DAY
    writeFileSync(join(dir, `tiltguard-${now - 31 * DAY}.log`), 'old')
    writeFileSync(join(dir, `tiltguard-${now - 29 * DAY}.log`), 'recent')
    writeFileSync(join(dir, 'other.txt'), 'keep')
    new RotatingFileSink({ dir, now: () => now }).close()
    expect(readdirSync(dir).sort()).toEqual(['other.txt', `tiltguard-${now - 29 * DAY}.log`, 'tiltguard.log'])
  })

  it('H12-6 LOG-4 log flood: the folder never passes maxTotalBytes; the oldest rotated files go first', () => {
    const dir = tempDir()
    let now = Date.UTC(2026, 0, 1)
    const sink = new RotatingFileSink({ dir, maxBytes: 1000, maxTotalBytes: 5000, now: () => now })
    const line = 'x'.repeat(99) // 100 bytes with the newline
    for (let i = 0; i < 500; i++) {
      now += 1
      sink.write(line)
    }
    sink.close()
    const files = readdirSync(dir)
    const total = files.reduce((sum, f) => sum + statSync(join(dir, f)).size, 0)
    expect(total).toBeLessThanOrEqual(5000)
    expect(files.length).toBeGreaterThanOrEqual(4) // recent history is kept, just bounded
    expect(sink.rotatedFiles().at(-1)).toBeDefined()
  })
})
