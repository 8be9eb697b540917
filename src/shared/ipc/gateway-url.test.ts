// H12-9: sign-in takes the simulator's REST URL exactly as `npm run sim` prints it, and normalises URLs.
import { describe, expect, it } from 'vitest'
import { requests } from './contract'
import { isAllowedGatewayUrl, normalizeGatewayUrl } from './gateway-url'

const signIn = (restUrl: string) =>
  requests.signIn.input.safeParse({
    userName: 'trader',
    apiKey: 'key-12345678',
    gateway: { restUrl, userHubUrl: 'http://127.0.0.1:5001/hubs/user/', marketHubUrl: 'https://RTC.topstepx.com/hubs/market' },
  })

describe('gateway URLs at sign-in', () => {
  it('H12-9 sign-in: http://127.0.0.1:PORT without a trailing slash is accepted and every URL normalised', () => {
    const parsed = signIn('http://127.0.0.1:5001')
    expect(parsed.success).toBe(true)
    expect(parsed.data?.gateway).toEqual({
      restUrl: 'http://127.0.0.1:5001',
      userHubUrl: 'http://127.0.0.1:5001/hubs/user',
      marketHubUrl: 'https://rtc.topstepx.com/hubs/market',
    })
    expect(signIn('http://localhost:5001/').data?.gateway?.restUrl).toBe('http://localhost:5001')
    expect(signIn('  https://api.topstepx.com//  ').data?.gateway?.restUrl).toBe('https://api.topstepx.com')
  })

  it('H12-9 sign-in: plain http off loopback, credentials in the URL and garbage are still refused', () => {
    for (const bad of ['http://api.topstepx.com', 'http://127.0.0.1.evil.com:5001', 'https://u:p@api.topstepx.com', 'not a url', 'ftp://127.0.0.1'])
      expect(isAllowedGatewayUrl(bad), bad).toBe(false)
    expect(signIn('http://10.0.0.1:5001').success).toBe(false)
    expect(normalizeGatewayUrl('WSS://Rtc.TopstepX.com/hubs/user/?x=1#frag')).toBe('wss://rtc.topstepx.com/hubs/user?x=1')
  })
})
