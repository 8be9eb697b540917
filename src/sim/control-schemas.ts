// zod schemas of every SimControl operation's argument: the HTTP control channel takes arbitrary bytes from any
// local process, so each argument is checked (finite numbers, sane ranges, known keys) before it reaches the core.
import { z } from 'zod'
import type { SimControl } from './control-types'

/** Whether an operation only reads (GET allowed) or changes state (POST only). */
export type OpKind = 'read' | 'change'

/** The HTTP contract of one operation: its kind and the schema of its single argument. */
export interface OpSpec {
  readonly kind: OpKind
  /** Schema of the argument; `undefined` input means "no body". */
  readonly arg: z.ZodType
}

const DAY_MS = 86_400_000
/** Largest jump of the virtual clock per call: ten years is far beyond any test, far below Date's range. */
export const MAX_ADVANCE_MS = 3_660 * DAY_MS
/** Latest pinned virtual time: the end of year 9999, so timestamps stay four-digit ISO years. */
export const MAX_CLOCK_MS = 253_402_300_799_999

const int = (min: number, max: number) => z.int().min(min).max(max)
const id = int(1, Number.MAX_SAFE_INTEGER)
const accountId = int(1, 2_147_483_647)
const contractId = z.string().min(1).max(64)
/** Prices are positive and below anything a futures contract quotes (ES ≈ 6e3, YM ≈ 4e4). */
const price = z.number().positive().max(10_000_000)
const size = int(1, 100_000)
const realMs = int(0, 3_600_000)
const count = int(0, 1_000_000)
const hub = z.enum(['user', 'market'])
// No argument: no body, or an empty object (clients that always send `{}`).
const none = z.union([z.undefined(), z.strictObject({})])
const opt = <T extends z.ZodType>(schema: T) => schema.optional()
const obj = <T extends z.ZodRawShape>(shape: T) => z.strictObject(shape)
const budget = obj({ limit: int(1, 1_000_000), windowMs: int(1, DAY_MS) })
const bracket = obj({ ticks: int(-100_000, 100_000), type: int(1, 7) })

const placeOrder = obj({
  accountId,
  contractId,
  type: int(1, 7),
  side: int(0, 1),
  size,
  limitPrice: opt(price.nullable()),
  stopPrice: opt(price.nullable()),
  trailPrice: opt(price.nullable()),
  customTag: opt(z.string().max(200).nullable()),
  stopLossBracket: opt(bracket.nullable()),
  takeProfitBracket: opt(bracket.nullable()),
})
const pricePoint = z.union([price, obj({ bid: price, ask: price, last: opt(price) })])
const read = (arg: z.ZodType): OpSpec => ({ kind: 'read', arg })
const change = (arg: z.ZodType): OpSpec => ({ kind: 'change', arg })

/**
 * One entry per SimControl operation. Partial on purpose: an operation added to SimControl without a schema
 * is simply not callable over HTTP (a test lists the missing ones), rather than callable unchecked.
 */
export const CONTROL_OPS: { readonly [K in keyof SimControl]?: OpSpec } = {
  accounts: read(none),
  positions: read(opt(obj({ accountId: opt(accountId) }))),
  orders: read(opt(obj({ accountId: opt(accountId), openOnly: opt(z.boolean()) }))),
  trades: read(opt(obj({ accountId: opt(accountId) }))),
  tokens: read(none),
  requestLog: read(opt(obj({ path: opt(z.string().max(200)) }))),
  hubLog: read(none),
  frames: read(opt(obj({ hub: opt(hub), excludePings: opt(z.boolean()) }))),
  connections: read(none),
  quote: read(obj({ contractId })),
  now: read(none),
  clearLogs: change(none),

  placeOrder: change(placeOrder),
  modifyOrder: change(obj({ accountId, orderId: id, size: opt(size.nullable()), limitPrice: opt(price.nullable()), stopPrice: opt(price.nullable()), trailPrice: opt(price.nullable()) })),
  cancelOrder: change(obj({ accountId, orderId: id })),
  closePosition: change(obj({ accountId, contractId })),
  partialClosePosition: change(obj({ accountId, contractId, size })),
  setCanTrade: change(obj({ accountId, canTrade: z.boolean() })),
  setAutoOco: change(obj({ accountId, enabled: z.boolean() })),
  setPlatformRules: change(
    obj({
      accountId,
      rules: obj({ flattenAt: opt(z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/).nullable()), dailyLossLimit: opt(z.number().positive().max(1e9).nullable()) }).nullable(),
    }),
  ),
  platformRules: read(none),
  setPartialFills: change(obj({ maxFillSize: opt(int(0, 100_000)), orderId: opt(id), perLevel: opt(int(0, 100_000)) })),
  voidTrade: change(obj({ tradeId: id })),
  setFees: change(obj({ product: z.string().min(1).max(64), fee: z.number().min(0).max(1_000), commission: opt(z.number().min(0).max(1_000)) })),
  setBehaviour: change(
    obj({
      fullQuotes: opt(z.boolean()),
      closeSequence: opt(z.boolean()),
      accountEchoMs: opt(int(0, DAY_MS)),
      priceBandPercent: opt(z.number().min(0).max(100)),
      cancelOnCanTradeFalse: opt(z.boolean()),
      expireAtSessionEnd: opt(z.boolean()),
      cancelLatencyMs: opt(int(0, DAY_MS)),
    }),
  ),

  setQuote: change(obj({ contractId, bid: opt(price), ask: opt(price), last: opt(price) })),
  scriptPrices: change(obj({ contractId, path: z.array(pricePoint).max(100_000) })),
  movePrice: change(obj({ contractId, price, steps: int(1, 100_000), everyMs: opt(int(1, DAY_MS)) })),
  gapPrice: change(obj({ contractId, price, afterMs: opt(int(0, DAY_MS)) })),
  stepMarket: change(opt(obj({ contractId: opt(contractId), steps: opt(int(1, 10_000)) }))),
  freezeMarket: change(obj({ frozen: z.boolean() })),
  setSession: change(obj({ open: z.boolean().nullable() })),

  advanceClock: change(obj({ ms: z.number().min(0).max(MAX_ADVANCE_MS) })),
  freezeClock: change(obj({ frozen: z.boolean(), atMs: opt(int(0, MAX_CLOCK_MS)) })),

  dropHubs: change(obj({ mode: z.enum(['reset', 'close', 'error1011']), hub: opt(hub), afterFrames: opt(count) })),
  refuseHubConnects: change(obj({ ms: realMs, status: int(400, 599), hub: opt(hub) })),
  failRequests: change(
    obj({
      kind: z.union([z.literal(429), z.literal(500), z.literal(503), z.enum(['timeout', 'lostAfterCommit', 'lostBeforeCommit'])]),
      count: opt(count),
      fraction: opt(z.number().min(0).max(1)),
      path: opt(z.string().max(200)),
    }),
  ),
  clearRequestFaults: change(none),
  setLatency: change(obj({ ms: int(0, 600_000), path: opt(z.string().max(200)) })),
  expireTokens: change(none),
  revokeSession: change(none),
  userEventFaults: change(obj({ duplicate: opt(int(0, 10_000)), reorder: opt(int(0, 10_000)), delayMs: opt(int(0, 600_000)) })),
  sendLogout: change(opt(obj({ args: opt(z.array(z.unknown()).max(100)) }))),
  stallHubs: change(obj({ stalled: z.boolean(), hub: opt(hub) })),
  stopQuotes: change(obj({ stopped: z.boolean() })),
  subscribeFaults: change(obj({ hub: opt(hub), ignoreMs: opt(realMs), errorCount: opt(count) })),
  rejectOrders: change(obj({ count, errorCode: opt(int(0, 100)), errorMessage: opt(z.string().max(500)) })),
  setRateLimits: change(obj({ general: opt(budget), bars: opt(budget) })),
  injectGarbage: change(obj({ kind: z.enum(['missingFields', 'wrongTypes', 'crossedQuote', 'nullDepth', 'unknownTarget', 'malformedJson']), accountId: opt(accountId), contractId: opt(contractId) })),
  injectFrame: change(obj({ hub, target: z.string().min(1).max(200), arguments: z.array(z.unknown()).max(100) })),
  failLogin: change(obj({ errorCode: int(0, 100), count: opt(count) })),
  failValidate: change(obj({ mode: z.union([z.literal(500), z.literal(503), z.literal('envelope')]), errorCode: opt(int(0, 100)), count: opt(count) })),
  resetFaults: change(none),
}

/** The spec of `name` when it is one of the operations' own names (never an inherited property such as `constructor`). */
export function opSpec(name: string): OpSpec | undefined {
  return Object.hasOwn(CONTROL_OPS, name) ? CONTROL_OPS[name as keyof SimControl] : undefined
}

/** A short, human-readable account of why an argument was refused (no stack, no JS internals). */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : 'body'}: ${i.message}`)
    .join('; ')
}
