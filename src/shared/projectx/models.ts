// Gateway data models as they appear on the wire (REST and hubs share them; spec projectx-api.md §4).
// Hub frames omit null fields, so every nullable is optional-or-null. Ids are JS numbers: order and
// trade ids exceed 2^31 and must never be coerced to 32 bits.

import type { DomType, OrderSide, OrderStatus, OrderType, PositionType, TradeLogType } from './enums'

export interface PxAccount {
  id: number
  name: string
  balance: number
  canTrade: boolean
  isVisible: boolean
  simulated?: boolean
}

export interface PxContract {
  id: string
  name: string
  description: string
  tickSize: number
  tickValue: number
  activeContract: boolean
  symbolId: string
}

export interface PxOrder {
  id: number
  accountId: number
  contractId: string
  symbolId?: string
  creationTimestamp: string
  updateTimestamp?: string | null
  status: OrderStatus
  type: OrderType
  side: OrderSide
  size: number
  limitPrice?: number | null
  stopPrice?: number | null
  fillVolume?: number
  filledPrice?: number | null
  customTag?: string | null
  trailPrice?: number | null
  trailDistance?: number | null
  parentOrderId?: number | null
  linkedOrderId?: number | null
}

export interface PxPosition {
  id: number
  accountId: number
  contractId: string
  contractDisplayName?: string
  creationTimestamp: string
  type: PositionType
  /** Always positive while open; a hub frame with size 0 means the position closed. */
  size: number
  averagePrice: number
}

/** One fill (a half-turn). `profitAndLoss` is null/absent on opening fills and gross of fees on closing ones. */
export interface PxTrade {
  id: number
  accountId: number
  contractId: string
  creationTimestamp: string
  price: number
  profitAndLoss?: number | null
  fees: number
  commissions?: number | null
  side: OrderSide
  size: number
  voided: boolean
  orderId: number
}

export interface PxBar {
  t: string
  o: number
  h: number
  l: number
  c: number
  v: number
}

/** Market-hub quote; whether every field is always present is unverified, so all are optional. */
export interface PxQuote {
  symbol?: string
  symbolName?: string
  lastPrice?: number
  bestBid?: number
  bestAsk?: number
  change?: number
  changePercent?: number
  open?: number
  high?: number
  low?: number
  volume?: number
  lastUpdated?: string
  timestamp?: string
}

export interface PxMarketTrade {
  symbolId: string
  price: number
  timestamp: string
  type: TradeLogType
  volume: number
}

export interface PxDepth {
  timestamp: string
  type: DomType
  price: number
  volume: number
  currentVolume: number
}

/** A user-hub argument: bare, wrapped as `{action, data}`, or an array of either. */
export type PxUserHubFrame<T> = { action: number; data: T } | T | Array<{ action: number; data: T } | T>
