// The dashboard against the real headless engine and a standalone simulator (with the example rules in
// force, as a trader who configured them): fills, prices, a breach and its lockout, the rules editor.
import { test, expect } from './fixtures'

const CONTRACT = 'CON.F.US.MNQ.Z26'

test('holding the kill switch flattens every account and the UI says so; a short click does nothing', async ({ page, sim, engineOnSim }) => {
  const accountId = sim.accounts[0]!
  await page.goto(engineOnSim.url)
  await expect(page.getByTestId('overall-status-word')).toHaveText('Monitoring', { timeout: 30_000 })
  await sim.control('placeOrder', { accountId, contractId: CONTRACT, type: 2, side: 0, size: 1 })
  await expect(page.getByTestId('positions-table')).toContainText('MNQZ6')
  await page.getByTestId('kill-hold').click()
  await page.waitForTimeout(1_300)
  await expect(page.getByTestId('kill-switch')).toHaveAttribute('data-phase', 'idle')
  await expect(page.getByTestId('positions-table')).toContainText('MNQZ6')
  await page.getByTestId('kill-hold').hover()
  await page.mouse.down()
  await page.waitForTimeout(1_200)
  await page.mouse.up()
  await expect(page.getByTestId('kill-report')).toContainText('Every account verified flat', { timeout: 30_000 })
  await expect(page.getByTestId('positions-table')).toContainText('Flat: no open positions.')
  await page.screenshot({ path: 'docs/screenshots/kill-switch-report.png', fullPage: true })
})

test('the app shows reconnecting when the simulator drops the hubs, and recovers by itself', async ({ page, sim, engineOnSim }) => {
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.goto(engineOnSim.url)
  await expect(page.getByTestId('overall-status-word')).toHaveText('Monitoring', { timeout: 30_000 })
  await sim.control('refuseHubConnects', { ms: 4_000, status: 503 })
  await sim.control('dropHubs', { mode: 'reset' })
  await expect(page.getByTestId('user-hub')).toContainText('Reconnecting')
  await page.screenshot({ path: 'docs/screenshots/reconnecting.png', fullPage: true })
  await expect(page.getByTestId('overall-status-word')).toHaveText('Monitoring', { timeout: 30_000 })
  await expect(page.getByTestId('banner-stale')).toHaveCount(0)
})

test('a fill placed as the web app would appears in positions and fills within a second', async ({ page, sim, engineOnSim }) => {
  const accountId = sim.accounts[0]!
  await page.goto(engineOnSim.url)
  await expect(page.getByTestId('overall-status-word')).toHaveText('Monitoring', { timeout: 30_000 })
  await sim.control('placeOrder', { accountId, contractId: CONTRACT, type: 2, side: 0, size: 1 })
  await expect(page.getByTestId('positions-table')).toContainText('MNQZ6', { timeout: 1_000 })
  await expect(page.getByTestId('fills-table')).toContainText('MNQZ6', { timeout: 1_000 })
})

test('unrealized P&L moves when the simulator moves the price', async ({ page, sim, engineOnSim }) => {
  const accountId = sim.accounts[0]!
  await page.goto(engineOnSim.url)
  await expect(page.getByTestId('overall-status-word')).toHaveText('Monitoring', { timeout: 30_000 })
  const quote = await sim.control<{ bid: number; ask: number }>('quote', { contractId: CONTRACT })
  await sim.control('freezeMarket', { frozen: true })
  await sim.control('placeOrder', { accountId, contractId: CONTRACT, type: 2, side: 0, size: 1 })
  const unrealized = page.getByTestId('position-unrealized')
  await expect(unrealized).not.toHaveText('–')
  const before = await unrealized.textContent()
  await sim.control('setQuote', { contractId: CONTRACT, bid: quote.bid + 20, ask: quote.ask + 20, last: quote.bid + 20 })
  await expect(unrealized).not.toHaveText(before ?? '')
  await expect(page.getByTestId('pnl-unrealized')).not.toHaveText('$0.00')
})

test('a breach shows the lockout banner with the right countdown', async ({ page, sim, engineOnSim }) => {
  const accountId = sim.accounts[0]!
  await page.goto(engineOnSim.url)
  await expect(page.getByTestId('overall-status-word')).toHaveText('Monitoring', { timeout: 30_000 })
  // The example rules' daily loss limit: buy, then mark the price far down.
  const quote = await sim.control<{ bid: number; ask: number }>('quote', { contractId: CONTRACT })
  await sim.control('freezeMarket', { frozen: true })
  await sim.control('placeOrder', { accountId, contractId: CONTRACT, type: 2, side: 0, size: 5 })
  await sim.control('setQuote', { contractId: CONTRACT, bid: quote.bid - 400, ask: quote.ask - 400, last: quote.bid - 400 })
  const banner = page.getByTestId('lockout-banner')
  await expect(banner).toBeVisible({ timeout: 10_000 })
  await expect(banner).toContainText('Daily loss limit')
  await expect(page.getByTestId(`account-${accountId}-status`)).toHaveText('LOCKED')
  // The daily loss lockout ends at the reset: its countdown is the header's reset countdown. (Longer ones,
  // such as the weekly limit the same loss also breaches, are listed above it: LOCK-5.)
  const daily = banner.getByTestId(`lockout-${accountId}-daily_realized_loss`)
  const left = await page.getByTestId('reset-countdown').textContent()
  await expect(daily.getByTestId('lockout-countdown')).toHaveText((left ?? '').replace('Reset in ', ''), { timeout: 2_000 })
})

test('an invalid rule edit shows the field error and changes nothing', async ({ page, engine }) => {
  await page.goto(engine.url)
  await page.getByTestId('view-settings').click()
  const text = page.getByTestId('rules-text')
  const before = await text.inputValue()
  await text.fill(before.replace(/limit:\s*\d+/, 'limit: -5'))
  await expect(page.getByTestId('rules-problem')).toBeVisible()
  await expect(page.getByTestId('rules-save')).toBeDisabled()
  await page.reload()
  await page.getByTestId('view-settings').click()
  await expect(page.getByTestId('rules-text')).toHaveValue(before)
})

test('a loosening edit during a lockout asks for the admin password and is refused without it', async ({ page, engine }) => {
  await page.goto(engine.url)
  await page.getByTestId('view-settings').click()
  const text = page.getByTestId('rules-text')
  await text.fill((await text.inputValue()).replace(/limit:\s*(\d+)/, (_m, n: string) => `limit: ${Number(n) * 2}`))
  await expect(page.getByTestId('rules-loosening')).toBeVisible()
  await page.getByTestId('rules-save').click()
  await expect(page.getByTestId('password-prompt')).toBeVisible()
  await page.getByTestId('password-cancel').click()
  await expect(page.getByTestId('rules-outcome')).toHaveCount(0)
})

test('on the built-in simulator a newcomer practises: a market buy from the panel shows as a position, and the rules act on it', async ({ page, engine }) => {
  await page.goto(engine.url)
  await expect(page.getByTestId('overall-status-word')).toHaveText('Monitoring', { timeout: 30_000 })
  const panel = page.getByTestId('practice-panel')
  await expect(panel).toBeVisible()
  await expect(page.getByTestId('practice-contract')).not.toHaveValue('')
  await page.getByTestId('practice-size').fill('1')
  await page.getByTestId('practice-buy').click()
  await expect(page.getByTestId('practice-message')).toContainText('Bought 1')
  await expect(page.getByTestId('positions-table')).toContainText('MNQZ6', { timeout: 5_000 })
  // The example rules' floating loss limit ($300 per position): a 1-lot MNQ loses $0.50 a tick, so a
  // move of 160 points ($320) closes it.
  for (let i = 0; i < 16; i++) await page.getByTestId('practice-down').click()
  await expect(page.getByTestId('positions-table')).toContainText('Flat: no open positions.', { timeout: 10_000 })
  await expect(page.getByTestId('audit-log')).toContainText('Closed a position')
})
