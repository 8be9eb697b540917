// H12-7: one engine per data directory. A second engine on the same directory used to start, delete the
// first one's open simulator.db (with -wal and -shm) and share tiltguard.db. The lock is a file created
// exclusively (O_EXCL) holding the owner's pid; a lock whose pid is no longer running is stale and taken over.

import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export const LOCK_FILE = 'engine.lock'

interface LockBody {
  readonly pid: number
  readonly startedAt: string
}

/** The data directory is in use by another live engine; `pid` names it. */
export class DataDirLockedError extends Error {
  override readonly name = 'DataDirLockedError'
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(`Another Tiltguard engine (pid ${pid}) is already using the data directory ${dataDir}. Stop that engine first, or start this one with a different data directory.`)
  }
}

export interface DataDirLock {
  /** Removes the lock file if it is still ours; idempotent. */
  release(): void
}

/** True when a process with this pid exists (EPERM: it exists but belongs to someone else). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Takes the lock or throws DataDirLockedError. `isAlive` is injectable for tests. Two tries: the second
 * follows the removal of a stale lock, and losing that race to a third engine is reported, not retried.
 */
export function acquireDataDirLock(dataDir: string, isAlive: (pid: number) => boolean = pidAlive): DataDirLock {
  const path = join(dataDir, LOCK_FILE)
  const body: LockBody = { pid: process.pid, startedAt: new Date().toISOString() }
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, JSON.stringify(body), { flag: 'wx', mode: 0o600 })
      return { release: () => releaseIfOurs(path) }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
    const holder = readHolder(path)
    // Our own pid in the file means an earlier run of this very process left it (or a second engine in
    // this process): still a live engine on this directory, so it is refused like any other.
    if (holder !== null && isAlive(holder)) throw new DataDirLockedError(dataDir, holder)
    rmSync(path, { force: true }) // stale (dead pid) or unreadable: take it over
  }
  throw new DataDirLockedError(dataDir, readHolder(path) ?? -1)
}

function readHolder(path: string): number | null {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockBody>
    return typeof parsed.pid === 'number' && Number.isInteger(parsed.pid) && parsed.pid > 0 ? parsed.pid : null
  } catch {
    return null
  }
}

function releaseIfOurs(path: string): void {
  if (readHolder(path) === process.pid) rmSync(path, { force: true })
}
