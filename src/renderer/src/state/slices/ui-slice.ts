// UI state: the kill switch's confirm/run/report steps.
import type { StateCreator } from 'zustand'
import type { KillSwitchReport } from '../../../../shared/domain/enforcement'
import type { AppError } from '../../../../shared/errors'
import type { TiltguardState } from '../store'

export type KillSwitchPhase = 'idle' | 'confirming' | 'running' | 'done' | 'failed'

export interface UiSlice {
  readonly killSwitch: {
    readonly phase: KillSwitchPhase
    readonly report: KillSwitchReport | null
    readonly error: AppError | null
  }
  setKillSwitch(next: UiSlice['killSwitch']): void
}

export const createUiSlice: StateCreator<TiltguardState, [], [], UiSlice> = (set) => ({
  killSwitch: { phase: 'idle', report: null, error: null },
  setKillSwitch: (killSwitch) => set({ killSwitch }),
})
