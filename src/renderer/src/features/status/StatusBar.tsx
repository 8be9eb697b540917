// The top status bar: overall state, mode, each connection (user hub, market hub, REST, token, data
// freshness, the engine link) in words and icons; the SIMULATOR badge, exchange clock and view switch;
// every account's state; and the banners for NOT MONITORING, DOWN, stale data and sync.
import type { ReactElement } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { useTiltguardStore } from '../../state/store'
import { StateChip } from '../../components/StateChip'
import { Icon } from '../../components/Icon'
import { AccountStrip } from '../header/AccountStrip'
import { TradingClock } from '../header/TradingClock'
import { SimulatorBadge } from '../header/SimulatorBadge'
import { ViewSwitch } from '../header/ViewSwitch'
import { FRESHNESS_LOOK, HUB_LOOK, LINK_LOOK, LOCKED_LOOK, OVERALL_LOOK, REST_LOOK, TOKEN_LOOK } from './status-words'

export function StatusBar(): ReactElement {
  const { health, session, link, syncing, syncError } = useTiltguardStore(
    useShallow((s) => ({ health: s.health, session: s.session, link: s.link, syncing: s.syncing, syncError: s.syncError })),
  )
  const overall = link === 'open' ? (health?.overall ?? null) : null
  const mode = health?.mode ?? session?.mode ?? null
  const locked = session !== null && !session.autoReloginEnabled

  return (
    <header className="status-bar" data-testid="status-bar">
      <div className="status-main">
        <span className="brand">Tiltguard</span>
        {overall !== null ? (
          <StateChip look={OVERALL_LOOK[overall]} testId="overall-status" />
        ) : (
          <StateChip look={{ word: link === 'open' ? 'Loading' : 'No engine', icon: link === 'open' ? 'spinner' : 'cross', tone: link === 'open' ? 'idle' : 'bad' }} testId="overall-status" />
        )}
        {mode !== null && (
          <span className={`mode mode-${mode}`} data-testid="mode">
            {mode === 'simulator' ? 'Simulator' : 'Live'}
          </span>
        )}
        <SimulatorBadge />
        {session?.userHint != null && <span className="user-hint">Signed in as {session.userHint}</span>}
        <TradingClock />
        <ViewSwitch />
        {overall !== null && overall !== 'OK' && health !== null && health.reasons.length > 0 && (
          <span className="status-reasons" data-testid="overall-reasons">
            Why: {health.reasons.join(', ')}
          </span>
        )}
      </div>
      <div className="status-detail" data-testid="connection-indicator" data-overall={overall ?? 'UNKNOWN'} data-link={link}>
        <StateChip label="Engine" look={LINK_LOOK[link]} testId="link-state" />
        {health !== null && (
          <>
            <StateChip label="User hub" look={HUB_LOOK[health.userHub.state]} title={health.userHub.detail ?? undefined} testId="user-hub" />
            <StateChip label="Market hub" look={HUB_LOOK[health.marketHub.state]} title={health.marketHub.detail ?? undefined} testId="market-hub" />
            <StateChip label="REST" look={REST_LOOK[health.rest.state]} testId="rest" />
            <StateChip label="Token" look={locked ? LOCKED_LOOK : TOKEN_LOOK[health.token.state]} testId="token" />
            <StateChip label="Data" look={FRESHNESS_LOOK[health.freshness]} testId="freshness" />
          </>
        )}
      </div>
      <AccountStrip />
      {link !== 'open' && (
        <div className="banner banner-bad" role="alert" data-testid="banner-link">
          <Icon name="cross" /> Lost contact with the Tiltguard engine.{' '}
          {link === 'unreachable' ? 'It is stopped, or this page was opened with an old link: open the URL the engine printed.' : 'Reconnecting…'}
        </div>
      )}
      {link === 'open' && overall === 'NOT_MONITORING' && (
        <div className="banner banner-bad" role="alert" data-testid="banner-not-monitoring">
          <Icon name="pause" /> NOT MONITORING: Tiltguard is not watching any account. Sign in, or use the simulator.
        </div>
      )}
      {link === 'open' && overall === 'DOWN' && (
        <div className="banner banner-bad" role="alert" data-testid="banner-down">
          <Icon name="cross" /> DOWN: Tiltguard has lost its connection and may not see new orders or fills.
        </div>
      )}
      {link === 'open' && health !== null && health.freshness !== 'FRESH' && overall !== 'NOT_MONITORING' && (
        <div className="banner banner-warn" role="status" data-testid="banner-stale">
          <Icon name="clock" /> {health.freshness === 'STALE' ? 'STALE: figures may be out of date until Tiltguard reconciles with the account.' : 'Reconciling with the account…'}
        </div>
      )}
      {syncError !== null && !syncing && (
        <div className="banner banner-warn" role="status" data-testid="banner-sync">
          <Icon name="warning" /> Could not load the dashboard: {syncError.message} Retrying…
        </div>
      )}
    </header>
  )
}
