import type { Page } from "playwright-core"
import { createPurchase, verifyIdentity } from "../../src/sandbox/driver"
import { INBOUND_SECRET } from "../helpers/env"
import { logIn, openBrowser, type Browser } from "./helpers/browser"
import { startBrowserApp, type BrowserApp } from "./helpers/app"
import { see } from "./helpers/see"

/**
 * Issue 14 in a real browser: a staff member logs in to Medusa Admin and runs the Just Walk Out stores from it. The
 * tests run in order against one app (`medusa start`, the built admin) and one browser session; each makes its own
 * trips. Any console error, uncaught page error or failed request of the plugin's pages fails the test it happens in.
 */
jest.setTimeout(300_000)

describe("Medusa Admin for Just Walk Out stores, in Chromium", () => {
  let app: BrowserApp
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    app = await startBrowserApp()
    browser = await openBrowser(app.baseUrl)
    page = browser.page
    await logIn(page, app.admin.email, app.admin.password)
  })
  afterAll(async () => {
    await browser?.close()
    await app?.stop()
  })
  let step = 0
  afterEach(async () => {
    // Where each test ended, for a look when it failed.
    await browser.screenshot(`end-${String(++step).padStart(2, "0")}`).catch(() => undefined)
    // Whatever a test did, it leaves no console error and no failed request behind.
    expect(browser.takeProblems()).toEqual([])
  })

  const customer = (first: string) => app.seed.customers.find((c) => c.first_name === first)!
  const admin = async (method: "GET" | "POST" | "DELETE", path: string, body?: unknown) => {
    const response = await fetch(`${app.baseUrl}${path}`, {
      method,
      headers: { ...app.adminHeaders, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const json = (await response.json()) as any
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`)
    return json
  }
  /** Amazon's Ordering Gateway (the sandbox knows the cart, so Checkout can charge it). */
  const shop = async (customerId: string, items: { id: string; quantity?: string; unit?: string }[]) => {
    const result = await createPurchase({
      pluginBaseUrl: app.baseUrl,
      secret: INBOUND_SECRET,
      sandboxUrl: app.sandbox.url,
      storeId: app.seed.amazon_store_id,
      authEvents: [{ payloadType: "SCAN_CODE", scanResult: { id: customerId, type: "SHOPPER" } }],
      cartItems: items.map((i) => ({ id: i.id, type: "SKU", quantity: { value: i.quantity ?? "1.0", unit: i.unit ?? "unit" } })),
    } as any)
    expect(result.status).toBe(201)
    return { id: (result.body as any).purchaseId as string, amazonTripId: result.request.idempotentShoppingTripId }
  }
  const until = async (tripId: string, statuses: string[], timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const { trip } = await admin("GET", `/admin/jwo/trips/${tripId}`)
      if (statuses.includes(trip.status)) return trip
      if (Date.now() > deadline) throw new Error(`trip ${tripId} is ${trip.status}, not ${statuses.join("/")}`)
      await new Promise((r) => setTimeout(r, 250))
    }
  }
  const settle = () => page.waitForLoadState("networkidle").catch(() => undefined)

  let needsAttention: { id: string; amazonTripId: string }
  let charged: { id: string; orderId: string }

  it("shows a trip sent through the connector without a reload", async () => {
    await page.goto("/app/jwo")
    await see.visible(page.getByRole("heading", { name: "Shopping trips" }))
    await settle()
    needsAttention = await shop(customer("Alex").id, [{ id: "SKU-WATER" }, { id: "JWO-NOPE-999" }, { id: "SKU-BANANA", quantity: "0.455", unit: "kg" }])
    const row = page.locator(`tr[data-trip-id="${needsAttention.id}"]`)
    await see.visible(row, 15_000)
    await see.text(row, "Needs attention", 20_000)
    await see.text(row, "Alex Rivera")
    await see.text(row, "alex.rivera@jwo.test")
    await see.text(row, "Manhattan 5th Ave")
    // The tab's badge counts it too.
    await see.text(page.getByRole("tab", { name: /Trips/ }), "1")
    await browser.screenshot("trips-live")
  })

  it("shows the needs-attention alert in Medusa's notification bell and on the trips page, with its link", async () => {
    const title = "A trip needs attention at Manhattan 5th Ave (STORE-NYC-1)"
    await see.visible(page.getByTestId("jwo-alerts").getByRole("link", { name: title }), 20_000)
    await page.goto("/app/orders")
    await settle()
    await page.locator("button[aria-haspopup='dialog']:has(svg)").last().click()
    const drawer = page.getByRole("dialog")
    await see.visible(drawer.getByText(title), 70_000)
    await see.visible(drawer.getByText(`Open: /app/jwo/trips/${needsAttention.id}`))
    await browser.screenshot("notification-bell")
    await page.keyboard.press("Escape")
  })

  it("finds a trip by the customer's email and by an Amazon trip id", async () => {
    const other = await shop(customer("Kim").id, [{ id: "SKU-GRANOLA" }])
    await page.goto("/app/jwo")
    await see.visible(page.locator(`tr[data-trip-id="${other.id}"]`), 15_000)
    const search = page.getByRole("searchbox", { name: "Search trips" })
    await search.fill("alex.rivera@jwo.test")
    await see.count(page.locator(`tr[data-trip-id="${other.id}"]`), 0, 10_000)
    await see.visible(page.locator(`tr[data-trip-id="${needsAttention.id}"]`))
    await see.url(page, /q=alex\.rivera/)
    await browser.screenshot("trips-search-email")
    await search.fill(needsAttention.amazonTripId.slice(0, 13))
    await see.count(page.locator("tbody tr[data-trip-id]"), 1, 10_000)
    await search.fill("")
    await until(other.id, ["charged"])
  })

  it("explains the stopped trip (1-based lines, reason codes, weighed goods) and, after the fix, retries it until it is charged", async () => {
    await page.goto(`/app/jwo/trips/${needsAttention.id}`)
    await see.text(page.getByTestId("trip-reason"), "line 2 (JWO-NOPE-999)")
    const lines = page.getByTestId("trip-lines")
    const second = lines.locator("tbody tr").nth(1)
    await see.exactText(second.locator("td").first(), "2")
    await see.text(second, "UNKNOWN_ITEM")
    await see.text(second, "No product variant has this SKU or barcode")
    await see.attribute(second.getByRole("link", { name: "Create a product with SKU JWO-NOPE-999" }), "href", /\/products\/create$/)
    await see.text(lines.locator("tbody tr").nth(2), "0.455 kg")
    await browser.screenshot("trip-needs-attention")

    // Staff add the missing product, then retry: the page follows the trip, without a reload, until it is charged.
    await admin("POST", "/admin/products", {
      title: "Mystery Snack",
      status: "published",
      sales_channels: [{ id: app.seed.sales_channel_id }],
      options: [{ title: "Size", values: ["One"] }],
      variants: [{ title: "One", sku: "JWO-NOPE-999", manage_inventory: false, options: { Size: "One" }, prices: [{ amount: 3.333, currency_code: "usd" }] }],
    })
    await page.getByRole("button", { name: "Retry", exact: true }).click()
    await page.getByLabel("Note (optional, kept in the history)").fill("added the SKU")
    await page.getByRole("button", { name: "Retry now" }).click()
    await see.visible(page.getByRole("heading", { name: /^Trip/ }).getByText("Charged"), 40_000)
    await see.exactText(page.getByTestId("trip-attempts"), "Priced 2 times · sent to Checkout 1 time · 1 staff retry")
    await see.text(page.getByTestId("trip-history"), "Robin Staff")
    // Money rounded to the cent, the exact figure on hover.
    const total = lines.locator("tbody tr").nth(1).locator("td").last().locator("span[data-exact]")
    await see.exactText(total, /^\$\d+\.\d{2}$/)
    await see.attribute(total, "title", /USD \(exact\)$/)
    await browser.screenshot("trip-charged")
    const { trip } = await admin("GET", `/admin/jwo/trips/${needsAttention.id}`)
    charged = { id: trip.id, orderId: trip.order.id }
  })

  it("fits the lines table into 1280 px", async () => {
    await page.setViewportSize({ width: 1280, height: 900 })
    await page.goto(`/app/jwo/trips/${charged.id}`)
    const table = page.getByTestId("trip-lines")
    await see.visible(table)
    const { scroll, client, totalRight, viewport } = await table.evaluate((el) => {
      const container = el.parentElement!
      const total = el.querySelector("thead th:last-child")!.getBoundingClientRect()
      return { scroll: container.scrollWidth, client: container.clientWidth, totalRight: total.right, viewport: window.innerWidth }
    })
    expect(scroll).toBeLessThanOrEqual(client)
    expect(totalRight).toBeLessThanOrEqual(viewport)
    await browser.screenshot("trip-1280")
    await page.setViewportSize({ width: 1440, height: 900 })
  })

  it("resolves a trip by hand, saying that it means no charge and no order", async () => {
    const stuck = await shop(customer("Kim").id, [{ id: "JWO-GONE-1" }])
    await until(stuck.id, ["needs_attention"])
    await page.goto(`/app/jwo/trips/${stuck.id}`)
    await page.getByRole("button", { name: "Resolve", exact: true }).click()
    const dialog = page.getByRole("alertdialog")
    await see.text(dialog, "No charge:")
    await see.text(dialog, "No order:")
    await browser.screenshot("trip-resolve-dialog")
    await dialog.getByLabel(/Reason/).fill("paid at the till")
    await dialog.getByRole("button", { name: "Resolve" }).click()
    await see.visible(page.getByRole("heading", { name: /^Trip/ }).getByText("Resolved"), 15_000)
    await see.text(page.getByTestId("trip-history"), "paid at the till")
  })

  it("creates a store (with the API's validation shown) and edits it", async () => {
    await page.goto("/app/settings/jwo")
    await see.visible(page.getByText("Amazon endpoints in use"))
    await see.visible(page.getByText("Sandbox").first())
    await page.getByRole("button", { name: "Create store" }).click()
    const drawer = page.getByRole("dialog")
    await drawer.getByLabel("Name").fill("Brooklyn Heights")
    await drawer.getByLabel("Amazon store id").fill(app.seed.amazon_store_id) // taken: the API refuses it
    await drawer.locator("#jwo-store-sales_channel_id").click()
    await page.getByRole("option", { name: "JWO Manhattan" }).click()
    await drawer.locator("#jwo-store-region_id").click()
    await page.getByRole("option", { name: "US (USD)" }).click()
    await drawer.getByLabel("Province or state code").fill("us-ny")
    await drawer.getByLabel("City").fill("Brooklyn")
    await drawer.getByRole("button", { name: "Create store" }).click()
    await see.text(drawer.getByRole("alert"), `amazon_store_id "${app.seed.amazon_store_id}" already exists`)
    // That refusal is the API's 422, on purpose: the only failed request of this test.
    const refused = browser.takeProblems()
    expect(refused.filter((p) => p.kind === "response").map((p) => p.text)).toEqual([`POST ${app.baseUrl}/admin/jwo/stores → 422`])
    expect(refused.filter((p) => p.kind === "console").every((p) => p.text.includes("422"))).toBe(true)
    await browser.screenshot("store-create-refused")
    await drawer.getByLabel("Amazon store id").fill("STORE-BKN-1")
    await drawer.getByRole("button", { name: "Create store" }).click()
    const row = page.locator('tr[data-store="STORE-BKN-1"]')
    await see.text(row, "Brooklyn Heights")
    await see.text(row, "Brooklyn, us-ny, US")

    await row.getByRole("button", { name: "Actions for Brooklyn Heights" }).click()
    await page.getByRole("menuitem", { name: "Edit" }).click()
    await page.getByRole("dialog").getByLabel("Name").fill("Brooklyn Heights Market")
    await page.getByRole("dialog").getByLabel("Use Amazon's test host").click()
    await page.getByRole("dialog").getByRole("button", { name: "Save" }).click()
    await see.text(row, "Brooklyn Heights Market")
    await see.text(row, "Test host")

    await row.getByRole("button", { name: /Actions for/ }).click()
    await page.getByRole("menuitem", { name: "Disable" }).click()
    await page.getByRole("alertdialog").getByRole("button", { name: "Disable" }).click()
    await see.text(row, "Disabled")
    await browser.screenshot("settings-stores")
  })

  it("blocks and unblocks a customer at the gates from the customer page", async () => {
    const sam = customer("Sam")
    await page.goto(`/app/customers/${sam.id}`)
    const widget = page.getByTestId("jwo-customer-gate")
    await see.visible(widget.getByText("May enter"))
    await widget.getByRole("button", { name: "Block at the gates" }).click()
    await widget.getByLabel("Reason (optional)").fill("shoplifting report")
    await widget.getByRole("button", { name: "Block", exact: true }).click()
    await see.visible(widget.getByText("Blocked by staff"))
    await see.text(widget, "by Robin Staff — shoplifting report")
    await browser.screenshot("customer-blocked")
    const { jwo_customer } = await admin("GET", `/admin/jwo/customers/${sam.id}`)
    expect(jwo_customer.may_enter).toBe(false)
    await widget.getByRole("button", { name: "Unblock" }).click()
    await see.visible(widget.getByText("May enter"))
  })

  it("puts the trip widget near the top of the order page", async () => {
    await page.goto(`/app/orders/${charged.orderId}`)
    const widget = page.getByTestId("jwo-order-trip")
    await see.visible(widget, 20_000)
    await see.visible(page.getByText("Charged").first())
    // Above the order's own sections once the page's layout is loaded (the plugin put the widget first in it).
    const summary = page.getByRole("heading", { name: "Summary" }).first()
    const deadline = Date.now() + 10_000
    let above = false
    while (!above && Date.now() < deadline) {
      const [w, sum] = [await widget.boundingBox(), await summary.boundingBox()]
      above = Boolean(w && sum && w.y < sum.y)
      if (!above) await page.waitForTimeout(200)
    }
    expect(above).toBe(true)
    await browser.screenshot("order-widget")
  })

  it("resolves several trips at once with one reason", async () => {
    const a = await shop(customer("Alex").id, [{ id: "JWO-BULK-1" }])
    const b = await shop(customer("Kim").id, [{ id: "JWO-BULK-1" }, { id: "SKU-WATER" }])
    await until(a.id, ["needs_attention"])
    await until(b.id, ["needs_attention"])
    await page.goto("/app/jwo?q=JWO-BULK-1")
    await see.count(page.locator("tbody tr[data-trip-id]"), 2, 15_000)
    await page.getByRole("checkbox", { name: "Select all trips on this page" }).click()
    const bar = page.getByRole("region", { name: "Selected trips" })
    await see.text(bar, "2 selected")
    await bar.getByRole("button", { name: "Resolve 2" }).click()
    const dialog = page.getByRole("alertdialog")
    await see.text(dialog, "Resolve 2 trips by hand?")
    await dialog.getByLabel(/Reason/).fill("written off: scanner fault")
    await dialog.getByRole("button", { name: "Resolve 2 trips" }).click()
    await see.text(page.locator(`tr[data-trip-id="${a.id}"]`), "Resolved", 15_000)
    await see.text(page.locator(`tr[data-trip-id="${b.id}"]`), "Resolved", 15_000)
    await browser.screenshot("trips-bulk-resolved")
  })

  it("checks a store's Checkout connectivity from the stores tab", async () => {
    await page.goto("/app/jwo?tab=stores")
    const card = page.getByTestId("store-today-STORE-NYC-1").locator("xpath=..")
    await card.getByRole("button", { name: "Check connectivity" }).click()
    await see.text(card, "Reachable", 15_000)
    await see.text(card, "UnknownShoppingTripException")
  })

  it("opens every plugin page and widget without a console error or a failed request", async () => {
    // A few scans at the gate today (two refused), for the entries page and the dashboard's hourly chart.
    const scan = (code: string) => verifyIdentity({ pluginBaseUrl: app.baseUrl, secret: INBOUND_SECRET, storeId: app.seed.amazon_store_id, scanCode: code })
    expect((await scan("NOT-A-CODE")).status).toBe(401)
    expect((await scan("JWO1BADCODE")).status).toBe(401)
    for (const [name, path, heading] of [
      ["page-trips", "/app/jwo", "Shopping trips"],
      ["page-dashboard", "/app/jwo?tab=dashboard", "Trips by status"],
      ["page-dashboard-7d", "/app/jwo?tab=dashboard&range=7d", "Entries and refusals by hour"],
      ["page-entries", "/app/jwo?tab=entries", "Gate entries"],
      ["page-stores", "/app/jwo?tab=stores", "Manhattan 5th Ave · STORE-NYC-1"],
      ["page-catalog", "/app/jwo?tab=catalog", "Items"],
      ["page-settings", "/app/settings/jwo", "Just Walk Out stores"],
      ["page-trip", `/app/jwo/trips/${charged.id}`, "History"],
      ["widget-order", `/app/orders/${charged.orderId}`, "Just Walk Out trip"],
      ["widget-customer", `/app/customers/${customer("Alex").id}`, "Just Walk Out"],
    ] as const) {
      await page.goto(path)
      await see.visible(page.getByRole("heading", { name: heading, exact: true }).first(), 20_000)
      await settle()
      await browser.screenshot(name)
    }
    // The dashboard draws its charts (recharts' SVG) from today's trips and scans.
    await page.goto("/app/jwo?tab=dashboard")
    await see.visible(page.getByTestId("chart-Trips by status").locator("svg.recharts-surface"), 20_000)
    await see.text(page.getByTestId("dashboard-figures"), "Charged")
    // The stores' "today": the trips of this run are counted.
    await page.goto("/app/jwo?tab=stores")
    await see.text(page.getByTestId("store-today-STORE-NYC-1"), "Trips today")
    await see.text(page.getByTestId("store-today-STORE-NYC-1"), /Refused today\s*2/)
  })
})
