// Settings schema: defaults, validation that names the key, secrets refused, hot vs restart-only keys.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SettingsError, defaultSettings, diffSettings, loadSettings, parseSettings } from './settings'

function problemsOf(raw: unknown): { key: string; message: string }[] {
  try {
    parseSettings(raw)
  } catch (error) {
    if (error instanceof SettingsError) return [...error.problems]
    throw error
  }
  throw new Error('expected a SettingsError')
}

describe('settings', () => {
  it('CFG-3 defaults: TopstepX hosts, 30 s API timeout, trading day ends 17:00 America/Chicago', () => {
    const s = defaultSettings()
    expect(s.gateway).toEqual({
      restUrl: 'https://api.topstepx.com',
      userHubUrl: 'https://rtc.topstepx.com/hubs/user',
      marketHubUrl: 'https://rtc.topstepx.com/hubs/market',
      hubTokenInQuery: false,
    })
    expect(s.api.timeoutMs).toBe(30_000)
    expect(s.tradingDay).toEqual({ resetTime: '17:00', timeZone: 'America/Chicago' })
    expect(s.hubs.reconnectDelaysMs).toEqual([0, 2_000, 10_000, 30_000, 60_000])
    expect(s.rateLimits.general).toEqual({ limit: 200, windowMs: 60_000 })
  })

  it('CFG-1 a missing file means defaults; a partial file keeps the other defaults', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tg-settings-'))
    expect(loadSettings(join(dir, 'absent.json'))).toEqual(defaultSettings())
    const file = join(dir, 'settings.json')
    writeFileSync(file, JSON.stringify({ polling: { intervalMs: 7_000 } }))
    const s = loadSettings(file)
    expect(s.polling.intervalMs).toBe(7_000)
    expect(s.api.timeoutMs).toBe(30_000)
  })

  it('CFG-1 an invalid value stops start-up with an error naming the key', () => {
    expect(problemsOf({ api: { timeoutMs: 'soon' } })).toEqual([{ key: 'api.timeoutMs', message: expect.any(String) }])
    const dir = mkdtempSync(join(tmpdir(), 'tg-settings-'))
    const file = join(dir, 'settings.json')
    writeFileSync(file, '{ not json')
    expect(() => loadSettings(file)).toThrow(/settings\.json: \(file\): not valid JSON/)
  })

  it('CFG-6 cross-field rules: ascending delays, keep-alive below server timeout and stale threshold, buffer under 24 h, limits > 0', () => {
    expect(problemsOf({ hubs: { reconnectDelaysMs: [0, 10_000, 2_000] } })).toEqual([
      { key: 'hubs.reconnectDelaysMs', message: 'must be ascending' },
    ])
    expect(problemsOf({ hubs: { reconnectDelaysMs: [-1] } })[0]?.key).toBe('hubs.reconnectDelaysMs.0')
    expect(problemsOf({ hubs: { keepAliveIntervalMs: 40_000 } }).map((p) => p.key)).toContain('hubs.keepAliveIntervalMs')
    expect(problemsOf({ hubs: { keepAliveIntervalMs: 20_000, serverTimeoutMs: 90_000, marketStaleMs: 15_000 } })).toEqual([
      { key: 'hubs.marketStaleMs', message: 'must be above hubs.keepAliveIntervalMs' },
    ])
    expect(problemsOf({ auth: { refreshBufferMs: 86_400_000 } })[0]?.key).toBe('auth.refreshBufferMs')
    expect(problemsOf({ auth: { refreshBufferMs: 0 } })[0]?.key).toBe('auth.refreshBufferMs')
    expect(problemsOf({ rateLimits: { general: { limit: 0, windowMs: 60_000 } } })[0]?.key).toBe('rateLimits.general.limit')
    expect(problemsOf({ hubs: { jitterFactor: 1.5 } })[0]?.key).toBe('hubs.jitterFactor')
    expect(problemsOf({ tradingDay: { resetTime: '25:00' } })[0]?.key).toBe('tradingDay.resetTime')
    expect(problemsOf({ tradingDay: { timeZone: 'Mars/Olympus' } })[0]?.key).toBe('tradingDay.timeZone')
  })

  it('CFG-4 credentials and tokens are refused in settings, by name', () => {
    const problems = problemsOf({ gateway: { apiKey: 'abc' }, sessionToken: 'x' })
    expect(problems.map((p) => p.key).sort()).toEqual(['gateway.apiKey', 'sessionToken'])
    for (const p of problems) expect(p.message).toMatch(/keychain/)
    expect(problemsOf({ colour: 'blue' })).toEqual([{ key: 'colour', message: 'unknown setting' }])
  })

  it('CFG-2 log levels are hot; URLs, polling cadence and hub timings need a restart', () => {
    const before = defaultSettings()
    const after = parseSettings({
      logging: { level: 'debug', modules: { hubs: 'warn' } },
      polling: { intervalMs: 6_000 },
      gateway: { restUrl: 'https://gateway-api-demo.s2f.projectx.com' },
      hubs: { rebuildIntervalMs: 30_000 },
    })
    const diff = diffSettings(before, after)
    expect(diff.hot.sort()).toEqual(['logging.level', 'logging.modules.hubs'])
    expect(diff.restartRequired.sort()).toEqual(['gateway.restUrl', 'hubs.rebuildIntervalMs', 'polling.intervalMs'])
    expect(diffSettings(before, defaultSettings())).toEqual({ hot: [], restartRequired: [] })
  })
})
