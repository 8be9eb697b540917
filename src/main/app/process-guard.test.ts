// The unhandled-error policy: logged, and the process keeps going (issue 7 item 9).
import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import { MemoryLogger } from '../../../test/fakes/memory-logger'
import { installProcessGuard } from './process-guard'

describe('installProcessGuard', () => {
  it('logs an unhandled rejection and an uncaught exception, and is removable', () => {
    const proc = new EventEmitter()
    const logger = new MemoryLogger()
    const remove = installProcessGuard(proc, logger)
    proc.emit('unhandledRejection', new Error('boom'))
    proc.emit('uncaughtException', new TypeError('bad'))
    const errors = logger.lines.filter((e) => e.level === 'error')
    expect(errors.map((e) => e.message)).toEqual([
      'unhandled promise rejection; engine keeps running',
      'uncaught exception; engine keeps running',
    ])
    remove()
    expect(proc.listenerCount('unhandledRejection')).toBe(0)
    expect(proc.listenerCount('uncaughtException')).toBe(0)
  })
})
