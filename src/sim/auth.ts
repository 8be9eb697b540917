// Session tokens: HMAC-signed JWT-shaped strings with exp/iat/sub on the virtual clock.
import { createHmac, randomBytes } from 'node:crypto'

/** One issued token, as the control API reports it (tests compare it with what the client used). */
export interface IssuedToken {
  token: string
  /** How it was obtained. */
  source: 'loginKey' | 'loginApp' | 'validate'
  issuedAtMs: number
  expiresAtMs: number
  revoked: boolean
}

/** Why a token is not accepted (null = accepted). */
export type TokenProblem = 'missing' | 'invalid' | 'expired' | 'revoked' | null

function b64url(data: string | Buffer): string {
  return Buffer.from(data).toString('base64url')
}

/** Issues and checks tokens; the signing key is random per run (tokens never outlive the process). */
export class TokenAuthority {
  private readonly key = randomBytes(32)
  private readonly issued: IssuedToken[] = []
  private readonly byToken = new Map<string, IssuedToken>()
  private jti = 0

  constructor(
    private readonly now: () => number,
    public ttlMs: number,
    private readonly subject: string,
  ) {}

  issue(source: IssuedToken['source']): IssuedToken {
    const iat = this.now()
    const exp = iat + this.ttlMs
    this.jti += 1
    const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))
    const payload = b64url(
      JSON.stringify({ sub: this.subject, iat: Math.floor(iat / 1000), exp: Math.floor(exp / 1000), jti: String(this.jti), 'msg.sim': true }),
    )
    const sig = createHmac('sha256', this.key).update(`${header}.${payload}`).digest('base64url')
    const entry: IssuedToken = { token: `${header}.${payload}.${sig}`, source, issuedAtMs: iat, expiresAtMs: exp, revoked: false }
    this.issued.push(entry)
    this.byToken.set(entry.token, entry)
    return entry
  }

  check(token: string | null | undefined): TokenProblem {
    if (!token) return 'missing'
    const entry = this.byToken.get(token)
    if (!entry || !this.signatureOk(token)) return 'invalid'
    if (entry.revoked) return 'revoked'
    if (this.now() >= entry.expiresAtMs) return 'expired'
    return null
  }

  get(token: string): IssuedToken | undefined {
    return this.byToken.get(token)
  }

  list(): IssuedToken[] {
    return this.issued.map((t) => ({ ...t }))
  }

  /** The "expire every token now" fault: moves each exp to the present (the JWT payload keeps its claim). */
  expireAll(): void {
    const now = this.now()
    for (const t of this.issued) t.expiresAtMs = Math.min(t.expiresAtMs, now)
  }

  revokeAll(): void {
    for (const t of this.issued) t.revoked = true
  }

  revoke(token: string): void {
    const entry = this.byToken.get(token)
    if (entry) entry.revoked = true
  }

  private signatureOk(token: string): boolean {
    const [h, p, s] = token.split('.')
    if (!h || !p || !s) return false
    return createHmac('sha256', this.key).update(`${h}.${p}`).digest('base64url') === s
  }
}
