// Builds `window.tiltguard` from the contract's channel names: one named function per request and a
// typed `on` for pushed events. Nothing generic: no raw ipcRenderer, no send/on by channel string.

import { EVENT_CHANNEL, REQUEST_CHANNEL, type EventEnvelope } from '../shared/ipc/channels'
import type { TiltguardApi } from '../shared/ipc/api'
import type { EventName, RequestName } from '../shared/ipc/contract'
import type { Result } from '../shared/errors'

/** The slice of Electron's ipcRenderer this file uses; tests pass a fake. */
export interface RendererIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown
}

/** Returns the API the preload exposes; every request resolves to a Result, even if IPC itself fails. */
export function buildTiltguardApi(ipc: RendererIpc): TiltguardApi {
  // The reply is produced by the main-process router, which always answers a Result.
  const invoke = <T>(name: RequestName, input: unknown): Promise<Result<T>> =>
    (ipc.invoke(REQUEST_CHANNEL[name], input) as Promise<Result<T>>).catch(() => ({
      ok: false as const,
      error: { code: 'INTERNAL' as const, message: 'Tiltguard could not reach its engine.', retryable: true },
    }))

  const api = {
    getSnapshot: (input) => invoke('getSnapshot', input),
    signIn: (input) => invoke('signIn', input),
    signOut: (input) => invoke('signOut', input),
    forgetCredentials: (input) => invoke('forgetCredentials', input),
    useSimulator: (input) => invoke('useSimulator', input),
    retryNow: (input) => invoke('retryNow', input),
    flattenAll: (input) => invoke('flattenAll', input),
    listAudit: (input) => invoke('listAudit', input),
    verifyAudit: (input) => invoke('verifyAudit', input),
    exportAudit: (input) => invoke('exportAudit', input),
    getRisk: (input) => invoke('getRisk', input),
    listFills: (input) => invoke('listFills', input),
    getPnlSeries: (input) => invoke('getPnlSeries', input),
    getRules: (input) => invoke('getRules', input),
    checkRules: (input) => invoke('checkRules', input),
    saveRules: (input) => invoke('saveRules', input),
    setAdminPassword: (input) => invoke('setAdminPassword', input),
    clearLockout: (input) => invoke('clearLockout', input),
    setShadow: (input) => invoke('setShadow', input),
    getPreferences: (input) => invoke('getPreferences', input),
    updatePreferences: (input) => invoke('updatePreferences', input),
    simMarket: (input) => invoke('simMarket', input),
    simTrade: (input) => invoke('simTrade', input),
    simMovePrice: (input) => invoke('simMovePrice', input),
    on: (name, listener) => {
      if (typeof name !== 'string' || !Object.hasOwn(EVENT_CHANNEL, name)) {
        throw new TypeError(`tiltguard.on: "${String(name)}" is not an event of the contract`)
      }
      const channel = EVENT_CHANNEL[name as EventName]
      // Only payload and seq cross over: the IpcRendererEvent would hand the page ipcRenderer itself.
      const wrapped = (_event: unknown, envelope: unknown) => {
        const { seq, payload } = envelope as EventEnvelope<never>
        listener(payload, { seq })
      }
      ipc.on(channel, wrapped)
      return () => {
        ipc.removeListener(channel, wrapped)
      }
    },
  } satisfies TiltguardApi
  return api
}
