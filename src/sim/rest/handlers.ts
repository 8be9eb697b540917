// Business handlers of every REST endpoint: body in (already validated), envelope out.
import type {
  OrderQueryRequest,
  PlaceOrderRequest,
  PxEndpoint,
  PxOrder,
  RetrieveBarsRequest,
} from '../../shared/projectx'
import { MAX_BARS, generateBars, unitValid } from '../bars'
import type { SimCore } from '../core'
import type { SimOrder } from '../ledger'
import { parseTimestamp } from '../util/time'
import { restOrder, restPosition, restTrade } from './fields'

/** A handler's answer: HTTP status and JSON body (undefined = empty body). */
export interface HandlerResult {
  status: number
  body?: unknown
  text?: string
}

/** What the router hands a handler. */
export interface HandlerContext {
  core: SimCore
  body: Record<string, unknown>
  token: string | null
}

function env(payload: Record<string, unknown>, errorCode = 0, errorMessage: string | null = null): HandlerResult {
  return { status: 200, body: { ...payload, success: errorCode === 0, errorCode, errorMessage } }
}

const orderView = (core: SimCore) => (o: SimOrder): PxOrder => restOrder(o, core.restFields)

function num(v: unknown): number {
  return v as number
}

type Handler = (ctx: HandlerContext) => HandlerResult

export const HANDLERS: Record<Exclude<PxEndpoint, 'ping'>, Handler> = {
  loginKey: ({ core, body }) => {
    const f = core.faults.loginFail
    if (f && f.remaining > 0) {
      f.remaining -= 1
      return env({ token: null }, f.errorCode, f.errorCode === 7 ? 'You must sign the agreements in the platform before using the API.' : null)
    }
    const user = String(body.userName).toLowerCase()
    if (user !== core.config.userName.toLowerCase() || body.apiKey !== core.config.apiKey) return env({ token: null }, 3)
    return env({ token: core.auth.issue('loginKey').token })
  },
  loginApp: ({ core, body }) => {
    if (String(body.userName).toLowerCase() !== core.config.userName.toLowerCase() || body.password !== core.config.apiKey) return env({ token: null }, 3)
    return env({ token: core.auth.issue('loginApp').token })
  },
  validate: ({ core, token }) => {
    const f = core.faults.validateFail
    if (f && f.remaining > 0) {
      f.remaining -= 1
      if (f.mode !== 'envelope') return { status: f.mode }
      return env({ newToken: null }, f.errorCode)
    }
    if (core.auth.check(token) === 'revoked') return env({ newToken: null }, 1)
    return env({ newToken: core.auth.issue('validate').token })
  },
  logout: ({ core, token }) => {
    if (token) core.auth.revoke(token)
    return env({})
  },
  searchAccounts: ({ core, body }) => {
    const accounts = core.accountModels().filter((a) => !body.onlyActiveAccounts || a.isVisible)
    return env({ accounts })
  },
  searchContracts: ({ core, body }) => env({ contracts: core.catalog.search(String(body.searchText)) }),
  searchContractById: ({ core, body }) => {
    const c = core.catalog.get(String(body.contractId))
    return c ? env({ contract: { ...c.model } }) : env({ contract: null }, 1, 'Contract not found')
  },
  availableContracts: ({ core }) => env({ contracts: core.catalog.active.map((c) => ({ ...c.model })) }),
  retrieveBars: ({ core, body }) => {
    const r = body as unknown as RetrieveBarsRequest
    const c = core.catalog.get(r.contractId)
    if (!c) return env({ bars: null }, 1, 'Contract not found')
    if (!unitValid(r.unit)) return env({ bars: null }, 2, 'Invalid unit')
    if (r.unitNumber < 1) return env({ bars: null }, 3, 'Invalid unit number')
    if (r.limit < 1 || r.limit > MAX_BARS) return env({ bars: null }, 4, 'Invalid limit')
    const bars = generateBars(core.config.seed, c, {
      startMs: parseTimestamp(r.startTime),
      endMs: parseTimestamp(r.endTime),
      nowMs: core.clock.now(),
      unit: r.unit,
      unitNumber: r.unitNumber,
      limit: r.limit,
      includePartialBar: r.includePartialBar,
      ...lastPriceOf(core.market.quote(c.model.id)?.last),
    })
    return env({ bars })
  },
  placeOrder: ({ core, body }) => {
    const res = core.trading.place(body as unknown as PlaceOrderRequest)
    return { status: 200, body: res }
  },
  modifyOrder: ({ core, body }) => ({ status: 200, body: core.trading.modify(body as never) }),
  cancelOrder: ({ core, body }) => ({ status: 200, body: core.trading.cancel(body as never) }),
  searchOrders: ({ core, body }) => {
    if (!core.ledger.account(body.accountId)) return env({ orders: [] }, 1, 'Account not found')
    const from = parseTimestamp(body.startTimestamp)
    const to = body.endTimestamp ? parseTimestamp(body.endTimestamp) : Number.POSITIVE_INFINITY
    const orders = core.ledger.ordersOf(num(body.accountId)).filter((o) => o.createdMs >= from && o.createdMs <= to)
    return env({ orders: orders.map(orderView(core)) })
  },
  searchOpenOrders: ({ core, body }) => {
    if (!core.ledger.account(body.accountId)) return env({ orders: [] }, 1, 'Account not found')
    return env({ orders: core.ledger.ordersOf(num(body.accountId)).filter((o) => o.model.status === 1).map(orderView(core)) })
  },
  searchOrderById: ({ core, body }) => {
    const o = core.ledger.orders.get(num(body.orderId))
    if (!o || o.model.accountId !== body.accountId) return env({ order: null }, 1, 'Order not found')
    return env({ order: restOrder(o, core.restFields) })
  },
  queryOrders: ({ core, body }) => {
    const q = body as unknown as OrderQueryRequest
    const f = q.filter
    if (typeof f.accountId !== 'number') {
      return { status: 400, body: { type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1', title: 'One or more validation errors occurred.', status: 400, errors: { 'filter.accountId': ['The accountId field is required.'] } } }
    }
    if (!core.ledger.account(f.accountId)) return env({ orders: [] }, 1, 'Account not found')
    const after = f.createdAfter ? parseTimestamp(f.createdAfter) : Number.NEGATIVE_INFINITY
    const before = f.createdBefore ? parseTimestamp(f.createdBefore) : Number.POSITIVE_INFINITY
    let rows = core.ledger
      .ordersOf(f.accountId)
      .filter((o) => (!f.statuses || f.statuses.includes(o.model.status)) && (!f.contractId || o.model.contractId === f.contractId))
      .filter((o) => o.createdMs >= after && o.createdMs <= before)
    rows.sort((a, b) => (q.sortBy === 1 ? a.model.id - b.model.id : a.createdMs - b.createdMs || a.model.id - b.model.id))
    if (q.sortDirection === 1) rows.reverse()
    const total = rows.length
    const size = q.pageSize ?? 100
    const offset = q.pageOffset ?? 0
    rows = rows.slice(offset, offset + size)
    return env({ orders: rows.map(orderView(core)), ...(q.includeTotalCount ? { totalCount: total } : {}) })
  },
  searchOpenPositions: ({ core, body }) => {
    if (!core.ledger.account(body.accountId)) return env({ positions: [] }, 1, 'Account not found')
    return env({ positions: core.ledger.openPositions(num(body.accountId)).map((p) => restPosition(p, core.restFields)) })
  },
  closePosition: ({ core, body }) => ({ status: 200, body: core.trading.close(body as never, false) }),
  partialClosePosition: ({ core, body }) => ({ status: 200, body: core.trading.close(body as never, true) }),
  searchTrades: ({ core, body }) => {
    if (!core.ledger.account(body.accountId)) return env({ trades: [] }, 1, 'Account not found')
    const from = body.startTimestamp ? parseTimestamp(body.startTimestamp) : Number.NEGATIVE_INFINITY
    const to = body.endTimestamp ? parseTimestamp(body.endTimestamp) : Number.POSITIVE_INFINITY
    const trades = core.ledger.trades.filter((t) => t.model.accountId === body.accountId && t.createdMs >= from && t.createdMs <= to)
    return env({ trades: trades.map((t) => restTrade(t.model, core.restFields)) })
  },
}


function lastPriceOf(last: number | undefined): { lastPrice?: number } {
  return last === undefined ? {} : { lastPrice: last }
}
