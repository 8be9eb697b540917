// The admin password (ROLE-2): set once, stored only as a scrypt hash with a random salt, checked in
// constant time; three wrong attempts lock admin actions for a while, and the lock survives a restart
// because it is persisted next to the hash. Changing it requires the current password.
import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto'
import type { Clock } from '../../ports/clock'

/** What the password needs from storage; the store's MetaRepository satisfies it. */
export interface KeyValueStore {
  get<T>(key: string): T | null
  set<T>(key: string, value: T): void
}

export type AdminPasswordErrorCode = 'ALREADY_SET' | 'NOT_SET' | 'INVALID_LENGTH' | 'WRONG_PASSWORD' | 'LOCKED'

export class AdminPasswordError extends Error {
  constructor(
    readonly code: AdminPasswordErrorCode,
    message: string,
    /** For LOCKED: when admin actions unlock (epoch ms). */
    readonly lockedUntil: number | null = null,
  ) {
    super(message)
    this.name = 'AdminPasswordError'
  }
}

export interface AdminPasswordOptions {
  readonly maxAttempts: number
  readonly lockMs: number
  /** scrypt cost (N); tests lower it. 2^15 keeps a guess at tens of ms. */
  readonly cost: number
}

export const DEFAULT_ADMIN_PASSWORD_OPTIONS: AdminPasswordOptions = { maxAttempts: 3, lockMs: 15 * 60_000, cost: 2 ** 15 }

export const MIN_PASSWORD_LENGTH = 8
export const MAX_PASSWORD_LENGTH = 72

interface StoredHash {
  readonly algo: 'scrypt'
  readonly n: number
  readonly r: number
  readonly p: number
  readonly salt: string
  readonly hash: string
}

interface AttemptState {
  readonly failures: number
  readonly lockedUntil: number | null
}

const HASH_KEY = 'admin:password'
const ATTEMPTS_KEY = 'admin:attempts'
const KEY_LENGTH = 64

function scrypt(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // maxmem above 128·N·r so large costs are not refused by Node's default limit.
    scryptCb(password.normalize('NFKC'), salt, KEY_LENGTH, { N: n, r, p, maxmem: 256 * n * r + 1024 * 1024 }, (error, key) => (error ? reject(error) : resolve(key)))
  })
}

export class AdminPassword {
  private readonly opts: AdminPasswordOptions

  constructor(
    private readonly kv: KeyValueStore,
    private readonly clock: Clock,
    options: Partial<AdminPasswordOptions> = {},
  ) {
    this.opts = { ...DEFAULT_ADMIN_PASSWORD_OPTIONS, ...options }
  }

  isSet(): boolean {
    return this.kv.get<StoredHash>(HASH_KEY) !== null
  }

  /** Epoch ms until which admin actions are locked, or null. */
  lockedUntil(): number | null {
    const until = this.kv.get<AttemptState>(ATTEMPTS_KEY)?.lockedUntil ?? null
    return until !== null && until > this.clock.now() ? until : null
  }

  /** First-time setup only; afterwards use change(). */
  async setInitial(password: string): Promise<void> {
    if (this.isSet()) throw new AdminPasswordError('ALREADY_SET', 'An admin password is already set; change it with the current one.')
    await this.store(password)
  }

  /** Resolves when the password is right; throws WRONG_PASSWORD (counting the attempt), LOCKED or NOT_SET. */
  async verify(password: string): Promise<void> {
    const stored = this.kv.get<StoredHash>(HASH_KEY)
    if (stored === null) throw new AdminPasswordError('NOT_SET', 'No admin password is set.')
    const locked = this.lockedUntil()
    if (locked !== null) throw new AdminPasswordError('LOCKED', 'Too many wrong attempts; admin actions are locked for now.', locked)
    const expected = Buffer.from(stored.hash, 'base64')
    const actual = await scrypt(password, Buffer.from(stored.salt, 'base64'), stored.n, stored.r, stored.p)
    if (actual.length === expected.length && timingSafeEqual(actual, expected)) {
      this.kv.set<AttemptState>(ATTEMPTS_KEY, { failures: 0, lockedUntil: null })
      return
    }
    const failures = (this.kv.get<AttemptState>(ATTEMPTS_KEY)?.failures ?? 0) + 1
    if (failures >= this.opts.maxAttempts) {
      const until = this.clock.now() + this.opts.lockMs
      this.kv.set<AttemptState>(ATTEMPTS_KEY, { failures: 0, lockedUntil: until })
      throw new AdminPasswordError('LOCKED', `Wrong password ${failures} times; admin actions are locked.`, until)
    }
    this.kv.set<AttemptState>(ATTEMPTS_KEY, { failures, lockedUntil: null })
    throw new AdminPasswordError('WRONG_PASSWORD', `Wrong password (${this.opts.maxAttempts - failures} attempts left).`)
  }

  async change(current: string, next: string): Promise<void> {
    assertLength(next)
    await this.verify(current)
    await this.store(next)
  }

  private async store(password: string): Promise<void> {
    assertLength(password)
    const salt = randomBytes(16)
    const r = 8
    const p = 1
    const hash = await scrypt(password, salt, this.opts.cost, r, p)
    this.kv.set<StoredHash>(HASH_KEY, { algo: 'scrypt', n: this.opts.cost, r, p, salt: salt.toString('base64'), hash: hash.toString('base64') })
  }
}

function assertLength(password: string): void {
  const length = [...password].length
  if (length < MIN_PASSWORD_LENGTH || length > MAX_PASSWORD_LENGTH) {
    throw new AdminPasswordError('INVALID_LENGTH', `The admin password must be ${MIN_PASSWORD_LENGTH}–${MAX_PASSWORD_LENGTH} characters.`)
  }
}
