// Reads the `exp` claim of a session JWT without verifying it: expiry is scheduling metadata only (TOK-1).

/** Fallback lifetime when the token carries no readable `exp` (projectx-api.md §1.4: 24 h). */
export const DEFAULT_TOKEN_LIFETIME_MS = 24 * 60 * 60 * 1000

/**
 * The `exp` claim of a JWT in epoch milliseconds, or null when the token is not a decodable JWT.
 * The signature is never checked: the gateway is the authority, we only need to know when to refresh.
 */
export function decodeJwtExpMs(token: string): number | null {
  const parts = token.split('.')
  if (parts.length !== 3) return null
  const payload = parts[1]
  if (payload === undefined || payload.length === 0) return null
  try {
    const json = Buffer.from(payload.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8')
    const claims: unknown = JSON.parse(json)
    if (typeof claims !== 'object' || claims === null) return null
    const exp = (claims as Record<string, unknown>).exp
    if (typeof exp !== 'number' || !Number.isFinite(exp) || exp <= 0) return null
    return Math.round(exp * 1000)
  } catch {
    return null
  }
}

/** TOK-1: expiry = JWT `exp` when decodable, else the time we obtained the token + 24 h. */
export function tokenExpiryMs(token: string, obtainedAtMs: number): number {
  return decodeJwtExpMs(token) ?? obtainedAtMs + DEFAULT_TOKEN_LIFETIME_MS
}
