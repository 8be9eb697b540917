// H12-9: gateway URLs as the trader types or pastes them. `npm run sim` prints `http://127.0.0.1:PORT` with
// no trailing slash, and sign-in refused exactly that; URLs are now parsed, checked and written one way.

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]'])

/** https/wss anywhere, http/ws only on loopback (the simulator); anything unparseable is refused. */
export function isAllowedGatewayUrl(value: string): boolean {
  let url: URL
  try {
    url = new URL(value.trim())
  } catch {
    return false
  }
  if (url.username !== '' || url.password !== '') return false
  if (url.protocol === 'https:' || url.protocol === 'wss:') return true
  return (url.protocol === 'http:' || url.protocol === 'ws:') && LOOPBACK_HOSTS.has(url.hostname)
}

/** One spelling per URL: lower-case scheme and host, no trailing slash, no fragment. */
export function normalizeGatewayUrl(value: string): string {
  const url = new URL(value.trim())
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}${url.search}`
}
