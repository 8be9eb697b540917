// The in-process SimControl implementation over the core and the hub server.
import type { SimBehaviour } from './behaviour'
import type { SimControl, GarbageKind } from './control-types'
import type { SimCore } from './core'
import type { HubServer } from './hub/hub-server'
import { invocation } from './hub/protocol'
import { restOrder, restPosition, restTrade } from './rest/fields'

/** Contracts that the automatic ticker moves: subscribed ones, ones with orders/positions or scripts. */
export function activeContracts(core: SimCore, hubs: HubServer): string[] {
  const set = new Set(hubs.subscribedContracts())
  for (const o of core.ledger.orders.values()) if ([1, 6, 8].includes(o.model.status)) set.add(o.model.contractId)
  for (const p of core.ledger.positions.values()) set.add(p.contractId)
  for (const c of core.catalog.all()) if (core.market.hasScript(c.model.id)) set.add(c.model.id)
  return [...set].sort()
}

export function createControl(core: SimCore, hubs: HubServer): SimControl {
  const L = core.ledger
  const F = core.faults
  const garbage = (kind: GarbageKind, accountId: number, contractId: string): number => {
    switch (kind) {
      case 'missingFields':
        return hubs.inject('user', invocation('GatewayUserOrder', [{ action: 1, data: { accountId, status: 1 } }]))
      case 'wrongTypes':
        return hubs.inject('user', invocation('GatewayUserTrade', [{ action: 0, data: { id: 'not-a-number', accountId: String(accountId), price: 'high', size: null, side: 'buy' } }]))
      case 'crossedQuote': {
        const q = core.market.quote(contractId)
        const bid = (q?.ask ?? 100) + 10
        return hubs.inject('market', invocation('GatewayQuote', [contractId, { symbol: 'F.US.X', bestBid: bid, bestAsk: bid - 20, lastPrice: bid - 5 }]))
      }
      case 'nullDepth':
        return hubs.inject('market', invocation('GatewayDepth', [contractId, [null, { timestamp: 'yesterday', type: 'Bid', price: null, volume: -1, currentVolume: 0 }]]))
      case 'unknownTarget':
        return hubs.inject('user', invocation('GatewayUserSomethingNew', [{ action: 9, data: {} }]))
      case 'malformedJson':
        return hubs.inject('user', '{"type":1,"target":"GatewayUserOrder","arguments":[{"action":1,"data":{"id":\u001e')
    }
  }

  const control: SimControl = {
    accounts: () => core.accountModels(),
    positions: (arg) => L.openPositions(arg?.accountId).map((p) => restPosition(p, core.restFields)),
    orders: (arg) => L.ordersOf(arg?.accountId).filter((o) => !arg?.openOnly || o.model.status === 1).map((o) => restOrder(o, core.restFields)),
    trades: (arg) => L.trades.filter((t) => arg?.accountId === undefined || t.model.accountId === arg.accountId).map((t) => restTrade(t.model, core.restFields)),
    tokens: () => core.auth.list(),
    requestLog: (arg) => core.requestLog.filter((r) => !arg?.path || r.path.includes(arg.path)).map((r) => ({ ...r })),
    hubLog: () => core.hubLog.map((h) => ({ ...h })),
    frames: (arg) => hubs.frames.filter((f) => (!arg?.hub || f.hub === arg.hub) && (!arg?.excludePings || !f.text.startsWith('{"type":6'))).map((f) => ({ ...f })),
    connections: () =>
      [...hubs.connections.values()].map((c) => ({
        id: c.id,
        hub: c.hub,
        token: c.token,
        accounts: c.subs.accounts,
        orders: [...c.subs.orders],
        positions: [...c.subs.positions],
        trades: [...c.subs.trades],
        quotes: [...c.subs.quotes],
        marketTrades: [...c.subs.marketTrades],
        depth: [...c.subs.depth],
      })),
    quote: ({ contractId }) => core.market.quote(contractId) ?? null,
    now: () => core.clock.now(),
    clearLogs: () => {
      core.requestLog.length = 0
      core.hubLog.length = 0
      hubs.frames.length = 0
    },

    placeOrder: (arg) => core.trading.place(arg),
    modifyOrder: (arg) => core.trading.modify(arg),
    cancelOrder: (arg) => core.trading.cancel(arg),
    closePosition: (arg) => core.trading.close(arg, false),
    partialClosePosition: (arg) => core.trading.close(arg, true),
    setCanTrade: ({ accountId, canTrade }) => {
      const known = L.setCanTrade(accountId, canTrade)
      if (known && !canTrade && core.behaviour.cancelOnCanTradeFalse) core.trading.cancelResting(accountId)
      return known
    },
    setAutoOco: ({ accountId, enabled }) => {
      const a = L.account(accountId)
      if (a) a.autoOco = enabled
      return Boolean(a)
    },
    setPartialFills: ({ maxFillSize, orderId, perLevel }) => {
      const cap = (n: number | undefined): number => Math.max(0, Math.floor(n ?? 0))
      if (orderId !== undefined) core.trading.orderFillCaps.set(orderId, cap(maxFillSize))
      else if (maxFillSize !== undefined) L.partialFillMax = cap(maxFillSize)
      if (perLevel !== undefined) core.trading.levelFillCap = cap(perLevel)
    },
    voidTrade: ({ tradeId }) => L.voidTrade(tradeId),
    setFees: ({ product, fee, commission }) => core.catalog.setFee(product, fee, commission),
    setBehaviour: (arg) => {
      for (const [k, v] of Object.entries(arg ?? {})) if (k in core.behaviour && typeof v === typeof core.behaviour[k as keyof SimBehaviour]) Object.assign(core.behaviour, { [k]: v })
      return { ...core.behaviour }
    },

    setQuote: ({ contractId, ...q }) => {
      core.publish(core.market.setQuote(contractId, q))
      return core.market.quote(contractId) ?? null
    },
    scriptPrices: ({ contractId, path }) => core.market.script(contractId, path),
    movePrice: ({ contractId, price, steps, everyMs }) => {
      const points = core.market.pathTo(contractId, price, steps)
      if (!points) return false
      if (!everyMs || everyMs <= 0) return core.market.script(contractId, points)
      points.forEach((p, i) => core.scheduler.after(everyMs * (i + 1), () => core.publish(core.market.jumpTo(contractId, p))))
      return true
    },
    gapPrice: ({ contractId, price, afterMs }) => {
      if (!core.market.quote(contractId)) return false
      const jump = (): void => core.publish(core.market.jumpTo(contractId, price))
      if (afterMs && afterMs > 0) core.scheduler.after(afterMs, jump)
      else jump()
      return true
    },
    stepMarket: (arg) => {
      const steps = arg?.steps ?? 1
      for (let i = 0; i < steps; i++) {
        const ids = arg?.contractId ? [arg.contractId] : activeContracts(core, hubs)
        for (const id of ids) core.publish(core.market.step(id))
      }
    },
    freezeMarket: ({ frozen }) => void (core.market.frozen = frozen),
    setSession: ({ open }) => core.setSession(open),

    advanceClock: ({ ms }) => {
      core.scheduler.advance(ms)
      core.onTime()
      return core.clock.now()
    },
    freezeClock: ({ frozen, atMs }) => {
      // Freeze first, then pin: pinning a running clock and freezing it after could let a millisecond pass.
      core.clock.setFrozen(frozen)
      if (atMs !== undefined) core.clock.set(atMs)
      core.scheduler.runDue()
      core.onTime()
    },
    setPlatformRules: ({ accountId, rules }) => core.platform.set(accountId, rules),
    platformRules: () => core.platform.list(),

    dropHubs: ({ mode, hub, afterFrames }) => hubs.drop(mode, hub, afterFrames),
    refuseHubConnects: ({ ms, status, hub }) => void (F.hubRefusal = { untilMs: Date.now() + ms, status, hub }),
    failRequests: (rule) => F.addRestRule(rule),
    clearRequestFaults: () => void (F.restRules = []),
    setLatency: ({ ms, path }) => {
      if (ms <= 0) F.latency = []
      else F.latency.push({ ms, path })
    },
    expireTokens: () => core.auth.expireAll(),
    revokeSession: () => {
      core.auth.revokeAll()
      hubs.sendLogout()
      for (const c of [...hubs.connections.values()]) c.closeWith('Unauthorized', true)
    },
    userEventFaults: ({ duplicate, reorder, delayMs }) => {
      if (duplicate !== undefined) F.userEvents.duplicate = duplicate
      if (reorder !== undefined) F.userEvents.reorder = reorder
      if (delayMs !== undefined) F.userEvents.delayMs = delayMs
    },
    sendLogout: (arg) => hubs.sendLogout(arg?.args ?? []),
    stallHubs: ({ stalled, hub }) => {
      if (!hub || hub === 'user') F.stalled.user = stalled
      if (!hub || hub === 'market') F.stalled.market = stalled
    },
    stopQuotes: ({ stopped }) => void (F.quotesStopped = stopped),
    subscribeFaults: ({ hub, ignoreMs, errorCount }) => {
      for (const h of hub ? [hub] : (['user', 'market'] as const)) {
        if (ignoreMs !== undefined) F.subscribeIgnoreUntilMs[h] = Date.now() + ignoreMs
        if (errorCount !== undefined) F.subscribeErrors[h] = errorCount
      }
    },
    rejectOrders: ({ count, errorCode, errorMessage }) =>
      void (core.trading.rejectRule = { remaining: count, errorCode: errorCode ?? 2, errorMessage: errorMessage ?? 'Order rejected by risk check.' }),
    setRateLimits: ({ general, bars }) => {
      if (general) core.limiter.budgets.general = general
      if (bars) core.limiter.budgets.bars = bars
      core.limiter.reset()
    },
    injectGarbage: ({ kind, accountId, contractId }) => garbage(kind, accountId ?? L.accounts[0]?.model.id ?? 0, contractId ?? 'CON.F.US.MNQ.Z26'),
    injectFrame: ({ hub, target, arguments: args }) => hubs.inject(hub, invocation(target, args)),
    failLogin: ({ errorCode, count }) => void (F.loginFail = errorCode === 0 ? null : { errorCode, remaining: count ?? Number.POSITIVE_INFINITY }),
    failValidate: ({ mode, errorCode, count }) => void (F.validateFail = { mode, errorCode: errorCode ?? 1, remaining: count ?? Number.POSITIVE_INFINITY }),
    resetFaults: () => {
      F.reset()
      core.trading.rejectRule = null
    },
  }
  return control
}
