// JSON line format (LOG-1), redaction on every line, runtime module levels (LOG-6) and dedup (LOG-5).
import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../../test/fakes/manual-clock'
import { JsonLogger, newCorrelationId } from './json-logger'
import { Redactor, TOKEN_REDACTED } from './redact'
import { MemorySink } from './sinks'

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abcdefghijk'

function setup(levels?: Record<string, 'debug' | 'info' | 'warn' | 'error'>) {
  const sink = new MemorySink()
  const clock = new ManualClock(Date.UTC(2026, 10, 25, 14, 30, 0, 123))
  const logger = new JsonLogger({ sinks: [sink], version: '1.2.3', clock, redactor: new Redactor(), pid: 4242, ...(levels ? { levels } : {}) })
  return { sink, clock, logger }
}

describe('JsonLogger', () => {
  it('LOG-1 writes one JSON line with timestamp, level, logger, message, correlationId, context, error, version, pid', () => {
    const { sink, logger } = setup()
    const err = new Error('socket hang up')
    logger.child('gateway').child('rest').error('call failed', { correlationId: 'req_1_abc', endpoint: '/api/Order/place', error: err })
    expect(sink.lines).toHaveLength(1)
    const rec = sink.records()[0] as Record<string, unknown>
    expect(rec).toMatchObject({
      timestamp: '2026-11-25T14:30:00.123Z',
      level: 'error',
      logger: 'tiltguard.gateway.rest',
      message: 'call failed',
      correlationId: 'req_1_abc',
      context: { endpoint: '/api/Order/place' },
      error: { name: 'Error', message: 'socket hang up' },
      version: '1.2.3',
      pid: 4242,
    })
    expect(String((rec.error as Record<string, unknown>).stack)).toContain('socket hang up')
  })

  it('LOG-1 every line passes the redactor: message, context and error', () => {
    const { sink, logger } = setup()
    logger.info(`token is ${JWT}`, { apiKey: 'secret-api-key-value', url: `wss://h/hubs/user?access_token=${JWT}` })
    logger.error('boom', { error: new Error(`bad ${JWT}`) })
    const text = sink.lines.join('\n')
    expect(text).not.toContain(JWT)
    expect(text).not.toContain('secret-api-key-value')
    expect(text).toContain(TOKEN_REDACTED)
  })

  it('LOG-6 module levels change at runtime without a restart, most specific prefix wins', () => {
    const { sink, logger } = setup({ 'tiltguard.gateway': 'warn' })
    const rest = logger.child('gateway').child('rest')
    rest.info('hidden')
    logger.setLevel('tiltguard.gateway.rest', 'debug')
    rest.debug('shown')
    logger.child('gateway').info('still hidden')
    logger.setLevel('tiltguard.gateway.rest', null)
    rest.info('hidden again')
    expect(sink.records().map((r) => r.message)).toEqual(['shown'])
    expect(logger.levelOf('tiltguard.gateway.rest.x')).toBe('warn')
  })

  it('LOG-5 identical errors: the 1st and every 10th per 60 s are written, then a summary after 300 s', () => {
    const { sink, logger, clock } = setup()
    for (let i = 0; i < 25; i++) logger.error('hub send failed', { error: new Error('ECONNRESET') })
    const written = sink.records()
    expect(written).toHaveLength(3) // #1, #10, #20
    expect(written.map((r) => r.repeated)).toEqual([undefined, 10, 20])
    logger.error('another error') // a different line is not suppressed
    expect(sink.lines).toHaveLength(4)
    clock.advance(60_000)
    logger.error('hub send failed', { error: new Error('ECONNRESET') }) // new window: written again
    expect(sink.lines).toHaveLength(5)
    clock.advance(240_000)
    const summary = sink.records().at(-1) as Record<string, unknown>
    expect(summary.message).toBe('repeated log lines suppressed')
    expect(summary.context).toEqual({ suppressedMessage: 'hub send failed', suppressed: 22 })
    expect(clock.pendingCount).toBe(0)
  })

  it('H12-6 LOG-5 warning flood: 500k identical refused-upgrade warnings write at most 5 lines, then one summary line with the count', () => {
    const { sink, logger, clock } = setup()
    const bridge = logger.child('bridge')
    for (let i = 0; i < 500_000; i++) bridge.warn('bridge upgrade refused: missing or wrong secret')
    expect(sink.lines.length).toBeLessThanOrEqual(5)
    clock.advance(300_000)
    const summary = sink.records().at(-1) as Record<string, unknown>
    expect(summary.message).toBe('repeated log lines suppressed')
    expect((summary.context as { suppressed: number }).suppressed).toBe(500_000 - (sink.lines.length - 1))
  })

  it('LOG-1 a failing sink does not stop the others', () => {
    const good = new MemorySink()
    const logger = new JsonLogger({ sinks: [{ write: () => { throw new Error('ENOSPC') } }, good], version: 'x', redactor: new Redactor() })
    logger.warn('still logged')
    expect(good.lines).toHaveLength(1)
  })

  it('correlation ids have the req_<ms>_<8 base36> shape', () => {
    expect(newCorrelationId(1700000000000, () => 0.5)).toBe('req_1700000000000_iiiiiiii')
    expect(newCorrelationId()).toMatch(/^req_\d+_[0-9a-z]{8}$/)
  })
})
