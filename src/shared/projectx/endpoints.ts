// Request and response bodies of every REST endpoint (spec projectx-api.md §3). All business endpoints
// are POST with a JSON body; only GET /api/Status/ping is a GET. Every JSON reply carries the envelope.

import type { AggregateBarUnit, OrderSide, OrderStatus, OrderType } from './enums'
import type { PxAccount, PxBar, PxContract, PxOrder, PxPosition, PxTrade } from './models'

export interface PxEnvelope {
  success: boolean
  /** 0 = success; the meaning of any other value depends on the endpoint (see error-codes.ts). */
  errorCode: number
  errorMessage: string | null
}

export interface LoginKeyRequest {
  userName: string
  apiKey: string
}
export interface LoginResponse extends PxEnvelope {
  token: string | null
}
export interface ValidateResponse extends PxEnvelope {
  newToken: string | null
}

export interface SearchAccountRequest {
  onlyActiveAccounts: boolean
}
export interface SearchAccountResponse extends PxEnvelope {
  accounts: PxAccount[]
}

export interface SearchContractRequest {
  searchText: string
  live: boolean
}
export interface SearchContractResponse extends PxEnvelope {
  contracts: PxContract[]
}
export interface SearchContractByIdRequest {
  contractId: string
}
export interface SearchContractByIdResponse extends PxEnvelope {
  contract: PxContract | null
}
export interface AvailableContractsRequest {
  live: boolean
}

export interface RetrieveBarsRequest {
  contractId: string
  live: boolean
  startTime: string
  endTime: string
  unit: AggregateBarUnit
  unitNumber: number
  limit: number
  includePartialBar: boolean
}
export interface RetrieveBarsResponse extends PxEnvelope {
  bars: PxBar[]
}

export interface BracketRequest {
  ticks: number
  type: OrderType
}
export interface PlaceOrderRequest {
  accountId: number
  contractId: string
  type: OrderType
  side: OrderSide
  size: number
  limitPrice?: number | null
  stopPrice?: number | null
  trailPrice?: number | null
  customTag?: string | null
  stopLossBracket?: BracketRequest | null
  takeProfitBracket?: BracketRequest | null
}
export interface PlaceOrderResponse extends PxEnvelope {
  /** Can be a real id even when `success` is false: the order then goes Pending → Rejected on the hub. */
  orderId: number | null
}

export interface ModifyOrderRequest {
  accountId: number
  orderId: number
  size?: number | null
  limitPrice?: number | null
  stopPrice?: number | null
  trailPrice?: number | null
}
export interface CancelOrderRequest {
  accountId: number
  orderId: number
}
export interface SearchOrderRequest {
  accountId: number
  startTimestamp: string
  endTimestamp?: string | null
}
export interface SearchOpenOrderRequest {
  accountId: number
}
export interface SearchOrderResponse extends PxEnvelope {
  orders: PxOrder[]
}
export interface SearchOrderByIdRequest {
  accountId: number
  orderId: number
}
export interface SearchOrderByIdResponse extends PxEnvelope {
  order: PxOrder | null
}
export interface OrderQueryRequest {
  filter: {
    accountId: number
    statuses?: OrderStatus[]
    contractId?: string
    createdAfter?: string
    createdBefore?: string
  }
  pageSize?: number
  pageOffset?: number
  sortBy?: 0 | 1
  sortDirection?: 0 | 1
  includeTotalCount?: boolean
}
export interface OrderQueryResponse extends PxEnvelope {
  orders: PxOrder[]
  totalCount?: number
}

export interface SearchPositionRequest {
  accountId: number
}
export interface SearchPositionResponse extends PxEnvelope {
  positions: PxPosition[]
}
export interface ClosePositionRequest {
  accountId: number
  contractId: string
}
export interface PartialClosePositionRequest {
  accountId: number
  contractId: string
  size: number
}

export interface SearchTradeRequest {
  accountId: number
  startTimestamp: string
  endTimestamp?: string | null
}
export interface SearchTradeResponse extends PxEnvelope {
  trades: PxTrade[]
}

/** Every REST path the gateway serves, keyed by a stable name used for limiter groups and logs. */
export const PX_PATHS = {
  loginKey: '/api/Auth/loginKey',
  loginApp: '/api/Auth/loginApp',
  validate: '/api/Auth/validate',
  logout: '/api/Auth/logout',
  searchAccounts: '/api/Account/search',
  searchContracts: '/api/Contract/search',
  searchContractById: '/api/Contract/searchById',
  availableContracts: '/api/Contract/available',
  retrieveBars: '/api/History/retrieveBars',
  placeOrder: '/api/Order/place',
  modifyOrder: '/api/Order/modify',
  cancelOrder: '/api/Order/cancel',
  searchOrders: '/api/Order/search',
  searchOpenOrders: '/api/Order/searchOpen',
  searchOrderById: '/api/Order/searchById',
  queryOrders: '/api/Order/v2/query',
  searchOpenPositions: '/api/Position/searchOpen',
  closePosition: '/api/Position/closeContract',
  partialClosePosition: '/api/Position/partialCloseContract',
  searchTrades: '/api/Trade/search',
  ping: '/api/Status/ping',
} as const
export type PxEndpoint = keyof typeof PX_PATHS

/** Hub method and event names (spec projectx-api.md §6). */
export const PX_USER_HUB = {
  subscribeAccounts: 'SubscribeAccounts',
  subscribeOrders: 'SubscribeOrders',
  subscribePositions: 'SubscribePositions',
  subscribeTrades: 'SubscribeTrades',
  unsubscribeAccounts: 'UnsubscribeAccounts',
  unsubscribeOrders: 'UnsubscribeOrders',
  unsubscribePositions: 'UnsubscribePositions',
  unsubscribeTrades: 'UnsubscribeTrades',
  onAccount: 'GatewayUserAccount',
  onOrder: 'GatewayUserOrder',
  onPosition: 'GatewayUserPosition',
  onTrade: 'GatewayUserTrade',
  onLogout: 'GatewayLogout',
} as const

export const PX_MARKET_HUB = {
  subscribeQuotes: 'SubscribeContractQuotes',
  unsubscribeQuotes: 'UnsubscribeContractQuotes',
  subscribeTrades: 'SubscribeContractTrades',
  unsubscribeTrades: 'UnsubscribeContractTrades',
  subscribeDepth: 'SubscribeContractMarketDepth',
  unsubscribeDepth: 'UnsubscribeContractMarketDepth',
  onQuote: 'GatewayQuote',
  onTrade: 'GatewayTrade',
  onDepth: 'GatewayDepth',
} as const
