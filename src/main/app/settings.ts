// The engine's settings file (`<dataDir>/settings.json`): one zod schema supplies every default and
// validates every value (CFG-1, CFG-3, CFG-6). Secrets never belong here (CFG-4): the schema is strict,
// so a key such as `apiKey` is refused by name. A missing file means "all defaults".

import { existsSync, readFileSync } from 'node:fs'
import { z } from 'zod'

const ms = (min: number, max = Number.MAX_SAFE_INTEGER) => z.number().int().min(min).max(max)
const positive = z.number().int().positive()
const httpsUrl = z.string().url()
const logLevel = z.enum(['debug', 'info', 'warn', 'error'])
const bucket = z.object({ limit: positive, windowMs: positive }).strict()

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz })
    return true
  } catch {
    return false
  }
}

export const SettingsSchema = z
  .object({
    /** CFG-3: the TopstepX production hosts unless a firm's own are configured. Restart-only. */
    gateway: z
      .object({
        restUrl: httpsUrl.default('https://api.topstepx.com'),
        userHubUrl: httpsUrl.default('https://rtc.topstepx.com/hubs/user'),
        marketHubUrl: httpsUrl.default('https://rtc.topstepx.com/hubs/market'),
        /** Fallback if the live gateway refuses `Authorization` header auth on hub upgrades (HUB-1). */
        hubTokenInQuery: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
    api: z.object({ timeoutMs: ms(1_000, 120_000).default(30_000) }).strict().prefault({}),
    auth: z
      .object({
        /** CFG-6: 0 < buffer < 24 h. */
        refreshBufferMs: ms(1, 86_399_999).default(7_200_000),
      })
      .strict()
      .prefault({}),
    hubs: z
      .object({
        reconnectDelaysMs: z.array(ms(0, 600_000)).min(1).default([0, 2_000, 10_000, 30_000, 60_000]),
        maxAttempts: positive.default(10),
        maxReconnectionTimeMs: ms(10_000).default(500_000),
        jitterFactor: z.number().min(0).max(1).default(0.2),
        keepAliveIntervalMs: ms(1_000).default(15_000),
        serverTimeoutMs: ms(2_000).default(30_000),
        rebuildIntervalMs: ms(1_000).default(60_000),
        pollingStartDelayMs: ms(0).default(10_000),
        marketStaleMs: ms(1_000).default(60_000),
      })
      .strict()
      .prefault({}),
    reconcile: z
      .object({ driftIntervalMs: ms(1_000).default(60_000), minIntervalMs: ms(0).default(5_000) })
      .strict()
      .prefault({}),
    polling: z.object({ intervalMs: ms(500).default(5_000) }).strict().prefault({}),
    rateLimits: z
      .object({
        general: bucket.default({ limit: 200, windowMs: 60_000 }),
        /** The docs disagree (50 vs 30 per 30 s): the client assumes the lower one. */
        bars: bucket.default({ limit: 30, windowMs: 30_000 }),
      })
      .strict()
      .prefault({}),
    /** Hot-reloadable (CFG-2): the engine re-reads the file when it changes. */
    logging: z
      .object({ level: logLevel.default('info'), modules: z.record(z.string(), logLevel).default({}) })
      .strict()
      .prefault({}),
    /** CFG-3: the trading day ends at 17:00 Chicago time (the CME / TopstepX boundary). */
    tradingDay: z
      .object({
        resetTime: z
          .string()
          .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24 h)')
          .default('17:00'),
        timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone, e.g. America/Chicago').default('America/Chicago'),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .superRefine((s, ctx) => {
    // CFG-6: the cross-field rules a single field's schema cannot express.
    const delays = s.hubs.reconnectDelaysMs
    if (delays.some((d, i) => i > 0 && d < (delays[i - 1] ?? 0))) {
      ctx.addIssue({ code: 'custom', path: ['hubs', 'reconnectDelaysMs'], message: 'must be ascending' })
    }
    if (s.hubs.keepAliveIntervalMs >= s.hubs.serverTimeoutMs) {
      ctx.addIssue({ code: 'custom', path: ['hubs', 'keepAliveIntervalMs'], message: 'must be below hubs.serverTimeoutMs' })
    }
    if (s.hubs.keepAliveIntervalMs >= s.hubs.marketStaleMs) {
      ctx.addIssue({ code: 'custom', path: ['hubs', 'marketStaleMs'], message: 'must be above hubs.keepAliveIntervalMs' })
    }
  })

export type Settings = z.infer<typeof SettingsSchema>

/**
 * Keys whose new value takes effect without a restart (CFG-2); everything else waits for one. Only log
 * levels are live today: the timings are read when a gateway session is built.
 */
const HOT_PREFIXES = ['logging.']

/** Words that mark a secret: such keys are refused with their own message (CFG-4). */
const SECRET_WORDS = /(api.?key|token|password|secret|user.?name|credential)/i

/** An invalid settings file: start-up stops and the message names the key (CFG-1). */
export class SettingsError extends Error {
  override readonly name = 'SettingsError'
  constructor(
    readonly file: string,
    readonly problems: readonly { readonly key: string; readonly message: string }[],
  ) {
    super(`${file}: ${problems.map((p) => `${p.key}: ${p.message}`).join('; ')}`)
  }
}

export function defaultSettings(): Settings {
  return SettingsSchema.parse({})
}

/** Validates already-parsed JSON; `file` only names the source in errors. */
export function parseSettings(raw: unknown, file = 'settings'): Settings {
  const result = SettingsSchema.safeParse(raw)
  if (result.success) return result.data
  const problems = result.error.issues.map((issue) => {
    const path = issue.path.map(String)
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys.map((k) => [...path, k].join('.'))
      const secret = issue.keys.some((k) => SECRET_WORDS.test(k))
      return {
        key: keys.join(', '),
        message: secret ? 'credentials never go in settings: sign in from the app (kept in the OS keychain)' : 'unknown setting',
      }
    }
    return { key: path.join('.') || '(root)', message: issue.message }
  })
  throw new SettingsError(file, problems)
}

/** Reads `path`; a missing file gives the defaults, an unreadable or invalid one throws SettingsError. */
export function loadSettings(path: string): Settings {
  if (!existsSync(path)) return defaultSettings()
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    throw new SettingsError(path, [{ key: '(file)', message: `not valid JSON (${error instanceof Error ? error.message : String(error)})` }])
  }
  return parseSettings(raw, path)
}

/** Which changed keys apply at once and which wait for a restart (CFG-2). */
export function diffSettings(before: Settings, after: Settings): { hot: string[]; restartRequired: string[] } {
  const hot: string[] = []
  const restartRequired: string[] = []
  const walk = (a: unknown, b: unknown, path: string): void => {
    if (isRecord(a) && isRecord(b)) {
      for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) walk(a[key], b[key], path ? `${path}.${key}` : key)
      return
    }
    if (JSON.stringify(a) === JSON.stringify(b)) return
    const isHot = HOT_PREFIXES.some((prefix) => `${path}.`.startsWith(prefix))
    ;(isHot ? hot : restartRequired).push(path)
  }
  walk(before, after, '')
  return { hot, restartRequired }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The session timings a settings file controls, in the shape GatewaySession takes (SessionTuning). */
export function tuningFromSettings(s: Settings) {
  return {
    rest: {
      timeouts: { defaultMs: s.api.timeoutMs },
      rateBuckets: { general: s.rateLimits.general, bars: s.rateLimits.bars },
    },
    token: { refreshBufferMs: s.auth.refreshBufferMs },
    hubs: {
      retry: {
        delaysMs: s.hubs.reconnectDelaysMs,
        maxAttempts: s.hubs.maxAttempts,
        maxReconnectionTimeMs: s.hubs.maxReconnectionTimeMs,
        jitterFactor: s.hubs.jitterFactor,
      },
      rebuildIntervalMs: s.hubs.rebuildIntervalMs,
      pollingStartDelayMs: s.hubs.pollingStartDelayMs,
    },
    connection: { keepAliveIntervalMs: s.hubs.keepAliveIntervalMs, serverTimeoutMs: s.hubs.serverTimeoutMs },
    marketStaleMs: s.hubs.marketStaleMs,
    poller: { baseIntervalMs: s.polling.intervalMs },
    reconciler: { driftIntervalMs: s.reconcile.driftIntervalMs, minReconnectIntervalMs: s.reconcile.minIntervalMs },
  } as const
}
