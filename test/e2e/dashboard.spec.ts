// The headless engine end to end in Chromium: the dashboard shell over the contract, the secret
// guard, typed validation errors, and a screenshot for the README.
// page.evaluate bodies run in the browser and the Node tsconfig has no DOM lib, so they type the few
// browser globals they use through `globalThis as unknown as Browser`.
import { test, expect } from './fixtures'

/** The browser globals the evaluate bodies use. */
type Browser = { location: { host: string }; tiltguard: Record<string, (input: unknown) => Promise<unknown>> }

test('the printed URL is loopback and opens the dashboard with a live connection indicator', async ({ page, engine }) => {
  expect(engine.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#secret=[0-9a-f]{64}$/)
  const problems: string[] = []
  page.on('pageerror', (e) => problems.push(e.message))
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text())
  })

  await page.goto(engine.url)
  await expect(page.getByTestId('dashboard')).toBeVisible()
  const indicator = page.getByTestId('connection-indicator')
  await expect(indicator).toHaveAttribute('data-link', 'open')
  // Fed over the contract: the embedded simulator comes up monitoring with both hubs connected.
  await expect(page.getByTestId('overall-status-word')).toHaveText('Monitoring', { timeout: 30_000 })
  await expect(page.getByTestId('user-hub-word')).toHaveText('Connected')
  await expect(page.getByTestId('market-hub-word')).toHaveText('Connected')
  await expect(page.getByTestId('mode')).toHaveText('Simulator')
  // Every state is in words and an icon, not colour alone.
  await expect(page.getByTestId('token').locator('svg[data-icon]')).toHaveCount(1)

  // The secret does not stay in the address bar.
  expect(page.url()).not.toContain('secret=')
  expect(problems, 'no page errors or CSP violations').toEqual([])
})

test('the bridge refuses requests without the secret', async ({ page, engine }) => {
  await page.goto(engine.origin + '/')
  await expect(page.getByTestId('missing-secret')).toBeVisible()
  const outcome = await page.evaluate(async () => {
    const g = globalThis as unknown as Browser
    const http = (await fetch('/bridge')).status
    const ws = await new Promise<string>((resolve) => {
      const socket = new WebSocket(`ws://${g.location.host}/bridge`, ['tiltguard.v1'])
      socket.onopen = () => resolve('opened')
      socket.onclose = (e) => resolve(`closed:${e.code}`)
    })
    const wrong = await new Promise<string>((resolve) => {
      const socket = new WebSocket(`ws://${g.location.host}/bridge`, ['tiltguard.v1', `tiltguard.secret.${'0'.repeat(64)}`])
      socket.onopen = () => resolve('opened')
      socket.onclose = (e) => resolve(`closed:${e.code}`)
    })
    return { http, ws, wrong }
  })
  expect(outcome).toEqual({ http: 401, ws: 'closed:1006', wrong: 'closed:1006' })
})

test('a malformed contract request gets a typed validation error and the engine keeps serving', async ({ page, engine }) => {
  await page.goto(engine.url)
  await expect(page.getByTestId('connection-indicator')).toHaveAttribute('data-link', 'open')
  const results = await page.evaluate(async (secret) => {
    const g = globalThis as unknown as Browser
    const api = g.tiltguard
    const viaApi = await api.flattenAll!({ accountId: 'every', confirm: 'yes' })
    // A raw frame that is not even JSON, on a second connection.
    const raw = await new Promise<unknown>((resolve) => {
      const socket = new WebSocket(`ws://${g.location.host}/bridge`, ['tiltguard.v1', `tiltguard.secret.${secret}`])
      socket.onopen = () => socket.send('{"id": 1, "name": ')
      socket.onmessage = (e) => {
        resolve(JSON.parse(String(e.data)))
        socket.close()
      }
    })
    const after = await api.getSnapshot!({})
    return { viaApi, raw, after }
  }, engine.secret)
  expect(results.viaApi).toMatchObject({
    ok: false,
    error: { code: 'VALIDATION_FAILED', detail: { issues: expect.arrayContaining([expect.objectContaining({ path: 'accountId' }), expect.objectContaining({ path: 'confirm' })]) } },
  })
  expect(results.raw).toMatchObject({ id: null, result: { ok: false, error: { code: 'VALIDATION_FAILED' } } })
  expect(results.after).toMatchObject({ ok: true, value: { health: expect.any(Object), session: expect.any(Object) } })
  expect(engine.process.exitCode).toBeNull()
  await expect(page.getByTestId('overall-status')).toBeVisible()
})

test('the sign-in form shows field errors and never keeps the key', async ({ page, engine }) => {
  await page.goto(engine.url)
  await expect(page.getByTestId('connection-indicator')).toHaveAttribute('data-link', 'open')
  // First run: the SIMULATOR badge leads to the sign-in in one click.
  await page.getByTestId('connect-real').click()
  await expect(page.getByTestId('settings-view')).toBeVisible()
  await page.getByTestId('sign-in-user').fill('trader')
  await page.getByTestId('sign-in-key').fill('short')
  await page.getByTestId('sign-in-submit').click()
  await expect(page.getByText(/too small|at least|>=8/i)).toBeVisible()
  await expect(page.getByTestId('sign-in-key')).toHaveValue('')
  expect(await page.content()).not.toContain('value="short"')
})

test('kill switch: a short click does nothing; holding it a second flattens and shows the report', async ({ page, engine }) => {
  await page.goto(engine.url)
  await expect(page.getByTestId('overall-status-word')).toHaveText('Monitoring', { timeout: 30_000 })
  const button = page.getByTestId('kill-hold')
  await button.click()
  await page.waitForTimeout(1_300)
  await expect(page.getByTestId('kill-switch')).toHaveAttribute('data-phase', 'idle')
  // Pressed for half the time, then let go: still nothing.
  await button.hover()
  await page.mouse.down()
  await page.waitForTimeout(500)
  await page.mouse.up()
  await page.waitForTimeout(800)
  await expect(page.getByTestId('kill-switch')).toHaveAttribute('data-phase', 'idle')
  // Held for the full second: it runs and reports.
  await page.mouse.down()
  await expect(button).not.toHaveAttribute('data-hold-progress', '0.00')
  await page.waitForTimeout(1_200)
  await page.mouse.up()
  await expect(page.getByTestId('kill-report')).toBeVisible({ timeout: 30_000 })
  await expect(page.getByTestId('kill-report')).toContainText(/Verified flat|NOT verified flat/)
  await expect(page.getByTestId('kill-report')).toContainText(/in \d+\.\d s/)
})

test('kill switch is keyboard operable: holding Space flattens, a tap does not', async ({ page, engine }) => {
  await page.goto(engine.url)
  await expect(page.getByTestId('overall-status-word')).toHaveText('Monitoring', { timeout: 30_000 })
  await page.getByTestId('kill-hold').focus()
  await page.keyboard.press('Space')
  await page.waitForTimeout(1_300)
  await expect(page.getByTestId('kill-switch')).toHaveAttribute('data-phase', 'idle')
  await page.keyboard.down('Space')
  await page.waitForTimeout(1_200)
  await page.keyboard.up('Space')
  await expect(page.getByTestId('kill-report')).toBeVisible({ timeout: 30_000 })
})

test('screenshot of the dashboard for the README', async ({ page, engine }) => {
  await page.setViewportSize({ width: 1360, height: 860 })
  await page.goto(engine.url)
  await expect(page.getByTestId('overall-status-word')).toHaveText('Monitoring', { timeout: 30_000 })
  await page.screenshot({ path: 'docs/screenshots/normal.png', fullPage: true })
})

test('orders placed in the web app appear live: the working one in Working orders, the filled one as a position', async ({ page, sim, engineOnSim }) => {
  const accountId = sim.accounts[0]!
  const contractId = 'CON.F.US.MNQ.Z26'
  await page.goto(engineOnSim.url)
  await expect(page.getByTestId('overall-status-word')).toHaveText('Monitoring', { timeout: 30_000 })
  const quote = await sim.control<{ bid: number }>('quote', { contractId })
  const resting = await sim.control<{ orderId: number }>('placeOrder', { accountId, contractId, type: 1, side: 0, size: 2, limitPrice: quote.bid - 400 })
  const filled = await sim.control<{ orderId: number }>('placeOrder', { accountId, contractId, type: 2, side: 0, size: 1 })
  const orders = page.getByTestId('orders-table')
  await expect(orders).toContainText(String(resting.orderId))
  await expect(orders).not.toContainText(String(filled.orderId)) // filled: not a working order
  await expect(page.getByTestId('positions-table')).toContainText(/MNQZ6.*Long/)
  await sim.control('cancelOrder', { accountId, orderId: resting.orderId })
  await expect(orders).toContainText('No working orders.')
})

test('a hub outage shows Degraded with its reasons in words, then Monitoring again by itself', async ({ page, sim, engineOnSim }) => {
  await page.goto(engineOnSim.url)
  await expect(page.getByTestId('overall-status-word')).toHaveText('Monitoring', { timeout: 30_000 })
  await expect(page.getByTestId('overall-reasons')).toHaveCount(0)
  await sim.control('refuseHubConnects', { ms: 4_000, status: 503 })
  await sim.control('dropHubs', { mode: 'reset' })
  await expect(page.getByTestId('overall-status-word')).toHaveText('Degraded')
  await expect(page.getByTestId('overall-reasons')).toContainText('user hub reconnecting')
  await expect(page.getByTestId('user-hub')).toContainText('Reconnecting')
  await expect(page.getByTestId('overall-status-word')).toHaveText('Monitoring', { timeout: 30_000 })
  await expect(page.getByTestId('overall-reasons')).toHaveCount(0)
})
