// The wired app logger: everything reaching the log file is redacted (LOG-1, F26 at unit scale).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createAppLogger } from './create-logger'
import { defaultRedactor, registerSecret } from './redact'

const dirs: string[] = []
afterEach(() => {
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }))
  defaultRedactor.clearSecrets()
})

describe('createAppLogger', () => {
  it('F26 after logging tokens, keys and hub URLs every way, the log file holds no JWT and no API key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tg-applog-'))
    dirs.push(dir)
    const jwt = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJuYW1lIjoidHJhZGVyIn0.Zm9vYmFyYmF6cXV4'
    const apiKey = 'Zx81Kq0pLw7mNv3Bt6Yc2Rd9Fh4Gj5Sa'
    registerSecret(apiKey)
    const logger = createAppLogger({ logsDir: dir, version: '0.1.0' })
    const hub = logger.child('gateway').child('hubs')
    hub.info(`connecting to wss://rtc.topstepx.com/hubs/user?access_token=${jwt}`)
    hub.warn('login body', { body: { userName: 'trader', apiKey } })
    hub.error('request failed', { error: new Error(`401 for key ${apiKey} and token ${jwt}`), headers: { Authorization: `Bearer ${jwt}` } })
    hub.debug(`hidden at info level ${apiKey}`)
    logger.close()
    const text = readFileSync(join(dir, 'tiltguard.log'), 'utf8')
    expect(text.trim().split('\n')).toHaveLength(3)
    expect(text).not.toContain(jwt)
    expect(text).not.toContain(apiKey)
    expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\./)
  })
})
