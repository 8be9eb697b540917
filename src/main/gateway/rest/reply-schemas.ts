// H12-3 / issue 7 item 10: REST list replies the engine acts on are checked item by item with the same
// wire schemas the hub frames use, so a value the hubs would reject ("lots", -5, 1e400 → Infinity, an item
// of another account) can no longer reach the mirror through REST. A bad item fails the whole reply: a
// partial list would read as "that position is gone", which hides risk.

import { z } from 'zod'
import { accountSchema, orderSchema, positionSchema, timestamp, tradeSchema } from '../hubs/frame-normalizer'

const num = z.number().finite()

const contractSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  description: z.string().optional(),
  tickSize: num.positive(),
  tickValue: num.positive(),
  activeContract: z.boolean(),
  symbolId: z.string().optional(),
})
const barSchema = z.object({ t: timestamp, o: num, h: num, l: num, c: num, v: num.nonnegative() })

/** The list field of each checked reply and the schema of its items. */
export const REPLY_ITEMS = {
  accounts: accountSchema,
  positions: positionSchema,
  orders: orderSchema,
  trades: tradeSchema,
  contracts: contractSchema,
  bars: barSchema,
} as const satisfies Record<string, z.ZodType>

export type ReplyField = keyof typeof REPLY_ITEMS

/** Checks an envelope; returns null when valid, else the first problem (safe to log: no values). */
export type ReplyCheck = (body: Record<string, unknown>) => string | null

/**
 * A check for `body[field]`: an array whose items all match the schema (nulls dropped first, as .NET
 * writes absent optionals as null) and, when `accountId` is given, all belong to that account.
 */
export function listCheck(field: ReplyField, accountId?: number): ReplyCheck {
  const schema = REPLY_ITEMS[field]
  return (body) => {
    const items = body[field]
    if (!Array.isArray(items)) return `${field}: not a list`
    for (const [i, item] of items.entries()) {
      const parsed = schema.safeParse(dropNulls(item))
      if (!parsed.success) {
        const issue = parsed.error.issues[0]
        return `${field}[${i}].${issue?.path.join('.') ?? '?'}: ${issue?.message ?? 'invalid'}`
      }
      if (accountId !== undefined && (parsed.data as { accountId?: unknown }).accountId !== accountId)
        return `${field}[${i}].accountId: belongs to another account`
    }
    return null
  }
}

/** A check for a single optional item (`order`, `contract`): null/absent is fine, anything else must match. */
export function itemCheck(field: 'order' | 'contract', accountId?: number): ReplyCheck {
  const list = listCheck(field === 'order' ? 'orders' : 'contracts', accountId)
  return (body) => {
    const item = body[field]
    if (item === null || item === undefined) return null
    return list({ [field === 'order' ? 'orders' : 'contracts']: [item] })?.replace(/^\w+\[0\]/, field) ?? null
  }
}

function dropNulls(v: unknown): unknown {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return v
  return Object.fromEntries(Object.entries(v).filter(([, val]) => val !== null && val !== undefined))
}
