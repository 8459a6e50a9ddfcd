import { logIn, openBrowser, type Browser } from "./helpers/browser"
import { startBrowserApp, type BrowserApp } from "./helpers/app"

jest.setTimeout(240_000)

describe("Medusa Admin for Just Walk Out stores, in Chromium", () => {
  let app: BrowserApp
  let browser: Browser

  beforeAll(async () => {
    app = await startBrowserApp()
    browser = await openBrowser(app.baseUrl)
    await logIn(browser.page, app.admin.email, app.admin.password)
  })
  afterAll(async () => {
    await browser?.close()
    await app?.stop()
  })

  const expectNoProblems = () => expect(browser.takeProblems()).toEqual([])

  it("opens every plugin page without a console error or a failed request", async () => {
    const { page } = browser
    for (const [name, path] of [
      ["trips", "/app/jwo"],
      ["entries", "/app/jwo?tab=entries"],
      ["stores", "/app/jwo?tab=stores"],
      ["catalog", "/app/jwo?tab=catalog"],
      ["settings", "/app/settings/jwo"],
    ]) {
      await page.goto(path)
      await page.waitForLoadState("networkidle")
      await browser.screenshot(name)
    }
    expectNoProblems()
  })
})
