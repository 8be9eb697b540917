// Flags and environment of `npm run engine`.
import { describe, expect, it } from 'vitest'
import { defaultDataDir, parseHeadlessArgs } from './cli-options'

const HOME = '/home/t'
const parse = (argv: string[], env: NodeJS.ProcessEnv = {}) => parseHeadlessArgs(argv, env, 'linux', HOME)

describe('parseHeadlessArgs', () => {
  it('defaults to the simulator, an ephemeral port and ~/.config/Tiltguard', () => {
    expect(parse([])).toEqual({ ok: true, options: { port: 0, config: { dataDir: '/home/t/.config/Tiltguard', host: 'headless' } } })
  })

  it('reads the port, data dir and rules from flags, and the gateway and credentials from env', () => {
    const env = {
      TILTGUARD_REST_URL: 'https://api.example',
      TILTGUARD_USER_HUB_URL: 'https://rtc.example/hubs/user',
      TILTGUARD_MARKET_HUB_URL: 'https://rtc.example/hubs/market',
      TILTGUARD_USERNAME: 'trader',
      TILTGUARD_API_KEY: 'secret-key-123',
    }
    const result = parse(['--port', '8123', '--data-dir=/tmp/tg', '--rules', '/etc/rules.json'], env)
    expect(result).toEqual({
      ok: true,
      options: {
        port: 8123,
        config: {
          dataDir: '/tmp/tg',
          rulesFile: '/etc/rules.json',
          host: 'headless',
          gateway: { restUrl: 'https://api.example', userHubUrl: 'https://rtc.example/hubs/user', marketHubUrl: 'https://rtc.example/hubs/market' },
          credentials: { userName: 'trader', apiKey: 'secret-key-123' },
        },
      },
    })
  })

  it('takes the data dir and rules from env when no flag is given', () => {
    const result = parse([], { TILTGUARD_DATA_DIR: '/data', TILTGUARD_RULES: '/r.json' })
    expect(result.ok && result.options.config).toMatchObject({ dataDir: '/data', rulesFile: '/r.json' })
  })

  it('refuses half a gateway, half the credentials, bad ports and unknown flags, without echoing the key', () => {
    expect(parse([], { TILTGUARD_REST_URL: 'https://a' })).toMatchObject({ ok: false, message: expect.stringContaining('TILTGUARD_USER_HUB_URL') })
    const half = parse([], { TILTGUARD_API_KEY: 'super-secret-key' })
    expect(half.ok).toBe(false)
    expect(JSON.stringify(half)).not.toContain('super-secret-key')
    for (const port of ['70000', '-1', 'abc', '']) expect(parse(['--port', port]).ok).toBe(false)
    expect(parse(['--api-key', 'x'])).toMatchObject({ ok: false, message: expect.stringContaining('unknown argument') })
    expect(parse(['--help'])).toEqual({ ok: false, help: true })
  })
})

describe('defaultDataDir', () => {
  it('follows each OS convention', () => {
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: '/x' }, HOME)).toBe('/x/Tiltguard')
    expect(defaultDataDir('darwin', {}, '/Users/t')).toBe('/Users/t/Library/Application Support/Tiltguard')
    expect(defaultDataDir('win32', { APPDATA: 'C:\\Users\\t\\AppData\\Roaming' }, 'C:\\Users\\t')).toBe('C:\\Users\\t\\AppData\\Roaming\\Tiltguard')
  })
})
