/**
 * `medusa-plugin-jwo load`: Amazon's load-testing phase against a running plugin and the sandbox it submits Checkout
 * to (issue 16). Open loop: shoppers arrive on a schedule whatever the plugin's answers; each gets a Scan Key Code
 * through the store API, passes the gate, shops, walks out (some exits delivered twice, as Amazon may), and is
 * followed until the sandbox charged the trip. The accounting is in `load-report.ts`.
 */
import { randomUUID } from "node:crypto"
import { request } from "undici"
import { amazonTimestamp, authEventFrom, createPurchase, verifyIdentity, type CartItemInput, type GatewayTarget } from "./driver"
import { arrivalSchedule, summarizeLoad, type LoadReport, type LoadTrip } from "./load-report"

export type LoadShopperFile = { email: string; password: string }[]

export type LoadConfig = GatewayTarget & {
  storeId: string
  sandboxUrl: string
  publishableKey: string
  ratePerS: number
  durationS: number
  rampS: number
  burst: number
  burstAtS: number
  /** SKUs sold by the unit, and SKUs sold by weight (kg). */
  skus: string[]
  weighedSkus: string[]
  /** Share (0..1) of exits delivered twice. */
  duplicateShare: number
  /** Time in the shop, uniformly between these (seconds). */
  shopS: [number, number]
  /** Existing customers to use, in turn; without them each shopper is registered through the store API. */
  shoppers?: LoadShopperFile
  chargeTimeoutS: number
  /** Random source (tests pass a seeded one). */
  random?: () => number
  onProgress?: (line: string) => void
}

async function storeCall(base: string, path: string, body: unknown, headers: Record<string, string>, timeoutMs: number) {
  const res = await request(`${base.replace(/\/+$/, "")}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  })
  const text = await res.body.text()
  let json: any
  try {
    json = JSON.parse(text)
  } catch {
    json = undefined
  }
  if (res.statusCode >= 300) throw new Error(`${path}: ${res.statusCode} ${text.slice(0, 200)}`)
  return json
}

/** A Scan Key Code for a real Medusa customer: registered now (store API), or logged in from the shoppers file. */
export async function scanCodeFor(config: LoadConfig, given?: { email: string; password: string }): Promise<string> {
  const base = config.pluginBaseUrl
  const timeout = config.timeoutMs ?? 10_000
  const pub = { "x-publishable-api-key": config.publishableKey }
  let login = given
  if (!login) {
    login = { email: `load-${randomUUID()}@jwo.load`, password: `load-${randomUUID()}` }
    const registered = await storeCall(base, "/auth/customer/emailpass/register", login, {}, timeout)
    await storeCall(base, "/store/customers", { email: login.email, first_name: "Load", last_name: "Shopper" }, { ...pub, authorization: `Bearer ${registered.token}` }, timeout)
  }
  const session = await storeCall(base, "/auth/customer/emailpass", login, {}, timeout)
  const key = await storeCall(base, "/store/jwo/scan-keys", { device_name: "jwo-load" }, { ...pub, authorization: `Bearer ${session.token}` }, timeout)
  return key.scan_key.code
}

/** 1 to 15 distinct lines from the configured SKUs; weighed SKUs get a weight in kg with 3 decimals. */
export function randomCart(skus: string[], weighedSkus: string[], random: () => number): CartItemInput[] {
  const pool = [...skus.map((id) => ({ id, weighed: false })), ...weighedSkus.map((id) => ({ id, weighed: true }))]
  const lines = Math.min(pool.length, 1 + Math.floor(random() * 15))
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[pool[i], pool[j]] = [pool[j], pool[i]]
  }
  return pool.slice(0, lines).map(({ id, weighed }) => ({
    id,
    type: "SKU" as const,
    quantity: weighed
      ? { value: (0.1 + random() * 1.4).toFixed(3), unit: "kg" }
      : { value: String(1 + Math.floor(random() * 3)), unit: "unit" },
  }))
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function sandboxCharges(sandboxUrl: string, tripId: string): Promise<number> {
  const res = await request(`${sandboxUrl.replace(/\/+$/, "")}/_sandbox/trips/${encodeURIComponent(tripId)}`)
  const text = await res.body.text()
  return res.statusCode === 200 ? Number((JSON.parse(text) as { charges: number }).charges) : 0
}

type Walk = LoadTrip & { tripId?: string; stage: "code" | "gate" | "shop" | "exit" | "charge" | "done" }

async function walk(config: LoadConfig, index: number, trip: Walk, random: () => number) {
  try {
    const given = config.shoppers?.length ? config.shoppers[index % config.shoppers.length] : undefined
    const scanCode = await scanCodeFor(config, given)
    trip.stage = "gate"
    const gateStart = performance.now()
    const entry = await verifyIdentity({ ...config, scanCode })
    trip.gate = { status: entry.status, ms: Math.round((performance.now() - gateStart) * 10) / 10 }
    if (entry.status !== 200) return
    trip.stage = "shop"
    const [lo, hi] = config.shopS
    await sleep((lo + random() * (hi - lo)) * 1000)
    trip.stage = "exit"
    const cartItems = randomCart(config.skus, config.weighedSkus, random)
    const endTime = amazonTimestamp()
    const tripId = randomUUID()
    trip.tripId = tripId
    const exitInput = { ...config, authEvents: [authEventFrom(entry)], cartItems, endTime, startTime: entry.request.authEvent.timestamp, idempotentShoppingTripId: tripId }
    // The timed call includes the trip's registration with the sandbox (a local call, about 1 ms).
    const exitStart = performance.now()
    const exit = await createPurchase(exitInput)
    trip.exit = { status: exit.status, ms: Math.round((performance.now() - exitStart) * 10) / 10, answeredAt: Date.now() }
    if (exit.status !== 201) return
    if (random() < config.duplicateShare) {
      trip.duplicates++
      const again = await createPurchase({ ...exitInput, sandboxUrl: undefined })
      if (again.status !== 201) trip.error = `duplicate delivery answered ${again.status}`
    }
    trip.stage = "charge"
    const deadline = Date.now() + config.chargeTimeoutS * 1000
    while (Date.now() < deadline) {
      const charges = await sandboxCharges(config.sandboxUrl, tripId)
      if (charges > 0) {
        trip.charges = charges
        trip.chargedAt = Date.now()
        return
      }
      await sleep(250)
    }
  } catch (error) {
    trip.error = (error as Error).message
  } finally {
    trip.stage = "done"
  }
}

/** Runs the load and returns its report (after a last look at every trip's charges, to catch late doubles). */
export async function runLoad(config: LoadConfig): Promise<{ report: LoadReport; trips: LoadTrip[] }> {
  const random = config.random ?? Math.random
  const schedule = arrivalSchedule(config)
  const trips: Walk[] = []
  const started = Date.now()
  const progress = setInterval(() => {
    const count = (stage: Walk["stage"]) => trips.filter((t) => t.stage === stage).length
    config.onProgress?.(
      `t=${Math.round((Date.now() - started) / 1000)}s arrived ${trips.length}/${schedule.length}, at gate ${count("code") + count("gate")}, ` +
        `shopping ${count("shop")}, exiting ${count("exit")}, awaiting charge ${count("charge")}, ` +
        `charged ${trips.filter((t) => t.charges > 0).length}, errors ${trips.filter((t) => t.error || (t.gate && t.gate.status !== 200)).length}`
    )
  }, 1000)
  const walks: Promise<void>[] = []
  try {
    for (const [index, at] of schedule.entries()) {
      const wait = started + at - Date.now()
      if (wait > 0) await sleep(wait)
      const trip: Walk = { duplicates: 0, charges: 0, stage: "code" }
      trips.push(trip)
      walks.push(walk(config, index, trip, random))
    }
    await Promise.all(walks)
  } finally {
    clearInterval(progress)
  }
  const durationMs = Date.now() - started
  // A second charge could come after the first was seen: read every acknowledged trip once more.
  await sleep(2000)
  for (const trip of trips) {
    if (trip.tripId && trip.exit?.status === 201) trip.charges = await sandboxCharges(config.sandboxUrl, trip.tripId)
  }
  const plain = trips.map(({ stage, tripId, ...rest }) => rest)
  return { report: summarizeLoad(plain, durationMs), trips: plain }
}
