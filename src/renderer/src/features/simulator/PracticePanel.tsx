// Practice on the built-in simulator: place a market order as the TopstepX web app would and move the
// price, then watch the rules act. Shown only in simulator mode; the engine refuses it on a live account.
import { useEffect, useState, type ReactElement } from 'react'
import type { SimContractView } from '../../../../shared/domain/session'
import { useActions } from '../../app/actions-context'
import { useTiltguardStore } from '../../state/store'
import { useCurrentAccountId } from '../../state/selectors'
import { Icon } from '../../components/Icon'

export function PracticePanel(): ReactElement | null {
  const mode = useTiltguardStore((s) => s.health?.mode ?? s.session?.mode ?? null)
  const accountId = useCurrentAccountId()
  const actions = useActions()
  const [contracts, setContracts] = useState<readonly SimContractView[]>([])
  const [contractId, setContractId] = useState('')
  const [size, setSize] = useState(1)
  const [message, setMessage] = useState<string | null>(null)

  useEffect(() => {
    if (mode !== 'simulator') return
    let live = true
    void actions.simMarket().then((result) => {
      if (!live || !result.ok) return
      setContracts(result.value)
      setContractId((current) => current || (result.value.find((c) => c.name.startsWith('MNQ')) ?? result.value[0])?.contractId || '')
    })
    return () => {
      live = false
    }
  }, [mode, actions])

  if (mode !== 'simulator') return null
  const act = async (work: () => Promise<string | null>, done: string): Promise<void> => {
    setMessage((await work()) ?? done)
  }
  const name = contracts.find((c) => c.contractId === contractId)?.name ?? contractId
  return (
    <section className="panel practice" aria-labelledby="practice-title" data-testid="practice-panel">
      <h2 id="practice-title">
        <Icon name="shield" /> Practice on the simulator
      </h2>
      <p className="muted">Trade as you would in the web app and watch the rules act. Simulator only: nothing here reaches a real account.</p>
      <div className="practice-row">
        <label>
          Contract{' '}
          <select value={contractId} onChange={(e) => setContractId(e.target.value)} data-testid="practice-contract">
            {contracts.map((c) => (
              <option key={c.contractId} value={c.contractId}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Size{' '}
          <input type="number" min={1} max={50} value={size} onChange={(e) => setSize(Math.min(50, Math.max(1, Number(e.target.value) || 1)))} data-testid="practice-size" />
        </label>
      </div>
      <div className="practice-row">
        <button type="button" disabled={accountId === null || contractId === ''} onClick={() => accountId !== null && void act(() => actions.simTrade(accountId, contractId, 'buy', size), `Bought ${size} ${name}`)} data-testid="practice-buy">
          Buy market
        </button>
        <button type="button" disabled={accountId === null || contractId === ''} onClick={() => accountId !== null && void act(() => actions.simTrade(accountId, contractId, 'sell', size), `Sold ${size} ${name}`)} data-testid="practice-sell">
          Sell market
        </button>
        <button type="button" className="quiet" disabled={contractId === ''} onClick={() => void act(() => actions.simMovePrice(contractId, -10), `${name} down 10 points`)} data-testid="practice-down">
          Price −10
        </button>
        <button type="button" className="quiet" disabled={contractId === ''} onClick={() => void act(() => actions.simMovePrice(contractId, 10), `${name} up 10 points`)} data-testid="practice-up">
          Price +10
        </button>
      </div>
      {message !== null && (
        <p className="muted" role="status" data-testid="practice-message">
          {message}
        </p>
      )}
    </section>
  )
}
