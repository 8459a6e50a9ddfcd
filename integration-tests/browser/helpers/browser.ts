/**
 * Debian's Chromium driven by playwright-core, launched for a root, network-less machine, with a guard that
 * collects every console error, uncaught page error and failed request of the admin, and screenshots.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { chromium, type BrowserContext, type Page } from "playwright-core"
import { ROOT } from "./app"

export const CHROMIUM = process.env.JWO_CHROMIUM || "/usr/bin/chromium"
/** Where the suite writes a screenshot of every page it opens (README "Browser tests"). */
export const SCREENSHOTS_DIR = process.env.JWO_SCREENSHOTS_DIR || join(ROOT, ".screenshots")

/** Flags for a root user (no sandbox), no GPU and no network beyond localhost (nothing phones home). */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
]

export type Problem = { kind: "console" | "pageerror" | "requestfailed" | "response"; text: string; url?: string }

export type Browser = {
  context: BrowserContext
  page: Page
  /** Requests to other hosts (Medusa's dashboard loads flag icons from a CDN), answered empty: the machine has no network. */
  external: string[]
  /** Everything that went wrong since the last `takeProblems()`. */
  takeProblems(): Problem[]
  screenshot(name: string): Promise<string>
  close(): Promise<void>
}

/**
 * A failed request is one that did not complete (connection refused, reset, blocked) or an admin API answer of 4xx/5xx
 * from one of the plugin's routes. Requests the browser aborts itself (a navigation leaving a page, react-query
 * cancelling a superseded fetch) are not failures. Medusa's own 401 on /admin/users/me before login is expected.
 */
function isFailure(url: string, status: number) {
  return status >= 400 && (url.includes("/admin/jwo") || url.includes("/admin/notifications"))
}

export async function openBrowser(baseUrl: string, options: { width?: number; height?: number } = {}): Promise<Browser> {
  const userDataDir = mkdtempSync(join(tmpdir(), "jwo-chromium-"))
  mkdirSync(SCREENSHOTS_DIR, { recursive: true })
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: options.width ?? 1440, height: options.height ?? 900 },
    baseURL: baseUrl,
    locale: "en-US",
    timezoneId: "America/New_York",
  })
  const page = context.pages()[0] ?? (await context.newPage())
  const external: string[] = []
  const local = new URL(baseUrl).host
  await context.route(
    (url) => url.host !== local && (url.protocol === "http:" || url.protocol === "https:"),
    (route) => {
      external.push(route.request().url())
      const svg = route.request().url().endsWith(".svg")
      return route.fulfill({ status: 200, contentType: svg ? "image/svg+xml" : "text/plain", body: svg ? "<svg xmlns='http://www.w3.org/2000/svg'/>" : "" })
    }
  )
  const problems: Problem[] = []
  page.on("console", (message) => {
    if (message.type() === "error") problems.push({ kind: "console", text: message.text(), url: message.location()?.url })
  })
  page.on("pageerror", (error) => problems.push({ kind: "pageerror", text: `${error.name}: ${error.message}` }))
  page.on("requestfailed", (request) => {
    const failure = request.failure()?.errorText ?? "failed"
    if (failure.includes("ERR_ABORTED")) return
    problems.push({ kind: "requestfailed", text: `${request.method()} ${request.url()}: ${failure}`, url: request.url() })
  })
  page.on("response", (response) => {
    if (isFailure(response.url(), response.status())) {
      problems.push({ kind: "response", text: `${response.request().method()} ${response.url()} → ${response.status()}`, url: response.url() })
    }
  })
  return {
    context,
    page,
    external,
    takeProblems: () => problems.splice(0, problems.length),
    screenshot: async (name: string) => {
      const file = join(SCREENSHOTS_DIR, `${name}.png`)
      // Medusa's admin scrolls inside its main column, not the document: grow the window to the content for the
      // picture, then back.
      const viewport = page.viewportSize() ?? { width: 1440, height: 900 }
      const height = await page.evaluate((windowHeight) => {
        let hidden = document.documentElement.scrollHeight - document.documentElement.clientHeight
        for (const el of Array.from(document.querySelectorAll("main, main *, body > div, body > div > div"))) {
          const style = getComputedStyle(el)
          if (style.overflowY === "auto" || style.overflowY === "scroll") hidden = Math.max(hidden, el.scrollHeight - el.clientHeight)
        }
        return Math.min(windowHeight + Math.max(0, Math.ceil(hidden)), 5000)
      }, viewport.height)
      if (height > viewport.height) {
        await page.setViewportSize({ width: viewport.width, height })
        await page.waitForTimeout(150)
      }
      await page.screenshot({ path: file })
      if (height > viewport.height) await page.setViewportSize(viewport)
      return file
    },
    close: async () => {
      await context.close().catch(() => undefined)
      rmSync(userDataDir, { recursive: true, force: true })
    },
  }
}

/** Logs in through Medusa's login form and waits for the dashboard. */
export async function logIn(page: Page, email: string, password: string) {
  await page.goto("/app/login")
  await page.getByLabel("Email").or(page.locator('input[name="email"]')).first().fill(email)
  await page.locator('input[name="password"]').fill(password)
  await page.getByRole("button", { name: /continue/i }).click()
  await page.waitForURL((url) => !url.pathname.startsWith("/app/login"), { timeout: 30_000 })
}
