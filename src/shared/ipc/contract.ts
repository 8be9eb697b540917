// The one IPC contract between the engine (main) and the renderer. Every request and every pushed
// event is declared here once, with a runtime schema for renderer-originated input. Channel names are
// written only in ./channels (zod-free, so the sandboxed preload can import it); everything else
// derives them from there or from this file.

import { z } from 'zod'
import type { AuditEntryView, DashboardSnapshot } from './views'
import type { HealthSnapshot } from '../domain/health'
import type { PortfolioSnapshot } from '../domain/portfolio'
import type { SessionInfo } from '../domain/session'
import type { KillSwitchReport } from '../domain/enforcement'
import type {
  AuditChainView,
  FillView,
  KillSwitchProgress,
  PnlPoint,
  RiskSnapshot,
  RulesCheck,
  RulesDocument,
} from '../domain/risk'
import { preferencesSchema, type Preferences } from '../domain/preferences'
import type { SimContractView } from '../domain/session'
import { EVENT_CHANNEL, REQUEST_CHANNEL } from './channels'
import { isAllowedGatewayUrl, normalizeGatewayUrl } from './gateway-url'

/** Declares a request: its channel, the schema its input must pass, and (type-only) its output. */
function request<Output>() {
  return <const Channel extends `${string}:${string}`, Input extends z.ZodType>(channel: Channel, input: Input) => ({
    channel,
    input,
    output: undefined as unknown as Output,
  })
}

/** Declares a pushed event (main → renderer); payloads come from main, so they carry no schema. */
function event<Payload>() {
  return <const Channel extends `${string}:${string}`>(channel: Channel) => ({
    channel,
    payload: undefined as unknown as Payload,
  })
}

const empty = z.object({}).strict()
// H12-9: parsed rather than pattern-matched, so `http://127.0.0.1:PORT` (no trailing slash) is accepted,
// and handed on in one normal form.
const httpsOrLoopbackUrl = z
  .string()
  .max(500)
  .refine(isAllowedGatewayUrl, { message: 'must be https, or http on loopback' })
  .transform(normalizeGatewayUrl)
const accountId = z.number().int().positive()
/** The admin password as typed; checked in main (8–72 characters when set). */
const password = z.string().min(1).max(200)
/** A rules file as YAML (or JSON) text. */
const rulesText = z.string().max(256 * 1024)
const auditCategory = z.enum(['session', 'connection', 'enforcement', 'order', 'settings', 'system'])

export const requests = {
  /** Everything the dashboard shows, at once; pushed events then keep it current. */
  getSnapshot: request<DashboardSnapshot>()(REQUEST_CHANNEL.getSnapshot, empty),
  /** Tests the key with a real Auth/loginKey before anything is stored (KEY-1, KEY-4). */
  signIn: request<SessionInfo>()(
    REQUEST_CHANNEL.signIn,
    z
      .object({
        userName: z.string().trim().min(1).max(200),
        apiKey: z.string().trim().min(8).max(500),
        gateway: z
          .object({ restUrl: httpsOrLoopbackUrl, userHubUrl: httpsOrLoopbackUrl, marketHubUrl: httpsOrLoopbackUrl })
          .strict()
          .optional(),
      })
      .strict(),
  ),
  /** Stops monitoring the live account; the keychain keeps the key (SESS-1). */
  signOut: request<SessionInfo>()(REQUEST_CHANNEL.signOut, empty),
  /** Removes user name, key and token from the keychain (SESS-5). */
  forgetCredentials: request<SessionInfo>()(REQUEST_CHANNEL.forgetCredentials, empty),
  /** Switches monitoring to the embedded simulator. */
  useSimulator: request<SessionInfo>()(REQUEST_CHANNEL.useSimulator, empty),
  /** Re-enables automatic re-login after fatal failures and retries now (KEY-3, RECON-8). */
  retryNow: request<null>()(REQUEST_CHANNEL.retryNow, empty),
  /** The kill switch: flattens one account, or every account when accountId is null. */
  flattenAll: request<KillSwitchReport>()(
    REQUEST_CHANNEL.flattenAll,
    z.object({ accountId: z.number().int().positive().nullable(), confirm: z.literal(true) }).strict(),
  ),
  /** Pages back through the audit log, newest first. */
  listAudit: request<readonly AuditEntryView[]>()(
    REQUEST_CHANNEL.listAudit,
    z
      .object({
        limit: z.number().int().min(1).max(500),
        beforeId: z.number().int().positive().optional(),
        accountId: accountId.optional(),
        category: auditCategory.optional(),
        ruleId: z.string().max(80).optional(),
      })
      .strict(),
  ),
  /** Walks the audit hash chain; names the first row that was altered or removed. */
  verifyAudit: request<AuditChainView>()(REQUEST_CHANNEL.verifyAudit, empty),
  /** The audit log as CSV (optionally one account), for the trader to keep. */
  exportAudit: request<{ readonly csv: string; readonly rows: number }>()(
    REQUEST_CHANNEL.exportAudit,
    z.object({ accountId: accountId.optional() }).strict(),
  ),
  /** Every account's risk status, P&L, rule headroom and lockouts. */
  getRisk: request<RiskSnapshot>()(REQUEST_CHANNEL.getRisk, empty),
  /** Today's fills (trading day in force), newest first. */
  listFills: request<readonly FillView[]>()(REQUEST_CHANNEL.listFills, z.object({ accountId: accountId.optional() }).strict()),
  /** The intraday net P&L curve of one account (kept by the engine, so it survives a reload). */
  getPnlSeries: request<readonly PnlPoint[]>()(REQUEST_CHANNEL.getPnlSeries, z.object({ accountId }).strict()),
  /** The rules in force as YAML. */
  getRules: request<RulesDocument>()(REQUEST_CHANNEL.getRules, empty),
  /** Validates an edit without saving: problems by line and field, the diff, whether it loosens. */
  checkRules: request<RulesCheck>()(REQUEST_CHANNEL.checkRules, z.object({ yaml: rulesText }).strict()),
  /** Saves an edit (ROLE-1/2: loosening needs the admin password and waits for affected lockouts). */
  saveRules: request<RulesDocument>()(
    REQUEST_CHANNEL.saveRules,
    z.object({ yaml: rulesText, password: password.optional() }).strict(),
  ),
  /** Sets the admin password once, or changes it with the current one. */
  setAdminPassword: request<null>()(
    REQUEST_CHANNEL.setAdminPassword,
    z.object({ current: password.optional(), next: z.string().min(8).max(72) }).strict(),
  ),
  /** Clears one lockout early (admin password required; LOCK-7). */
  clearLockout: request<null>()(
    REQUEST_CHANNEL.clearLockout,
    z.object({ accountId, ruleId: z.string().min(1).max(80), symbol: z.string().max(20).nullable(), password }).strict(),
  ),
  /** Shadow mode per account: turning it on loosens, so it needs the admin password. */
  setShadow: request<null>()(
    REQUEST_CHANNEL.setShadow,
    z.object({ accountId, shadow: z.boolean(), password: password.optional() }).strict(),
  ),
  getPreferences: request<Preferences>()(REQUEST_CHANNEL.getPreferences, empty),
  /** Replaces the preferences (shadow accounts go through setShadow and are ignored here). */
  updatePreferences: request<Preferences>()(REQUEST_CHANNEL.updatePreferences, preferencesSchema),
  /** Built-in simulator only: the contracts a newcomer can practise on, with their last prices. */
  simMarket: request<readonly SimContractView[]>()(REQUEST_CHANNEL.simMarket, empty),
  /** Built-in simulator only: a market order as the web app would place it, so the rules can be seen at work. */
  simTrade: request<{ readonly orderId: number | null; readonly message: string | null }>()(
    REQUEST_CHANNEL.simTrade,
    z.object({ accountId, contractId: z.string().min(1).max(64), side: z.enum(['buy', 'sell']), size: z.number().int().min(1).max(50) }).strict(),
  ),
  /** Built-in simulator only: moves a contract's price by whole points in one frame. */
  simMovePrice: request<null>()(
    REQUEST_CHANNEL.simMovePrice,
    z.object({ contractId: z.string().min(1).max(64), points: z.number().int().min(-500).max(500).refine((n) => n !== 0, 'must move') }).strict(),
  ),
} as const satisfies { readonly [N in keyof typeof REQUEST_CHANNEL]: { readonly channel: (typeof REQUEST_CHANNEL)[N] } }

export const events = {
  healthChanged: event<HealthSnapshot>()(EVENT_CHANNEL.healthChanged),
  sessionChanged: event<SessionInfo>()(EVENT_CHANNEL.sessionChanged),
  /** Coalesced (≈10 Hz at most); never drops the last state. */
  portfolioChanged: event<PortfolioSnapshot>()(EVENT_CHANNEL.portfolioChanged),
  auditAppended: event<AuditEntryView>()(EVENT_CHANNEL.auditAppended),
  /** Coalesced (≈10 Hz at most), latest wins; lockouts and breaches also land as audit rows, never dropped. */
  riskChanged: event<RiskSnapshot>()(EVENT_CHANNEL.riskChanged),
  /** Every fill, never coalesced or dropped. */
  fillAppended: event<FillView>()(EVENT_CHANNEL.fillAppended),
  killSwitchProgress: event<KillSwitchProgress>()(EVENT_CHANNEL.killSwitchProgress),
} as const satisfies { readonly [N in keyof typeof EVENT_CHANNEL]: { readonly channel: (typeof EVENT_CHANNEL)[N] } }

export type RequestName = keyof typeof requests
export type EventName = keyof typeof events
export type RequestInput<N extends RequestName> = z.infer<(typeof requests)[N]['input']>
export type RequestOutput<N extends RequestName> = (typeof requests)[N]['output']
export type EventPayload<N extends EventName> = (typeof events)[N]['payload']

/** Every channel name, derived from the contract. */
export const REQUEST_CHANNELS: readonly string[] = Object.values(requests).map((r) => r.channel)
export const EVENT_CHANNELS: readonly string[] = Object.values(events).map((e) => e.channel)
