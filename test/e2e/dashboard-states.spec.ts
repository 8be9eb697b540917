// The dashboard's states over canned engine data (FakeEngine behind the real headless host): three
// accounts ACTIVE / WARNING / LOCKED, lockouts longest first with live countdowns, rule headroom
// colours, pushed fills and risk, kill-switch progress, audit filters and export, the rules editor
// and settings. Takes the screenshots of the main states into docs/screenshots/.
import type { Page } from '@playwright/test'
import { test, expect } from './fixtures'
import { cannedFills, cannedRisk } from '../fakes/canned-dashboard'

test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 1000 })
})

/** Opens the dashboard and waits until the snapshot is shown (so later pushes reach the page). */
async function open(page: Page, url: string): Promise<void> {
  await page.goto(url)
  await expect(page.getByTestId('account-101-status')).toHaveText('ACTIVE')
  await expect(page.getByTestId('connection-indicator')).toHaveAttribute('data-link', 'open')
}

test('every account is visible with its state in colour, icon and word; the clock runs in exchange time', async ({ page, fakeDashboard }) => {
  await open(page, fakeDashboard.url)
  for (const [id, word] of [[101, 'ACTIVE'], [102, 'WARNING'], [103, 'LOCKED']] as const) {
    const chip = page.getByTestId(`account-${id}-status`)
    await expect(chip).toHaveText(word)
    await expect(chip.locator('svg[data-icon]')).toHaveCount(1)
  }
  await expect(page.getByTestId('account-102')).toHaveAttribute('title', /EVAL-102 · account #102/)
  await expect(page.getByTestId('exchange-time')).toHaveText(/^\d\d:\d\d:\d\d C[SD]T$/)
  await expect(page.getByTestId('reset-countdown')).toContainText(/Reset in 2h 5\dm|Reset in 2h 59m|Reset in 3h 00m/)
  await expect(page.getByTestId('simulator-badge')).toBeVisible()
  await expect(page.getByTestId('pnl-net')).toHaveText('+$28.50')
  await expect(page.getByTestId('positions-table')).toContainText('SIM-101')
  await expect(page.getByTestId('positions-table')).toContainText('MESZ5')
  await expect(page.getByTestId('orders-table')).toContainText('MESZ5')
  await expect(page.getByTestId('orders-table')).toContainText('Trader')
  await expect(page.getByTestId('pnl-chart')).toHaveAttribute('data-points', '30')
  await page.screenshot({ path: 'docs/screenshots/accounts-normal.png', fullPage: true })
})

test('warning: the amber headroom bar and the WARNING state, in words', async ({ page, fakeDashboard }) => {
  await open(page, fakeDashboard.url)
  await page.getByTestId('account-102').click()
  await expect(page.getByTestId('headroom-daily_loss_limit')).toHaveAttribute('data-tone', 'warn')
  await expect(page.getByTestId('headroom-max_trades')).toHaveAttribute('data-tone', 'bad')
  await expect(page.getByTestId('rule-daily_loss_limit')).toContainText('Warning')
  await expect(page.getByTestId('gauge-loss')).toContainText('75 %')
  await page.screenshot({ path: 'docs/screenshots/warning.png', fullPage: true })
})

test('locked: the banner lists every lockout longest first with a live countdown', async ({ page, fakeDashboard }) => {
  await open(page, fakeDashboard.url)
  await page.getByTestId('account-103').click()
  const banner = page.getByTestId('lockout-banner')
  await expect(banner).toBeVisible()
  const rows = banner.locator('.lockout')
  await expect(rows).toHaveCount(2)
  await expect(rows.nth(0)).toContainText('Daily loss limit')
  await expect(rows.nth(1)).toContainText('Cool-down after a loss')
  await expect(rows.nth(1)).toContainText('MNQ only')
  const countdown = rows.nth(1).getByTestId('lockout-countdown')
  await expect(countdown).toHaveText(/^1[45]m \d\ds$/)
  const first = await countdown.textContent()
  await expect(countdown).not.toHaveText(first ?? '', { timeout: 3_000 })
  await expect(page.getByTestId('rule-daily_loss_limit')).toContainText('BREACHED')
  await expect(page.getByTestId('headroom-daily_loss_limit')).toHaveAttribute('data-tone', 'bad')
  await page.screenshot({ path: 'docs/screenshots/locked.png', fullPage: true })
  // The engine clears the lockouts: the banner goes.
  const risk = cannedRisk()
  await fakeDashboard.emit('riskChanged', { ...risk, accounts: risk.accounts.map((a) => ({ ...a, lockouts: [] })) })
  await expect(banner).toHaveCount(0)
})

test('pushed fills and risk appear at once; P&L and the curve follow', async ({ page, fakeDashboard }) => {
  await open(page, fakeDashboard.url)
  await expect(page.getByTestId('fills-table')).toContainText('MNQZ5')
  const fill = { ...cannedFills()[0]!, id: 7100, accountId: 101, contractName: 'MESZ5', side: 'sell', price: 6020.5, profitAndLoss: 41.25, at: cannedRisk().at + 1 }
  await fakeDashboard.emit('fillAppended', fill)
  await expect(page.getByTestId('fills-table')).toContainText('+$41.25', { timeout: 1_000 })
  const risk = cannedRisk()
  await fakeDashboard.emit('riskChanged', {
    ...risk,
    at: risk.at + 60_000,
    accounts: risk.accounts.map((a) => (a.accountId === 101 ? { ...a, pnl: { ...a.pnl, unrealized: -100, net: -104 } } : a)),
  })
  await expect(page.getByTestId('pnl-net')).toHaveText('−$104.00')
  await expect(page.getByTestId('pnl-unrealized')).toHaveText('−$100.00')
  await expect(page.getByTestId('pnl-chart')).toHaveAttribute('data-points', '31')
})

test('kill switch shows per-account progress the engine pushes, then the report', async ({ page, fakeDashboard }) => {
  await open(page, fakeDashboard.url)
  await fakeDashboard.emit('killSwitchProgress', { accountId: 102, phase: 'closing', ordersCancelled: 2, positionsClosed: 0, elapsedMs: 240 })
  await expect(page.getByTestId('kill-progress')).toContainText('EVAL-102: Closing positions')
  await expect(page.getByTestId('kill-switch')).toHaveAttribute('data-phase', 'running')
  await page.screenshot({ path: 'docs/screenshots/kill-switch-running.png' })
})

test('audit log: filter by account, rule and kind; chain verified; CSV export', async ({ page, fakeDashboard }) => {
  await open(page, fakeDashboard.url)
  const log = page.getByTestId('audit-log')
  await expect(page.getByTestId('audit-chain')).toContainText('Chain verified (3 rows)')
  await expect(log.getByRole('row')).toHaveCount(4)
  await page.getByTestId('audit-filter-account').selectOption('103')
  await expect(log.getByRole('row')).toHaveCount(2)
  await expect(log).toContainText('Daily loss limit breached')
  await expect(log).toContainText('84 ms')
  await page.getByTestId('audit-filter-account').selectOption('')
  await page.getByTestId('audit-filter-kind').selectOption('order')
  await expect(log).toContainText('Fill: buy 2 MESZ5')
  await expect(log).not.toContainText('Engine started')
  await page.getByTestId('audit-filter-kind').selectOption('')
  await page.getByTestId('audit-filter-rule').selectOption('daily_loss_limit')
  await expect(log.getByRole('row')).toHaveCount(2)
  const download = page.waitForEvent('download')
  await page.getByTestId('audit-export').click()
  expect((await download).suggestedFilename()).toBe('tiltguard-audit.csv')
})

test('rules editor: an invalid edit shows the error next to its line and cannot be saved', async ({ page, fakeDashboard }) => {
  await open(page, fakeDashboard.url)
  await page.getByTestId('view-settings').click()
  const text = page.getByTestId('rules-text')
  await expect(text).toHaveValue(/daily_loss_limit/)
  await text.fill((await text.inputValue()).replace('limit: 500', 'limit: lots'))
  await expect(page.getByTestId('rules-problem')).toContainText('Line 6')
  await expect(page.getByTestId('rules-problem')).toContainText('limit must be a positive number')
  await expect(page.getByTestId('rules-save')).toBeDisabled()
  await expect(page.getByTestId('rules-editor')).toHaveAttribute('data-save-state', 'invalid')
})

test('rules editor: a loosening edit shows the diff, asks for the admin password and refuses a wrong one', async ({ page, fakeDashboard }) => {
  await open(page, fakeDashboard.url)
  await page.getByTestId('view-settings').click()
  const text = page.getByTestId('rules-text')
  await text.fill((await text.inputValue()).replace('limit: 500', 'limit: 900'))
  await expect(page.getByTestId('rules-diff')).toContainText('+     limit: 900')
  await expect(page.getByTestId('rules-loosening')).toContainText('raised from 500 to 900')
  await page.getByTestId('rules-save').click()
  await expect(page.getByTestId('password-prompt')).toBeVisible()
  await page.screenshot({ path: 'docs/screenshots/rules-editor.png', fullPage: true })
  await page.getByTestId('password-input').fill('wrong-password')
  await page.getByTestId('password-submit').click()
  await expect(page.getByTestId('password-error')).toContainText('admin password')
  await page.getByTestId('password-input').fill('let-me-in')
  await page.getByTestId('password-submit').click()
  await expect(page.getByTestId('rules-outcome')).toContainText('Saved: rules version 4')
})

test('settings: notifications, shadow mode behind the password, backstop checklist, light theme', async ({ page, fakeDashboard }) => {
  await open(page, fakeDashboard.url)
  await page.getByTestId('view-settings').click()
  const sound = page.getByTestId('notify-warning-sound')
  await expect(sound).not.toBeChecked()
  await sound.check()
  await expect(sound).toBeChecked()
  await page.getByTestId('shadow-102').click()
  await expect(page.getByTestId('password-prompt')).toBeVisible()
  await page.getByTestId('password-input').fill('let-me-in')
  await page.getByTestId('password-submit').click()
  await expect(page.getByTestId('shadow-102')).toBeChecked()
  await page.getByTestId('backstop-daily_loss_limit').check()
  await expect(page.getByTestId('backstop-count')).toHaveText('1 of 3 done')
  await page.screenshot({ path: 'docs/screenshots/settings.png', fullPage: true })
  await page.getByTestId('theme-toggle').click()
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light')
  await page.getByTestId('view-dashboard').click()
  await page.screenshot({ path: 'docs/screenshots/light-theme.png', fullPage: true })
})
