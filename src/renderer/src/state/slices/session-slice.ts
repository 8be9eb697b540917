// Session state: what the engine says about the sign-in (never the key), and the sign-in form status.
import type { StateCreator } from 'zustand'
import type { SessionInfo } from '../../../../shared/domain/session'
import type { AppError } from '../../../../shared/errors'
import type { TiltguardState } from '../store'

export interface SessionSlice {
  readonly session: SessionInfo | null
  /** True while a session request (sign in, sign out, …) is running. */
  readonly sessionBusy: boolean
  /** The error of the last session request, shown beside the form. */
  readonly sessionError: AppError | null
  setSession(session: SessionInfo): void
}

export const createSessionSlice: StateCreator<TiltguardState, [], [], SessionSlice> = (set) => ({
  session: null,
  sessionBusy: false,
  sessionError: null,
  setSession: (session) => set({ session }),
})
