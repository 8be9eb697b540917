// Unit tests of the per-account async mutex (CONC-1).
import { describe, expect, it } from 'vitest'
import { KeyedMutex } from './keyed-mutex'

const tick = () => new Promise<void>((r) => setImmediate(r))

describe('KeyedMutex', () => {
  it('CONC-1 serializes work on one account, FIFO, and releases after a throw', async () => {
    const mutex = new KeyedMutex<number>()
    const log: string[] = []
    const gate = { open: () => undefined as void }
    const first = mutex.run(
      1,
      () =>
        new Promise<void>((r) => {
          log.push('a-start')
          gate.open = () => {
            log.push('a-end')
            r()
          }
        }),
    )
    const second = mutex.run(1, async () => {
      log.push('b')
      throw new Error('boom')
    })
    const third = mutex.run(1, async () => {
      log.push('c')
    })
    await tick()
    expect(log).toEqual(['a-start'])
    expect(mutex.isLocked(1)).toBe(true)
    gate.open()
    await first
    await expect(second).rejects.toThrow('boom')
    await third
    expect(log).toEqual(['a-start', 'a-end', 'b', 'c'])
    expect(mutex.isLocked(1)).toBe(false)
  })

  it('CONC-1 different accounts proceed in parallel', async () => {
    const mutex = new KeyedMutex<number>()
    const log: string[] = []
    let release: () => void = () => undefined
    const a = mutex.run(
      1,
      () =>
        new Promise<void>((r) => {
          release = r
        }),
    )
    await mutex.run(2, async () => {
      log.push('account 2 ran')
    })
    expect(log).toEqual(['account 2 ran'])
    release()
    await a
  })

  it('CONC-4 tryRun refuses while the key is held', async () => {
    const mutex = new KeyedMutex<number>()
    let release: () => void = () => undefined
    const held = mutex.run(
      1,
      () =>
        new Promise<void>((r) => {
          release = r
        }),
    )
    let ran = false
    expect(
      await mutex.tryRun(1, async () => {
        ran = true
      }),
    ).toEqual({ busy: true })
    expect(ran).toBe(false)
    release()
    await held
    expect(await mutex.tryRun(1, async () => 5)).toEqual({ busy: false, value: 5 })
  })

  it('is re-entrant within one call chain: a holder locking the same key again runs at once', async () => {
    const mutex = new KeyedMutex<number>()
    const order: string[] = []
    await mutex.run(1, async () => {
      order.push('outer')
      await mutex.run(1, async () => void order.push('inner'))
    })
    expect(order).toEqual(['outer', 'inner'])
  })

  it('does not let an unrelated caller through while the key is held', async () => {
    const mutex = new KeyedMutex<number>()
    let release: () => void = () => undefined
    const held = mutex.run(1, () => new Promise<void>((r) => (release = r)))
    let ran = false
    const other = mutex.run(1, async () => void (ran = true))
    await Promise.resolve()
    expect(ran).toBe(false)
    release()
    await Promise.all([held, other])
    expect(ran).toBe(true)
  })
})
