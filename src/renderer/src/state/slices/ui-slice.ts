// UI state: the kill switch's run and report, with the per-account progress the engine pushes, and
// the account the trader has selected (null = all accounts).
import type { StateCreator } from 'zustand'
import type { KillSwitchReport } from '../../../../shared/domain/enforcement'
import type { KillSwitchProgress } from '../../../../shared/domain/risk'
import type { AppError } from '../../../../shared/errors'
import type { TiltguardState } from '../store'

export type KillSwitchPhase = 'idle' | 'running' | 'done' | 'failed'

export interface KillSwitchState {
  readonly phase: KillSwitchPhase
  readonly report: KillSwitchReport | null
  readonly error: AppError | null
  /** Latest progress per account while it runs (and after, until dismissed). */
  readonly progress: Readonly<Record<number, KillSwitchProgress>>
}

export interface UiSlice {
  readonly killSwitch: KillSwitchState
  /** The account the panels show; null = the first account. */
  readonly selectedAccountId: number | null
  setKillSwitch(next: Omit<KillSwitchState, 'progress'> & { readonly progress?: KillSwitchState['progress'] }): void
  applyKillProgress(progress: KillSwitchProgress): void
  selectAccount(accountId: number | null): void
}

export const createUiSlice: StateCreator<TiltguardState, [], [], UiSlice> = (set) => ({
  killSwitch: { phase: 'idle', report: null, error: null, progress: {} },
  selectedAccountId: null,
  setKillSwitch: (next) => set((s) => ({ killSwitch: { ...next, progress: next.progress ?? s.killSwitch.progress } })),
  applyKillProgress: (p) =>
    set((s) => {
      const progress = { ...s.killSwitch.progress, [p.accountId]: p }
      const finished = Object.values(progress).every((x) => x.phase === 'done' || x.phase === 'failed')
      // A hotkey press starts the kill switch in main: show it running here too, and finished once
      // every account is (the report itself goes to whoever pressed; this page shows the progress).
      let phase = s.killSwitch.phase
      if (phase === 'idle' || phase === 'done' || phase === 'failed') phase = finished ? phase : 'running'
      if (phase === 'running' && finished && s.killSwitch.report === null) phase = 'done'
      return { killSwitch: { ...s.killSwitch, phase, progress } }
    }),
  selectAccount: (selectedAccountId) => set({ selectedAccountId }),
})
