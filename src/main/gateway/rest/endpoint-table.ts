// Per-endpoint facts the REST layer needs: path, limiter bucket, breaker group, write flag, timeout, and
// the errorCode table generated from the swagger enums in src/shared/projectx/error-codes.ts (ERR-2).

import {
  CancelOrderErrorCode,
  ClosePositionErrorCode,
  ListAvailableContractErrorCode,
  LoginErrorCode,
  LogoutErrorCode,
  ModifyOrderErrorCode,
  PartialClosePositionErrorCode,
  PlaceOrderErrorCode,
  RetrieveBarErrorCode,
  SearchAccountErrorCode,
  SearchContractByIdErrorCode,
  SearchContractErrorCode,
  SearchOrderByIdErrorCode,
  SearchOrderErrorCode,
  SearchPositionErrorCode,
  SearchTradeErrorCode,
  ValidateErrorCode,
} from '../../../shared/projectx/error-codes'
import { PX_PATHS, type PxEndpoint } from '../../../shared/projectx/endpoints'

/** Rate-limit window an endpoint draws from (RATE-1). */
export type RateBucketName = 'general' | 'bars'

/** Circuit-breaker group an endpoint reports to (CB-1). */
export type RestBreakerGroup = 'general' | 'history'

/** Which timeout setting applies (ORD-2). */
export type TimeoutKind = 'default' | 'place' | 'cancel' | 'modify'

export interface EndpointInfo {
  readonly endpoint: PxEndpoint
  readonly path: string
  readonly bucket: RateBucketName
  readonly breaker: RestBreakerGroup
  /** Mutating calls are sent at most once and answer with a WriteOutcome (TOK-11, RETRY-5). */
  readonly write: boolean
  readonly timeout: TimeoutKind
  /** The swagger `*ErrorCode` enum of this endpoint: name → integer. */
  readonly codes: Readonly<Record<string, number>>
}

const WRITES: ReadonlySet<PxEndpoint> = new Set<PxEndpoint>([
  'placeOrder',
  'modifyOrder',
  'cancelOrder',
  'closePosition',
  'partialClosePosition',
])

const CODES: Readonly<Record<PxEndpoint, Readonly<Record<string, number>>>> = {
  loginKey: LoginErrorCode,
  loginApp: LoginErrorCode,
  validate: ValidateErrorCode,
  logout: LogoutErrorCode,
  searchAccounts: SearchAccountErrorCode,
  searchContracts: SearchContractErrorCode,
  searchContractById: SearchContractByIdErrorCode,
  availableContracts: ListAvailableContractErrorCode,
  retrieveBars: RetrieveBarErrorCode,
  placeOrder: PlaceOrderErrorCode,
  modifyOrder: ModifyOrderErrorCode,
  cancelOrder: CancelOrderErrorCode,
  searchOrders: SearchOrderErrorCode,
  searchOpenOrders: SearchOrderErrorCode,
  searchOrderById: SearchOrderByIdErrorCode,
  queryOrders: SearchOrderErrorCode,
  searchOpenPositions: SearchPositionErrorCode,
  closePosition: ClosePositionErrorCode,
  partialClosePosition: PartialClosePositionErrorCode,
  searchTrades: SearchTradeErrorCode,
  ping: { Success: 0 },
}

function timeoutKind(endpoint: PxEndpoint): TimeoutKind {
  if (endpoint === 'placeOrder') return 'place'
  if (endpoint === 'cancelOrder') return 'cancel'
  if (endpoint === 'modifyOrder') return 'modify'
  return 'default'
}

/** Every endpoint's metadata, built once from PX_PATHS so a new path cannot be forgotten. */
export const ENDPOINTS: Readonly<Record<PxEndpoint, EndpointInfo>> = Object.fromEntries(
  (Object.keys(PX_PATHS) as PxEndpoint[]).map((endpoint) => {
    const bars = endpoint === 'retrieveBars'
    const info: EndpointInfo = {
      endpoint,
      path: PX_PATHS[endpoint],
      bucket: bars ? 'bars' : 'general',
      breaker: bars ? 'history' : 'general',
      write: WRITES.has(endpoint),
      timeout: timeoutKind(endpoint),
      codes: CODES[endpoint],
    }
    return [endpoint, info]
  }),
) as Record<PxEndpoint, EndpointInfo>

/** How a non-zero errorCode of one endpoint is to be treated (ERR-3, ERR-4). */
export type CodeKind = 'success' | 'business' | 'unknownError' | 'unknown'

export interface CodeLookup {
  readonly kind: CodeKind
  /** The swagger name, or `Unknown(<code>)` when the endpoint's enum has no such value. */
  readonly name: string
}

// Inverted once at load: code → name per endpoint. The same integer means different things on
// different endpoints, so there is deliberately no global table.
const BY_CODE: ReadonlyMap<PxEndpoint, ReadonlyMap<number, string>> = new Map(
  (Object.keys(CODES) as PxEndpoint[]).map((ep) => [
    ep,
    new Map(Object.entries(CODES[ep]).map(([name, code]) => [code, name] as const)),
  ]),
)

/** Looks up an errorCode in the endpoint's own enum. */
export function lookupErrorCode(endpoint: PxEndpoint, code: number): CodeLookup {
  const name = BY_CODE.get(endpoint)?.get(code)
  if (name === undefined) return { kind: 'unknown', name: `Unknown(${code})` }
  if (code === 0) return { kind: 'success', name }
  if (name === 'UnknownError') return { kind: 'unknownError', name }
  return { kind: 'business', name }
}
