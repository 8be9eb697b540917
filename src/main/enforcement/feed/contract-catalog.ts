// Tick size, tick value and short name per contract, which the risk core needs to price positions and the
// dashboard needs to name them. Loaded in one `Contract/available` call at start, then one
// `Contract/searchById` per contract seen for the first time. Never guessed: until a contract's figures
// are known, the feed holds that account's events back (see RiskFeed).
import type { Logger } from '../../ports/logger'
import type { MetaRepository } from '../../ports/repositories'
import type { PxContract } from '../../../shared/projectx/models'

export interface ContractSpec {
  readonly contractId: string
  /** Short name as the platform shows it, e.g. MNQZ6. */
  readonly name: string
  readonly tickSize: number
  readonly tickValue: number
}

/** The part of the REST client the catalog reads through. */
export interface ContractLookup {
  availableContracts(live: boolean): Promise<PxContract[]>
  searchContractById(contractId: string): Promise<PxContract | null>
}

/** Meta key of the persisted copy of every spec learned, which offline tools (replay) read back. */
export const CONTRACT_SPECS_META_KEY = 'contracts.specs'

/** Receives every spec the catalog knows after it learned new ones (the persisted copy). */
export type PersistContractSpecs = (specs: readonly ContractSpec[]) => void

export class ContractCatalog {
  private readonly specs = new Map<string, ContractSpec>()
  private readonly pending = new Map<string, Promise<ContractSpec | null>>()

  constructor(
    private readonly lookup: ContractLookup,
    private readonly logger: Logger,
    private readonly persist?: PersistContractSpecs,
  ) {}

  /** Specs known beforehand (a persisted copy, offline); never persisted again from here. */
  seed(specs: readonly ContractSpec[]): void {
    for (const spec of specs) if (spec.tickSize > 0 && spec.tickValue > 0) this.specs.set(spec.contractId, spec)
  }

  /** Every spec known, for the persisted copy. */
  all(): ContractSpec[] {
    return [...this.specs.values()]
  }

  get(contractId: string): ContractSpec | null {
    return this.specs.get(contractId) ?? null
  }

  /** Every contract whose figures are known. */
  list(): ContractSpec[] {
    return [...this.specs.values()]
  }

  /** Short name for display; the id itself while unknown. */
  nameOf(contractId: string): string {
    return this.specs.get(contractId)?.name ?? contractId
  }

  /** One bulk read at start; a failure is logged and single lookups fill in later. */
  async preload(live: boolean): Promise<void> {
    try {
      let learned = false
      for (const contract of await this.lookup.availableContracts(live)) learned = this.remember(contract) !== null || learned
      if (learned) this.save()
    } catch (error) {
      this.logger.warn('contract list unavailable; looking contracts up one by one', { error })
    }
  }

  /** Resolves the spec, asking the gateway once per contract at a time; null when it does not know it. */
  resolve(contractId: string): Promise<ContractSpec | null> {
    const known = this.specs.get(contractId)
    if (known) return Promise.resolve(known)
    let inFlight = this.pending.get(contractId)
    if (!inFlight) {
      inFlight = this.lookup
        .searchContractById(contractId)
        .then((contract) => {
          const spec = contract === null ? null : this.remember(contract)
          if (spec !== null) this.save()
          return spec
        })
        .finally(() => this.pending.delete(contractId))
      this.pending.set(contractId, inFlight)
    }
    return inFlight
  }

  private save(): void {
    try {
      this.persist?.(this.all())
    } catch (error) {
      this.logger.warn('contract specs not persisted', { error })
    }
  }

  private remember(contract: PxContract): ContractSpec | null {
    if (!(contract.tickSize > 0) || !(contract.tickValue > 0)) return null
    const spec = { contractId: contract.id, name: contract.name, tickSize: contract.tickSize, tickValue: contract.tickValue }
    this.specs.set(contract.id, spec)
    return spec
  }
}

/** The specs in a persisted copy, malformed entries skipped (the value is read back from the meta table). */
export function readContractSpecs(value: unknown): ContractSpec[] {
  if (!Array.isArray(value)) return []
  return value.filter(
    (v): v is ContractSpec =>
      typeof v === 'object' && v !== null && typeof (v as ContractSpec).contractId === 'string' && (v as ContractSpec).tickSize > 0 && (v as ContractSpec).tickValue > 0,
  )
}

/** A persist callback writing into a meta store under CONTRACT_SPECS_META_KEY, merged with what it held. */
export function persistContractSpecsTo(meta: MetaRepository): PersistContractSpecs {
  return (specs) => {
    const merged = new Map(readContractSpecs(meta.get<unknown>(CONTRACT_SPECS_META_KEY)).map((s) => [s.contractId, s]))
    for (const spec of specs) merged.set(spec.contractId, { contractId: spec.contractId, name: spec.name, tickSize: spec.tickSize, tickValue: spec.tickValue })
    meta.set(CONTRACT_SPECS_META_KEY, [...merged.values()])
  }
}
