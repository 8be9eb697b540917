// The `global:` block of the rules file and the per-account trading-day block (CFG, D-2, D-3).
import { z } from 'zod'
import { isValidTimeZone } from '../trading-day'

export const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (00:00–23:59)')
export const timeZone = z.string().refine(isValidTimeZone, 'unknown IANA time zone')

export const tradingDaySchema = z.object({
  reset_time: hhmm.default('17:00'),
  timezone: timeZone.default('America/Chicago'),
})

export const globalSchema = z.object({
  /** CFG-3: any breach becomes close all, cancel all and an indefinite lockout. */
  strict_mode: z.boolean().default(false),
  /** D-3: realized P&L net of fees and commissions, or gross as the gateway reports it. */
  pnl_basis: z.enum(['net', 'gross']).default('net'),
  reset: tradingDaySchema.default({ reset_time: '17:00', timezone: 'America/Chicago' }),
  /** Trader root → ProjectX root, added to the built-in table (ES→EP, NQ→ENQ). */
  symbol_aliases: z.record(z.string(), z.string()).default({}),
  max_quote_age_seconds: z.number().positive().default(10),
  logging_level: z.enum(['DEBUG', 'INFO', 'WARNING', 'ERROR']).default('INFO'),
})

export type GlobalConfig = z.infer<typeof globalSchema>
