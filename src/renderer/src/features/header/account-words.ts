// Words, icons and tones of the per-account states, so none is shown by colour alone.
import type { StateLook } from '../status/status-words'
import type { AccountDisplayStatus } from '../../state/selectors'

export const ACCOUNT_LOOK: Readonly<Record<AccountDisplayStatus, StateLook>> = {
  ACTIVE: { word: 'ACTIVE', icon: 'check', tone: 'ok' },
  WARNING: { word: 'WARNING', icon: 'warning', tone: 'warn' },
  LOCKED: { word: 'LOCKED', icon: 'lock', tone: 'bad' },
  HALTED: { word: 'HALTED', icon: 'cross', tone: 'bad' },
  SHADOW: { word: 'SHADOW', icon: 'eye', tone: 'idle' },
  UNKNOWN: { word: 'No risk data', icon: 'dash', tone: 'idle' },
}
