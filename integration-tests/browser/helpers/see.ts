/**
 * Waiting assertions for playwright-core (which has no `expect` of its own): each polls the page until the
 * condition holds or the timeout passes, then fails with what it saw. The pages refresh by themselves, so tests
 * wait for what a staff member would see, never reload.
 */
import type { Locator, Page } from "playwright-core"

const DEFAULT_MS = 10_000

async function poll<T>(read: () => Promise<T>, ok: (value: T) => boolean, describe: (value: T | undefined) => string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs
  let last: T | undefined
  for (;;) {
    try {
      last = await read()
      if (ok(last)) return last
    } catch {
      // not there yet
    }
    if (Date.now() > deadline) throw new Error(describe(last))
    await new Promise((r) => setTimeout(r, 100))
  }
}

const matches = (text: string, expected: string | RegExp) => (typeof expected === "string" ? text.includes(expected) : expected.test(text))

export const see = {
  /** The first element of the locator is visible. */
  visible: async (locator: Locator, timeoutMs = DEFAULT_MS) => {
    await locator.first().waitFor({ state: "visible", timeout: timeoutMs })
  },
  /** Its visible text contains (or matches) `expected`. */
  text: (locator: Locator, expected: string | RegExp, timeoutMs = DEFAULT_MS) =>
    poll(
      () => locator.first().innerText({ timeout: 1000 }),
      (t) => matches(t, expected),
      (t) => `expected ${locator} to contain ${expected}, it shows: ${JSON.stringify(t)}`,
      timeoutMs
    ),
  /** Its visible text is exactly `expected` (trimmed). */
  exactText: (locator: Locator, expected: string | RegExp, timeoutMs = DEFAULT_MS) =>
    poll(
      () => locator.first().innerText({ timeout: 1000 }),
      (t) => (typeof expected === "string" ? t.trim() === expected : expected.test(t.trim())),
      (t) => `expected ${locator} to be ${expected}, it shows: ${JSON.stringify(t)}`,
      timeoutMs
    ),
  count: (locator: Locator, n: number, timeoutMs = DEFAULT_MS) =>
    poll(
      () => locator.count(),
      (c) => c === n,
      (c) => `expected ${n} of ${locator}, found ${c}`,
      timeoutMs
    ),
  attribute: (locator: Locator, name: string, expected: RegExp, timeoutMs = DEFAULT_MS) =>
    poll(
      () => locator.first().getAttribute(name, { timeout: 1000 }),
      (v) => v !== null && expected.test(v),
      (v) => `expected ${locator} [${name}] to match ${expected}, it is ${JSON.stringify(v)}`,
      timeoutMs
    ),
  url: (page: Page, expected: RegExp, timeoutMs = DEFAULT_MS) =>
    poll(
      async () => page.url(),
      (u) => expected.test(u),
      (u) => `expected the URL to match ${expected}, it is ${u}`,
      timeoutMs
    ),
}
