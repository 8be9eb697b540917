// Hands the page's actions to components without a module-level singleton.
import { createContext, useContext } from 'react'
import type { Actions } from '../state/actions'

export const ActionsContext = createContext<Actions | null>(null)

/** The page's actions; throws if used outside <ActionsContext.Provider>. */
export function useActions(): Actions {
  const actions = useContext(ActionsContext)
  if (actions === null) throw new Error('useActions outside ActionsContext')
  return actions
}
