// The catalog's persisted copy: every spec it learns (bulk or one by one) reaches the persist callback,
// merged into the meta value an offline replay reads back.
import { describe, expect, it } from 'vitest'
import type { PxContract } from '../../../shared/projectx/models'
import { MemoryLogger } from '../../../../test/fakes/memory-logger'
import { MemoryMetaRepository } from '../../../../test/fakes/memory-repositories'
import { CONTRACT_SPECS_META_KEY, ContractCatalog, persistContractSpecsTo, readContractSpecs } from './contract-catalog'

const contract = (id: string, tickSize: number, tickValue: number): PxContract => ({ id, name: id.split('.')[3] ?? id, description: '', tickSize, tickValue, activeContract: true, symbolId: '' })
const MES = contract('CON.F.US.MES.Z26', 0.25, 1.25)
const MNQ = contract('CON.F.US.MNQ.Z26', 0.25, 0.5)
const CL = contract('CON.F.US.CLE.F27', 0.01, 10)

describe('contract specs persisted for replay', () => {
  it('stores bulk and single lookups under contracts.specs, merged with what was there', async () => {
    const meta = new MemoryMetaRepository()
    meta.set(CONTRACT_SPECS_META_KEY, [{ contractId: 'CON.F.US.OLD.H26', name: 'OLDH6', tickSize: 1, tickValue: 5 }])
    const catalog = new ContractCatalog(
      { availableContracts: () => Promise.resolve([MES, MNQ, contract('CON.F.US.BAD.Z26', 0, 0)]), searchContractById: (id) => Promise.resolve(id === CL.id ? CL : null) },
      new MemoryLogger(),
      persistContractSpecsTo(meta),
    )
    await catalog.preload(false)
    await catalog.resolve(CL.id)
    await catalog.resolve('CON.F.US.NONE.Z26')
    const stored = readContractSpecs(meta.get(CONTRACT_SPECS_META_KEY))
    expect(stored.map((s) => s.contractId).sort()).toEqual(['CON.F.US.CLE.F27', 'CON.F.US.MES.Z26', 'CON.F.US.MNQ.Z26', 'CON.F.US.OLD.H26'])
    expect(stored.find((s) => s.contractId === MES.id)).toEqual({ contractId: MES.id, name: 'MES', tickSize: 0.25, tickValue: 1.25 })

    const offline = new ContractCatalog({ availableContracts: () => Promise.resolve([]), searchContractById: () => Promise.resolve(null) }, new MemoryLogger())
    offline.seed(stored)
    expect(offline.get(CL.id)?.tickValue).toBe(10)
  })

  it('a failing persist callback is logged and changes nothing else', async () => {
    const logger = new MemoryLogger()
    const catalog = new ContractCatalog({ availableContracts: () => Promise.resolve([MES]), searchContractById: () => Promise.resolve(null) }, logger, () => {
      throw new Error('disk full')
    })
    await catalog.preload(false)
    expect(catalog.get(MES.id)).not.toBeNull()
    expect(logger.lines.map((l) => l.message)).toContain('contract specs not persisted')
  })

  it('reads back only well-formed entries', () => {
    expect(readContractSpecs(null)).toEqual([])
    expect(readContractSpecs([{ contractId: 'X', name: 'X', tickSize: 0.25, tickValue: 1 }, { contractId: 3 }, null, 'x'])).toHaveLength(1)
  })
})
