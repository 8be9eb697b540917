// H12-7: a second engine on the same data directory refuses, naming the first one's pid; stale locks are taken over.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createEngine } from '../app/create-engine'
import { MemorySecretStore } from '../secrets/memory-secret-store'
import { MemoryLogger } from '../../../test/fakes/memory-logger'
import { DataDirLockedError, LOCK_FILE, acquireDataDirLock } from './data-dir-lock'

const dirs: string[] = []
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'tiltguard-lock-'))
  dirs.push(dir)
  return dir
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

/** The pid of a process that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'])
  return Number(child.stdout.toString())
}

describe('data directory lock', () => {
  it('H12-7 lock: a second holder is refused with a message naming the first one\'s pid; release frees it', () => {
    const dir = tempDir()
    const first = acquireDataDirLock(dir)
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError)
    expect(() => acquireDataDirLock(dir)).toThrow(`pid ${process.pid}`)
    first.release()
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false)
    acquireDataDirLock(dir).release()
  })

  it('H12-7 lock: a stale lock from a dead pid is taken over; a live foreign pid is refused', () => {
    const dir = tempDir()
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: deadPid(), startedAt: 'then' }))
    const lock = acquireDataDirLock(dir)
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid })
    lock.release()
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: process.ppid, startedAt: 'now' }))
    const error = (() => {
      try {
        acquireDataDirLock(dir)
      } catch (e) {
        return e
      }
      return null
    })()
    expect(error).toBeInstanceOf(DataDirLockedError)
    expect((error as DataDirLockedError).pid).toBe(process.ppid)
    expect(String((error as Error).message)).toContain(dir)
  })

  it('H12-7 engine: a second engine on the same data dir refuses to start and leaves the first one\'s files alone', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: process.ppid, startedAt: 'now' }))
    writeFileSync(join(dir, 'simulator.db'), 'the first engine\'s open database')
    let simulatorStarted = false
    const engine = createEngine(
      { dataDir: dir, host: 'headless' },
      {
        logger: new MemoryLogger(),
        secretStore: new MemorySecretStore(),
        startSimulator: () => {
          simulatorStarted = true
          return Promise.reject(new Error('must not start'))
        },
      },
    )
    await expect(engine.start()).rejects.toThrow(`Another Tiltguard engine (pid ${process.ppid})`)
    expect(simulatorStarted).toBe(false)
    expect(readFileSync(join(dir, 'simulator.db'), 'utf8')).toBe('the first engine\'s open database')
  })
})
