// The redactor every log sink passes through (LOG-1, LOG-2, LOG-3): secret-looking keys, JWTs, URL
// tokens, bearer headers and registered secret values are removed; emails and account names masked.
// It works on copies and never throws, so a log call can never crash or leak on odd input.

export const REDACTED = '[REDACTED]'
export const TOKEN_REDACTED = '[TOKEN_REDACTED]'

/** Key fragments (case and separators ignored) whose values are always replaced by [REDACTED]. */
const SECRET_KEY_PARTS = [
  'password', 'passwd', 'apikey', 'apisecret', 'token', 'accesstoken', 'refreshtoken', 'authorization',
  'privatekey', 'secret', 'credential', 'sessiontoken', 'username', 'cookie',
]
/** Keys whose string values keep only their last 3 characters (account names, string user ids). */
const KEEP_LAST3_KEYS = new Set(['accountname', 'nickname', 'userid', 'user'])

/** Three base64url segments starting with a JSON header: a JWT, wherever it appears. */
const JWT = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g
/** Secret-bearing query parameters, e.g. the SignalR hub URL's `?access_token=` (LOG-2). */
const URL_SECRET = /([?&#](?:access_token|accessToken|token|api_key|apiKey|key|password)=)[^&#\s"'<>]*/gi
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi
const EMAIL = /([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})/g

const MAX_DEPTH = 8
/** Session tokens kept for scrubbing; older ones are dropped (they rotate every few hours). */
const MAX_TOKENS = 64
/** A value shaped like a JWT is a session token; anything else (API key, user name) is long-lived. */
const JWT_SHAPE = /^eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/

/** Long-lived credentials are never evicted; only old tokens are (H12-8). */
export type SecretKind = 'long-lived' | 'token'
/** Shorter values are not scrubbed from text: they would blank out ordinary words and numbers. */
const MIN_SECRET_LENGTH = 6

const normalizeKey = (key: string): string => key.toLowerCase().replace(/[^a-z0-9]/g, '')

/** True when a property name marks its value as secret. */
export function isSecretKey(key: string): boolean {
  const k = normalizeKey(key)
  return SECRET_KEY_PARTS.some((part) => k.includes(part))
}

/** `TOPSTEP-50K-123456` → `***456`; `user_abc123` → `user_***123`. */
export function keepLast3(value: string): string {
  const prefix = /^([A-Za-z]+_)/.exec(value)?.[1] ?? ''
  const rest = value.slice(prefix.length)
  return rest.length <= 3 ? `${prefix}***` : `${prefix}***${rest.slice(-3)}`
}

export class Redactor {
  /** Every value to scrub, longest first so a secret containing another is removed whole. */
  private secrets: string[] = []
  private readonly longLived = new Set<string>()
  /** Tokens in arrival order, oldest first: the only values ever evicted. */
  private readonly tokens: string[] = []

  /**
   * Scrubs this exact value (API key, current token, user name) from every later string (registered by the
   * auth layer). H12-8: without a `kind`, JWT-shaped values count as tokens and everything else as
   * long-lived, so 64 token rotations can no longer push the API key or the user name off the list.
   */
  registerSecret(value: string | null | undefined, kind?: SecretKind): void {
    if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH) return
    if (this.longLived.has(value) || this.tokens.includes(value)) return
    if ((kind ?? (JWT_SHAPE.test(value) ? 'token' : 'long-lived')) === 'long-lived') this.longLived.add(value)
    else {
      this.tokens.push(value)
      if (this.tokens.length > MAX_TOKENS) this.tokens.shift()
    }
    this.secrets = [...this.longLived, ...this.tokens].sort((a, b) => b.length - a.length)
  }

  /** Forgets every registered value (sign-out, tests). */
  clearSecrets(): void {
    this.secrets = []
    this.longLived.clear()
    this.tokens.length = 0
  }

  /** Redacts one string: registered secrets, JWTs, URL tokens, bearer values, emails. */
  redactString(text: string): string {
    let out = text
    for (const secret of this.secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED)
    return out
      .replace(JWT, TOKEN_REDACTED)
      .replace(URL_SECRET, `$1${REDACTED}`)
      .replace(BEARER, `$1 ${REDACTED}`)
      .replace(EMAIL, '$1***@$2')
  }

  /** A deep, redacted copy of `value` that is safe to serialise (cycles, Errors, Maps, bigints handled). */
  redact(value: unknown): unknown {
    return this.walk(value, 0, new WeakSet())
  }

  private walk(value: unknown, depth: number, seen: WeakSet<object>): unknown {
    switch (typeof value) {
      case 'string':
        return this.redactString(value)
      case 'number':
      case 'boolean':
      case 'undefined':
        return value
      case 'bigint':
        return value.toString()
      case 'symbol':
        return value.toString()
      case 'function':
        return '[Function]'
    }
    if (value === null) return null
    const obj = value as object
    if (seen.has(obj)) return '[Circular]'
    if (depth >= MAX_DEPTH) return '[Truncated]'
    seen.add(obj)
    try {
      if (obj instanceof Date) return Number.isNaN(obj.getTime()) ? 'Invalid Date' : obj.toISOString()
      if (Buffer.isBuffer(obj) || obj instanceof Uint8Array) return `[Binary ${obj.byteLength} bytes]`
      if (obj instanceof Error) return this.walkError(obj, depth, seen)
      if (Array.isArray(obj)) return obj.map((item) => this.walk(item, depth + 1, seen))
      if (obj instanceof Map) return this.walkEntries([...obj.entries()].map(([k, v]) => [String(k), v]), depth, seen)
      if (obj instanceof Set) return [...obj].map((item) => this.walk(item, depth + 1, seen))
      return this.walkEntries(Object.entries(obj), depth, seen)
    } catch {
      // A throwing getter or proxy must not break logging.
      return '[Unserializable]'
    }
  }

  private walkEntries(entries: Array<[string, unknown]>, depth: number, seen: WeakSet<object>): Record<string, unknown> {
    const out: Record<string, unknown> = {}
    // A gateway account object ({id, name, balance, canTrade}) carries the account name under plain `name`.
    const accountLike = entries.some(([k]) => k === 'canTrade' || k === 'balance')
    for (const [key, raw] of entries) {
      const safeKey = this.redactString(key)
      const masked = KEEP_LAST3_KEYS.has(normalizeKey(key)) || (accountLike && key === 'name')
      if (isSecretKey(key)) out[safeKey] = raw === null || raw === undefined ? raw : REDACTED
      else if (masked && typeof raw === 'string') out[safeKey] = keepLast3(raw)
      else out[safeKey] = this.walk(raw, depth + 1, seen)
    }
    return out
  }

  private walkError(error: Error, depth: number, seen: WeakSet<object>): Record<string, unknown> {
    const out: Record<string, unknown> = { name: error.name, message: this.redactString(error.message) }
    if (error.stack !== undefined) out.stack = this.redactString(error.stack)
    const extra = this.walkEntries(Object.entries(error), depth, seen)
    Object.assign(out, extra)
    if (error.cause !== undefined) out.cause = this.walk(error.cause, depth + 1, seen)
    return out
  }
}

/** The process-wide redactor every sink uses. */
export const defaultRedactor = new Redactor()

/** Deep-redacts with the process-wide redactor. */
export function redact(value: unknown): unknown {
  return defaultRedactor.redact(value)
}

/** Registers a known secret value with the process-wide redactor. */
export function registerSecret(value: string | null | undefined, kind?: SecretKind): void {
  defaultRedactor.registerSecret(value, kind)
}
