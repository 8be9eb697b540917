// Tick size, tick value and short name per contract, which the risk core needs to price positions and the
// dashboard needs to name them. Loaded in one `Contract/available` call at start, then one
// `Contract/searchById` per contract seen for the first time. Never guessed: until a contract's figures
// are known, the feed holds that account's events back (see RiskFeed).
import type { Logger } from '../../ports/logger'
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

export class ContractCatalog {
  private readonly specs = new Map<string, ContractSpec>()
  private readonly pending = new Map<string, Promise<ContractSpec | null>>()

  constructor(
    private readonly lookup: ContractLookup,
    private readonly logger: Logger,
  ) {}

  get(contractId: string): ContractSpec | null {
    return this.specs.get(contractId) ?? null
  }

  /** Short name for display; the id itself while unknown. */
  nameOf(contractId: string): string {
    return this.specs.get(contractId)?.name ?? contractId
  }

  /** One bulk read at start; a failure is logged and single lookups fill in later. */
  async preload(live: boolean): Promise<void> {
    try {
      for (const contract of await this.lookup.availableContracts(live)) this.remember(contract)
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
        .then((contract) => (contract === null ? null : this.remember(contract)))
        .finally(() => this.pending.delete(contractId))
      this.pending.set(contractId, inFlight)
    }
    return inFlight
  }

  private remember(contract: PxContract): ContractSpec | null {
    if (!(contract.tickSize > 0) || !(contract.tickValue > 0)) return null
    const spec = { contractId: contract.id, name: contract.name, tickSize: contract.tickSize, tickValue: contract.tickValue }
    this.specs.set(contract.id, spec)
    return spec
  }
}
