// The simulated contract catalogue: real ProjectX roots, tick sizes/values (spec §8.3) and fee schedule.
import type { PxContract } from '../shared/projectx'

/** One simulated product with its seed price and per-side exchange fee + commission (per contract). */
export interface SimProduct {
  root: string
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
  { root: 'MNQ', name: 'MNQZ6', description: 'Micro E-mini Nasdaq-100: December 2026', tickSize: 0.25, tickValue: 0.5, startPrice: 21000, fee: 0.37, commission: 0.25 },
  { root: 'ENQ', name: 'NQZ6', description: 'E-mini Nasdaq-100: December 2026', tickSize: 0.25, tickValue: 5, startPrice: 21000, fee: 1.4, commission: 0.5 },
  { root: 'EP', name: 'ESZ6', description: 'E-mini S&P 500: December 2026', tickSize: 0.25, tickValue: 12.5, startPrice: 6000, fee: 1.4, commission: 0.5 },
  { root: 'MES', name: 'MESZ6', description: 'Micro E-mini S&P 500: December 2026', tickSize: 0.25, tickValue: 1.25, startPrice: 6000, fee: 0.37, commission: 0.25 },
  { root: 'RTY', name: 'RTYZ6', description: 'E-mini Russell 2000: December 2026', tickSize: 0.1, tickValue: 5, startPrice: 2300, fee: 1.4, commission: 0.5 },
  { root: 'M2K', name: 'M2KZ6', description: 'Micro E-mini Russell 2000: December 2026', tickSize: 0.1, tickValue: 0.5, startPrice: 2300, fee: 0.37, commission: 0.25 },
  { root: 'YM', name: 'YMZ6', description: 'E-mini Dow Jones ($5): December 2026', tickSize: 1, tickValue: 5, startPrice: 44000, fee: 1.4, commission: 0.5 },
  { root: 'MYM', name: 'MYMZ6', description: 'Micro E-mini Dow Jones: December 2026', tickSize: 1, tickValue: 0.5, startPrice: 44000, fee: 0.37, commission: 0.25 },
  { root: 'CLE', name: 'CLZ6', description: 'Crude Oil: December 2026', tickSize: 0.01, tickValue: 10, startPrice: 70, fee: 1.5, commission: 0.5 },
  { root: 'MCLE', name: 'MCLZ6', description: 'Micro Crude Oil: December 2026', tickSize: 0.01, tickValue: 1, startPrice: 70, fee: 0.5, commission: 0.25 },
  { root: 'GCE', name: 'GCZ6', description: 'Gold: December 2026', tickSize: 0.1, tickValue: 10, startPrice: 3300, fee: 1.6, commission: 0.5 },
  { root: 'MGC', name: 'MGCZ6', description: 'Micro Gold: December 2026', tickSize: 0.1, tickValue: 1, startPrice: 3300, fee: 0.5, commission: 0.25 },
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
    this.active = PRODUCTS.map((p) => build(p, MONTH, true))
    for (const c of this.active) this.byId.set(c.model.id, c)
    const expired = build(PRODUCTS[0] as SimProduct, 'U26', false)
    this.byId.set(expired.model.id, expired)
  }

  get(contractId: string): SimContract | undefined {
    return this.byId.get(contractId)
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
