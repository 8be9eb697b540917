// One schema for the whole rules file: global, rules (absent = disabled), accounts (trading day and
// overrides, CFG-2), holidays. Rule blocks come from each rule file's own schema.
import { z } from 'zod'
import { RULES } from '../rules/registry'
import type { RuleDefinition } from '../rules/types'
import { DEFAULT_SYMBOL_ALIASES } from '../symbols'
import type { TradingDaySettings } from '../trading-day'
import { globalSchema, hhmm, timeZone } from './global'

const rulesShape = Object.fromEntries(RULES.map((r) => [r.id, (r.schema as z.ZodType).optional()])) as { [K in (typeof RULES)[number] as K['id']]: z.ZodOptional<K['schema']> }

const accountSchema = z.object({
  account_id: z.number().int().positive(),
  enabled: z.boolean().default(true),
  nickname: z.string().optional(),
  settings: z.object({ reset_time: hhmm.optional(), timezone: timeZone.optional() }).default({}),
  rule_overrides: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
})

const holidaySchema = z.union([
  z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD'),
  z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD'), name: z.string().optional() }),
])

export const riskConfigSchema = z
  .object({
    global: globalSchema.default(globalSchema.parse({})),
    rules: z.object(rulesShape).strict().default({}),
    accounts: z.array(accountSchema).default([]),
    holidays: z.array(holidaySchema).default([]),
  })
  .superRefine((config, ctx) => {
    const seen = new Set<number>()
    config.accounts.forEach((account, index) => {
      if (seen.has(account.account_id)) ctx.addIssue({ code: 'custom', path: ['accounts', index, 'account_id'], message: 'duplicate account_id' })
      seen.add(account.account_id)
      for (const [ruleId, override] of Object.entries(account.rule_overrides)) {
        const rule = RULES.find((r) => r.id === ruleId)
        if (!rule) {
          ctx.addIssue({ code: 'custom', path: ['accounts', index, 'rule_overrides', ruleId], message: `unknown rule "${ruleId}"` })
          continue
        }
        const base = (config.rules as Record<string, unknown>)[ruleId] ?? {}
        const parsed = (rule.schema as z.ZodType).safeParse({ ...(base as object), ...override })
        if (!parsed.success) for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', path: ['accounts', index, 'rule_overrides', ruleId, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))], message: issue.message })
      }
    })
  })

export type RiskConfig = z.output<typeof riskConfigSchema>

export function defaultRiskConfig(): RiskConfig {
  return riskConfigSchema.parse({})
}

export function tradingDaySettingsFor(config: RiskConfig, accountId: number): TradingDaySettings {
  const account = config.accounts.find((a) => a.account_id === accountId)
  return {
    resetTime: account?.settings.reset_time ?? config.global.reset.reset_time,
    timeZone: account?.settings.timezone ?? config.global.reset.timezone,
  }
}

export function aliasesOf(config: RiskConfig): Record<string, string> {
  const cached = aliasCache.get(config)
  if (cached !== undefined) return cached
  const aliases: Record<string, string> = { ...DEFAULT_SYMBOL_ALIASES }
  for (const [k, v] of Object.entries(config.global.symbol_aliases)) aliases[k.toUpperCase()] = v.toUpperCase()
  aliasCache.set(config, aliases)
  return aliases
}

export function holidayDates(config: RiskConfig): string[] {
  return config.holidays.map((h) => (typeof h === 'string' ? h : h.date))
}

export interface ResolvedRule {
  readonly rule: RuleDefinition
  readonly config: unknown
}

/** The rules that run for one account: listed in `rules` or overridden for it (CFG-2), parsed with defaults. */
/**
 * Resolved rules per config object and account. A config is immutable once parsed, so memoising by its
 * identity is invisible to callers; it keeps zod out of the per-quote path when an account has overrides.
 */
const resolvedCache = new WeakMap<RiskConfig, Map<number, ResolvedRule[]>>()
const aliasCache = new WeakMap<RiskConfig, Record<string, string>>()

export function rulesFor(config: RiskConfig, accountId: number): ResolvedRule[] {
  let perAccount = resolvedCache.get(config)
  if (perAccount === undefined) resolvedCache.set(config, (perAccount = new Map()))
  let resolved = perAccount.get(accountId)
  if (resolved === undefined) perAccount.set(accountId, (resolved = resolveRules(config, accountId)))
  return resolved
}

function resolveRules(config: RiskConfig, accountId: number): ResolvedRule[] {
  const overrides = config.accounts.find((a) => a.account_id === accountId)?.rule_overrides ?? {}
  const resolved: ResolvedRule[] = []
  for (const rule of RULES as readonly RuleDefinition[]) {
    const base = (config.rules as Record<string, unknown>)[rule.id]
    const override = overrides[rule.id]
    if (base === undefined && override === undefined) continue
    resolved.push({ rule, config: override === undefined ? base : rule.schema.parse({ ...(base as object | undefined), ...override }) })
  }
  return resolved
}
