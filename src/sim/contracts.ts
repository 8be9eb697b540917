// The simulated contract catalogue: real ProjectX roots, tick sizes/values (spec §8.3) and fee schedule
// (ProjectX fee table, per side: E-minis 1.40, micros 0.37, CL 1.52, GC 1.62, MCL 0.52, MGC 0.62).
import type { PxContract } from '../shared/projectx'

/** One simulated product with its seed price and per-side exchange fee + commission (per contract). */
export interface SimProduct {
  root: string
  /** The CME symbol (`ES` for root `EP`): quotes carry it as `symbolName` `/ES`. */
  cme: string
  name: string
  description: string
  tickSize: number
  tickValue: number
  startPrice: number
  fee: number
  commission: number
}

const MONTH = 'Z26'

const PRODUCTS: readonly SimProduct[] = [
  { root: 'MNQ', cme: 'MNQ', name: 'MNQZ6', description: 'Micro E-mini Nasdaq-100: December 2026', tickSize: 0.25, tickValue: 0.5, startPrice: 21000, fee: 0.37, commission: 0.25 },
  { root: 'ENQ', cme: 'NQ', name: 'NQZ6', description: 'E-mini Nasdaq-100: December 2026', tickSize: 0.25, tickValue: 5, startPrice: 21000, fee: 1.4, commission: 0.5 },
  { root: 'EP', cme: 'ES', name: 'ESZ6', description: 'E-mini S&P 500: December 2026', tickSize: 0.25, tickValue: 12.5, startPrice: 6000, fee: 1.4, commission: 0.5 },
  { root: 'MES', cme: 'MES', name: 'MESZ6', description: 'Micro E-mini S&P 500: December 2026', tickSize: 0.25, tickValue: 1.25, startPrice: 6000, fee: 0.37, commission: 0.25 },
  { root: 'RTY', cme: 'RTY', name: 'RTYZ6', description: 'E-mini Russell 2000: December 2026', tickSize: 0.1, tickValue: 5, startPrice: 2300, fee: 1.4, commission: 0.5 },
  { root: 'M2K', cme: 'M2K', name: 'M2KZ6', description: 'Micro E-mini Russell 2000: December 2026', tickSize: 0.1, tickValue: 0.5, startPrice: 2300, fee: 0.37, commission: 0.25 },
  { root: 'YM', cme: 'YM', name: 'YMZ6', description: 'E-mini Dow Jones ($5): December 2026', tickSize: 1, tickValue: 5, startPrice: 44000, fee: 1.4, commission: 0.5 },
  { root: 'MYM', cme: 'MYM', name: 'MYMZ6', description: 'Micro E-mini Dow Jones: December 2026', tickSize: 1, tickValue: 0.5, startPrice: 44000, fee: 0.37, commission: 0.25 },
  { root: 'CLE', cme: 'CL', name: 'CLZ6', description: 'Crude Oil: December 2026', tickSize: 0.01, tickValue: 10, startPrice: 70, fee: 1.52, commission: 0.5 },
  { root: 'MCLE', cme: 'MCL', name: 'MCLZ6', description: 'Micro Crude Oil: December 2026', tickSize: 0.01, tickValue: 1, startPrice: 70, fee: 0.52, commission: 0.25 },
  { root: 'GCE', cme: 'GC', name: 'GCZ6', description: 'Gold: December 2026', tickSize: 0.1, tickValue: 10, startPrice: 3300, fee: 1.62, commission: 0.5 },
  { root: 'MGC', cme: 'MGC', name: 'MGCZ6', description: 'Micro Gold: December 2026', tickSize: 0.1, tickValue: 1, startPrice: 3300, fee: 0.62, commission: 0.25 },
]

/** A catalogue entry: the wire model plus simulation parameters. */
export interface SimContract {
  model: PxContract
  product: SimProduct
}

function build(p: SimProduct, month: string, active: boolean): SimContract {
  return {
    product: p,
    model: {
      id: `CON.F.US.${p.root}.${month}`,
      name: active ? p.name : `${p.name.slice(0, -2)}${month[0]}${month.slice(-1)}`,
      description: active ? p.description : p.description.replace('December', 'September'),
      tickSize: p.tickSize,
      tickValue: p.tickValue,
      activeContract: active,
      symbolId: `F.US.${p.root}`,
    },
  }
}

/** Active front months plus one expired MNQ month (activeContract false, for place code 9). */
export class ContractCatalog {
  private readonly byId = new Map<string, SimContract>()
  readonly active: SimContract[]

  constructor() {
    // Each catalogue owns copies of the products, so fees changed at run time stay within one simulator.
    const products = PRODUCTS.map((p) => ({ ...p }))
    this.active = products.map((p) => build(p, MONTH, true))
    for (const c of this.active) this.byId.set(c.model.id, c)
    const expired = build(products[0] as SimProduct, 'U26', false)
    this.byId.set(expired.model.id, expired)
  }

  get(contractId: string): SimContract | undefined {
    return this.byId.get(contractId)
  }

  /** The product a key names: root (`EP`), CME symbol (`ES`), symbolId (`F.US.EP`) or a contract id. */
  product(key: string): SimProduct | undefined {
    const k = key.toUpperCase()
    return this.get(key)?.product ?? this.active.find((c) => [c.product.root, c.product.cme, c.model.symbolId.toUpperCase()].includes(k))?.product
  }

  /** Set the per-side exchange fee (and optionally the commission) of a product; false when unknown. */
  setFee(key: string, fee: number, commission?: number): boolean {
    const p = this.product(key)
    if (!p || !Number.isFinite(fee) || fee < 0) return false
    p.fee = fee
    if (commission !== undefined && Number.isFinite(commission) && commission >= 0) p.commission = commission
    return true
  }

  all(): SimContract[] {
    return [...this.byId.values()]
  }

  /** Fuzzy search like the gateway: substring over id, name, symbol and description; at most 20. */
  search(text: string): PxContract[] {
    const q = text.trim().toUpperCase()
    const hits = this.active.filter((c) => {
      if (q === '') return true
      const m = c.model
      return [m.id, m.name, m.symbolId, m.description.toUpperCase(), c.product.root].some((f) => f.toUpperCase().includes(q))
    })
    return hits.slice(0, 20).map((c) => ({ ...c.model }))
  }
}

/** Snap a price to the tick grid (kills float noise such as 6000.250000001). */
export function roundToTick(price: number, tickSize: number): number {
  const ticks = Math.round(price / tickSize)
  return Number((ticks * tickSize).toFixed(10))
}
