// The account switcher: every account at once with its state (colour, icon and word), today's net
// P&L and its next lockout end, so a trader with three evaluation accounts sees all three.
import { memo, type ReactElement } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { tiltguardStore, useTiltguardStore } from '../../state/store'
import { displayStatus, useAccountIds, useCurrentAccountId } from '../../state/selectors'
import { StateChip } from '../../components/StateChip'
import { money, signedMoney, pnlTone } from '../../lib/format'
import { ACCOUNT_LOOK } from './account-words'

const AccountCard = memo(function AccountCard({ accountId, selected }: { readonly accountId: number; readonly selected: boolean }): ReactElement {
  const { account, risk } = useTiltguardStore(useShallow((s) => ({ account: s.accounts.find((a) => a.id === accountId), risk: s.riskByAccount[accountId] })))
  const name = account?.name ?? `Account ${accountId}`
  const status = displayStatus(risk)
  const net = risk?.pnl.net ?? null
  return (
    <button
      type="button"
      className={`account-card${selected ? ' selected' : ''}`}
      aria-pressed={selected}
      title={`${name} · account #${accountId}`}
      onClick={() => tiltguardStore.getState().selectAccount(accountId)}
      data-testid={`account-${accountId}`}
      data-status={status}
    >
      <span className="account-name">{name}</span>
      <StateChip look={ACCOUNT_LOOK[status]} testId={`account-${accountId}-status`} />
      <span className={`account-net num tone-${pnlTone(net)}`} title="Net P&L today">
        {signedMoney(net)}
      </span>
      <span className="account-meta muted">
        {account === undefined ? '' : `Bal. ${money(account.balance)}`}
        {account !== undefined && !account.canTrade && <span className="tone-bad"> · trading blocked</span>}
      </span>
    </button>
  )
})

export function AccountStrip(): ReactElement | null {
  const ids = useAccountIds()
  const current = useCurrentAccountId()
  const loaded = useTiltguardStore((s) => s.portfolioLoaded)
  if (!loaded) return <div className="account-strip muted" data-testid="account-strip">Loading accounts…</div>
  if (ids.length === 0)
    return (
      <div className="account-strip muted" data-testid="account-strip">
        No accounts yet: sign in, or use the simulator.
      </div>
    )
  return (
    <nav className="account-strip" aria-label="Accounts" data-testid="account-strip">
      {ids.map((id) => (
        <AccountCard key={id} accountId={id} selected={id === current} />
      ))}
    </nav>
  )
}
