// The engine-wide services that outlive a mode switch: the rules in force, the admin password and the
// trader's preferences. Built over the live store (tiltguard.db), which every mode keeps open.
import type { Clock } from '../ports/clock'
import type { Store } from '../store'
import type { AuditRepository } from '../ports/repositories'
import { AdminPassword, type AdminPasswordOptions } from '../enforcement/admin/admin-password'
import { PreferencesStore } from './preferences-store'
import { RulesService } from './rules-service'

export interface EngineServices {
  readonly rules: RulesService
  readonly admin: AdminPassword
  readonly preferences: PreferencesStore
}

export interface EngineServicesOptions {
  readonly clock: Clock
  readonly rulesFile?: string
  readonly exampleRulesFile: string
  /** Tests lower the scrypt cost. */
  readonly admin?: Partial<AdminPasswordOptions>
}

export function createEngineServices(store: Store, mode: 'live' | 'simulator', audit: AuditRepository, options: EngineServicesOptions): EngineServices {
  const admin = new AdminPassword(store.meta, options.clock, options.admin)
  const rules = new RulesService({
    store: store.rulesConfig,
    audit,
    clock: options.clock,
    admin,
    exampleFile: options.exampleRulesFile,
    mode,
    ...(options.rulesFile !== undefined ? { rulesFile: options.rulesFile } : {}),
  })
  return { rules, admin, preferences: new PreferencesStore(store.meta) }
}
