import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../../test/fakes/manual-clock'
import type { EventName } from '../../shared/ipc/contract'
import { EventPublisher } from './event-publisher'

function setup() {
  const clock = new ManualClock()
  const sent: { name: EventName; payload: unknown }[] = []
  let version = 0
  const publisher = new EventPublisher(
    clock,
    (name, payload) => sent.push({ name, payload }),
    { portfolio: () => ({ accounts: [], positions: [], orders: [], version }) as never, risk: () => null },
    () => undefined,
  )
  return { clock, sent, publisher, bump: () => version++ }
}

describe('EventPublisher', () => {
  it('coalesces a burst into one leading and one trailing push at most every 100 ms, latest state wins', () => {
    const { clock, sent, publisher, bump } = setup()
    publisher.portfolioChanged()
    clock.advance(0)
    expect(sent).toHaveLength(1)
    for (let i = 0; i < 20; i++) {
      bump()
      publisher.portfolioChanged()
      clock.advance(4)
    }
    clock.advance(100)
    expect(sent).toHaveLength(2)
    expect(sent[1]?.payload).toMatchObject({ version: 20 })
  })
  it('never coalesces discrete events (fills), and a null risk view sends nothing', () => {
    const { clock, sent, publisher } = setup()
    publisher.emit('fillAppended', { id: 1 } as never)
    publisher.emit('fillAppended', { id: 2 } as never)
    publisher.riskChanged()
    clock.advance(200)
    expect(sent.map((s) => s.name)).toEqual(['fillAppended', 'fillAppended'])
  })
  it('HUB-11 health goes out at once and as it was, every change (transitions are rare and each matters)', () => {
    const { sent, publisher } = setup()
    publisher.healthChanged({ overall: 'DEGRADED' } as never)
    publisher.healthChanged({ overall: 'OK' } as never)
    expect(sent.map((s) => s.payload)).toEqual([{ overall: 'DEGRADED' }, { overall: 'OK' }])
  })
})
