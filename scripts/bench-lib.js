/**
 * Shared pieces of the load benchmarks (scripts/bench-exit.js, scripts/bench-checkout.js): argument parsing, JSON
 * calls for the setup, the demo's admin login and JWO store, a bench shopper with a Scan Key Code and a gate scan,
 * the store's catalog, trip polling through the admin trips API, closed-loop load, percentiles and the machine's
 * description. Plain CommonJS, no build step; only undici (a dependency of the plugin) besides Node.
 */
const { execFileSync } = require("node:child_process")
const fs = require("node:fs")
const os = require("node:os")
const path = require("node:path")
const { randomUUID } = require("node:crypto")
const { Agent, request } = require("undici")

const root = path.resolve(__dirname, "..")
const REQUEST_TIMEOUT_MS = 15000
const IDENTITY_PATH = "/jwo/v1/identity/identity-keys"
const PURCHASES_PATH = "/jwo/v1/order/purchases"
const DEMO_STORE_NAME = "Demo Just Walk Out Store"

/** A failure whose message says what to fix; printed without a stack. */
class Fix extends Error {}

function logger(tag) {
  return (message) => console.log(`[${tag}] ${message}`)
}

function demoDefaults() {
  return JSON.parse(fs.readFileSync(path.join(root, "demo", "defaults.json"), "utf8"))
}

/** The inbound (connector) secret: JWO_BENCH_SECRET, else the first of JWO_INBOUND_SECRETS, else the demo's. */
function inboundSecret() {
  if (process.env.JWO_BENCH_SECRET) return process.env.JWO_BENCH_SECRET
  if (process.env.JWO_INBOUND_SECRETS) return process.env.JWO_INBOUND_SECRETS.split(",")[0].trim()
  return demoDefaults().JWO_INBOUND_SECRETS.split(",")[0].trim()
}

/* ------------------------------------------------------------------ */
/* Arguments                                                           */
/* ------------------------------------------------------------------ */

/**
 * Parses `--flag value` / `--flag=value` against `spec`: { flag: { key, kind: "int"|"number"|"ints"|"string"|"bool"|
 * "number0" } }. `--help` prints the script's first doc comment. Returns opts (defaults merged).
 */
function parseFlags(argv, spec, defaults, file) {
  const opts = { ...defaults }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    const eq = arg.indexOf("=")
    const [flag, inline] = eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined]
    if (flag === "--help" || flag === "-h") {
      console.log(fs.readFileSync(file, "utf8").match(/\/\*\*([\s\S]*?)\*\//)[1].replace(/^ \* ?/gm, ""))
      process.exit(0)
    }
    const s = spec[flag]
    if (!s) throw new Fix(`unknown argument ${arg}; see --help`)
    if (s.kind === "bool") {
      opts[s.key] = inline === undefined ? true : !/^(0|false|no)$/i.test(inline)
      continue
    }
    const v = inline !== undefined ? inline : argv[++i]
    if (v === undefined || v === "") throw new Fix(`${flag} needs a value`)
    const positive = (x, integer) => {
      const n = Number(x)
      if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
        throw new Fix(`${flag} must be a positive ${integer ? "integer" : "number"}, got "${x}"`)
      }
      return n
    }
    switch (s.kind) {
      case "int":
        opts[s.key] = positive(v, true)
        break
      case "number":
        opts[s.key] = positive(v, false)
        break
      case "number0": {
        const n = Number(v)
        if (!Number.isFinite(n) || n < 0) throw new Fix(`${flag} must be a number >= 0, got "${v}"`)
        opts[s.key] = n
        break
      }
      case "ints":
        opts[s.key] = v
          .split(",")
          .filter(Boolean)
          .map((x) => positive(x.trim(), true))
        if (!opts[s.key].length) throw new Fix(`${flag} needs at least one value, e.g. ${flag} 1,10,50`)
        break
      default:
        if (s.choices && !s.choices.includes(v)) throw new Fix(`${flag} must be one of ${s.choices.join(", ")}, got "${v}"`)
        opts[s.key] = v
    }
  }
  return opts
}

/** The flags of closed-loop load (`runPhase`), shared by the latency benchmarks. */
const LOAD_FLAGS = {
  "--levels": { key: "levels", kind: "ints" },
  "--requests": { key: "requests", kind: "int" },
  "--duration": { key: "duration", kind: "number" },
  "--warmup": { key: "warmup", kind: "number0" },
}

function baseUrl(name, value) {
  const trimmed = String(value).replace(/\/+$/, "")
  try {
    new URL(trimmed)
  } catch {
    throw new Fix(`${name} "${value}" is not a URL, e.g. http://localhost:9000`)
  }
  return trimmed
}

/* ------------------------------------------------------------------ */
/* HTTP                                                                */
/* ------------------------------------------------------------------ */

let dispatcher

function createDispatcher(connections) {
  dispatcher = new Agent({ connections, pipelining: 1, keepAliveTimeout: 4000 })
  return dispatcher
}

function getDispatcher() {
  if (!dispatcher) createDispatcher(64)
  return dispatcher
}

async function closeDispatcher(force) {
  if (!dispatcher) return
  const d = dispatcher
  dispatcher = undefined
  await (force ? d.destroy() : d.close()).catch(() => {})
}

/** One JSON call for the setup or polling; returns { status, body } (body parsed when JSON, else text). */
async function call(base, method, pathname, { headers = {}, json, unreachable } = {}) {
  let response
  try {
    response = await request(base + pathname, {
      method,
      dispatcher: getDispatcher(),
      headers: json === undefined ? headers : { "content-type": "application/json", ...headers },
      body: json === undefined ? undefined : JSON.stringify(json),
      headersTimeout: REQUEST_TIMEOUT_MS,
      bodyTimeout: REQUEST_TIMEOUT_MS,
    })
  } catch (error) {
    throw new Fix(
      `no answer from ${base} (${method} ${pathname}: ${error.code || error.message}). ` +
        (unreachable || "Is the app running? start it with npm run demo (or set JWO_BENCH_URL to where it runs).")
    )
  }
  const text = await response.body.text()
  let body = text
  try {
    body = text ? JSON.parse(text) : undefined
  } catch {}
  return { status: response.statusCode, body }
}

function describeAnswer({ status, body }) {
  const text = typeof body === "string" ? body : JSON.stringify(body)
  return `HTTP ${status} ${text && text.length > 300 ? `${text.slice(0, 300)}...` : text || ""}`.trim()
}

/** The gateways' timestamp format: YYYY-MM-DDThh:mm:ssZ. */
function gateTimestamp(date = new Date()) {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z")
}

/* ------------------------------------------------------------------ */
/* The demo app: admin, JWO store, catalog, shopper                    */
/* ------------------------------------------------------------------ */

async function checkApp(base) {
  const health = await call(base, "GET", "/health")
  if (health.status !== 200) {
    throw new Fix(`${base}/health answers ${describeAnswer(health)}: the app is not ready; start it with npm run demo and wait for "ready".`)
  }
}

/** Admin session headers; `refresh()` logs in again (tokens expire). */
async function adminLogin(base) {
  const email = process.env.JWO_DEMO_ADMIN_EMAIL || "admin@jwo.demo"
  const password = process.env.JWO_DEMO_ADMIN_PASSWORD || "supersecret"
  const login = await call(base, "POST", "/auth/user/emailpass", { json: { email, password } })
  if (login.status !== 200 || !login.body || !login.body.token) {
    throw new Fix(
      `admin login as ${email} failed (${describeAnswer(login)}). Set JWO_DEMO_ADMIN_EMAIL and JWO_DEMO_ADMIN_PASSWORD to an admin of the app ` +
        "(npm run demo creates admin@jwo.demo / supersecret)."
    )
  }
  return { authorization: `Bearer ${login.body.token}` }
}

/** An admin call that logs in again once on 401. */
function adminClient(base, headers) {
  const admin = { headers }
  admin.call = async (method, pathname, options = {}) => {
    let answer = await call(base, method, pathname, { ...options, headers: { ...admin.headers, ...(options.headers || {}) } })
    if (answer.status === 401) {
      admin.headers = await adminLogin(base)
      answer = await call(base, method, pathname, { ...options, headers: { ...admin.headers, ...(options.headers || {}) } })
    }
    return answer
  }
  return admin
}

async function publishableKey(base, admin) {
  if (process.env.JWO_BENCH_PUBLISHABLE_KEY) return process.env.JWO_BENCH_PUBLISHABLE_KEY
  const keys = await admin.call("GET", "/admin/api-keys?type=publishable&limit=100")
  if (keys.status !== 200) throw new Fix(`listing publishable keys failed: ${describeAnswer(keys)}`)
  const usable = (keys.body.api_keys || []).filter((k) => k.type === "publishable" && !k.revoked_at && !k.deleted_at)
  const key = usable.find((k) => k.title === DEMO_STORE_NAME) || usable[0]
  if (!key) throw new Fix("the app has no publishable API key: create one in the admin (Settings > Publishable API keys) or set JWO_BENCH_PUBLISHABLE_KEY.")
  return key.token
}

/** The JWO store by Amazon store id, with its region's currency. */
async function jwoStore(admin, amazonStoreId) {
  const stores = await admin.call("GET", `/admin/jwo/stores?amazon_store_id=${encodeURIComponent(amazonStoreId)}`)
  if (stores.status !== 200) throw new Fix(`listing the JWO stores failed: ${describeAnswer(stores)}`)
  const store = (stores.body.jwo_stores || [])[0]
  if (!store) throw new Fix(`the app has no JWO store ${amazonStoreId}: set JWO_BENCH_STORE_ID to one, or start the demo (npm run demo seeds DEMO-STORE-1).`)
  if (store.enabled === false) throw new Fix(`the JWO store ${amazonStoreId} is disabled: enable it in the admin (Settings > Just Walk Out).`)
  const region = await admin.call("GET", `/admin/regions/${store.region_id}?fields=id,name,currency_code`)
  if (region.status !== 200 || !region.body.region) throw new Fix(`reading the store's region ${store.region_id} failed: ${describeAnswer(region)}`)
  return { ...store, currency_code: region.body.region.currency_code }
}

/**
 * `count` distinct SKUs the store sells by the unit: variants of published products in the store's sales channel with
 * a price in the region's currency, not sold by weight; variants without managed inventory first (so no stock
 * correction runs), spread over the catalog (so the cart crosses categories, e.g. a promoted one). When the channel
 * has fewer, products "JWO Bench item N" (SKU JWO-BENCH-00N) are created through the admin API.
 */
async function benchSkus(admin, store, count, log) {
  const fields = [
    "id",
    "title",
    "status",
    "metadata",
    "variants.id",
    "variants.sku",
    "variants.manage_inventory",
    "variants.metadata",
    "variants.prices.amount",
    "variants.prices.currency_code",
  ].join(",")
  const found = []
  for (let offset = 0; ; offset += 100) {
    const page = await admin.call(
      "GET",
      `/admin/products?sales_channel_id[]=${store.sales_channel_id}&status[]=published&limit=100&offset=${offset}&fields=${encodeURIComponent(fields)}`
    )
    if (page.status !== 200) throw new Fix(`listing the store's products failed: ${describeAnswer(page)}`)
    for (const product of page.body.products || []) {
      const weighed = (m) => m && (m.jwo_sold_by === "weight" || m.jwo_unit)
      if (weighed(product.metadata)) continue
      for (const v of product.variants || []) {
        if (!v.sku || weighed(v.metadata)) continue
        const price = (v.prices || []).find((p) => p.currency_code === store.currency_code && Number(p.amount) > 0)
        if (!price) continue
        found.push({ sku: v.sku, title: product.title, managed: Boolean(v.manage_inventory), amount: Number(price.amount) })
      }
    }
    if (offset + 100 >= (page.body.count || 0)) break
  }
  found.sort((a, b) => (a.managed === b.managed ? a.sku.localeCompare(b.sku) : a.managed ? 1 : -1))
  const unmanaged = found.filter((f) => !f.managed)
  const pool = unmanaged.length >= count ? unmanaged : found
  const picked = []
  if (pool.length >= count) {
    for (let i = 0; i < count; i++) picked.push(pool[Math.floor((i * pool.length) / count)])
    return { skus: picked, created: [] }
  }
  picked.push(...pool)
  const created = []
  for (let n = 1; picked.length < count; n++) {
    const sku = `JWO-BENCH-${String(n).padStart(3, "0")}`
    if (picked.some((p) => p.sku === sku)) continue
    const existing = await admin.call("GET", `/admin/product-variants?sku=${sku}&fields=id,sku,product_id`)
    if (existing.status === 200 && (existing.body.variants || []).length) {
      throw new Fix(`SKU ${sku} exists but is not a priced, published variant of the store's sales channel: fix or delete it in the admin.`)
    }
    const amount = 1 + n * 0.25
    const answer = await admin.call("POST", "/admin/products", {
      json: {
        title: `JWO Bench item ${n}`,
        status: "published",
        sales_channels: [{ id: store.sales_channel_id }],
        options: [{ title: "Size", values: ["each"] }],
        variants: [
          { title: "each", sku, manage_inventory: false, options: { Size: "each" }, prices: [{ amount, currency_code: store.currency_code }] },
        ],
      },
    })
    if (answer.status !== 200) throw new Fix(`creating the bench product ${sku} failed: ${describeAnswer(answer)}`)
    log(`created product "JWO Bench item ${n}" (${sku}, ${amount} ${store.currency_code})`)
    picked.push({ sku, title: `JWO Bench item ${n}`, managed: false, amount })
    created.push(sku)
  }
  return { skus: picked, created }
}

/** A new customer registered through the store API (so the bench's trips and orders are its own). */
async function createShopper(base, pubKey) {
  const email = `bench-${Date.now()}-${randomUUID().slice(0, 8)}@jwo.bench`
  const password = `bench-${randomUUID()}`
  const register = await call(base, "POST", "/auth/customer/emailpass/register", { json: { email, password } })
  if (register.status !== 200 || !register.body || !register.body.token) {
    throw new Fix(`registering the bench shopper ${email} failed: ${describeAnswer(register)}`)
  }
  const created = await call(base, "POST", "/store/customers", {
    headers: { authorization: `Bearer ${register.body.token}`, "x-publishable-api-key": pubKey },
    json: { email, first_name: "Bench", last_name: "Shopper" },
  })
  if (created.status !== 200 || !created.body || !created.body.customer) {
    throw new Fix(`creating the bench customer failed: ${describeAnswer(created)}`)
  }
  const login = await call(base, "POST", "/auth/customer/emailpass", { json: { email, password } })
  if (login.status !== 200 || !login.body || !login.body.token) {
    throw new Fix(`the bench shopper's login failed: ${describeAnswer(login)}`)
  }
  return { email, customerId: created.body.customer.id, token: login.body.token }
}

/**
 * Who walks out: `scan` = a new shopper gets a Scan Key Code and passes the gate (Identity Connector, 200 with
 * visitorDetails); trips carry a SCAN_CODE auth event with that visitor as scanResult. `card` = a FINANCIAL entry
 * (guest order). Returns { kind, customerId?, email?, token?, authEvent(): a new auth event per trip }; `token` is the
 * customer's store-API login (a storefront's `Authorization: Bearer`). `pubKey` skips the admin lookup of the
 * publishable key (the chaos run reads it from its database).
 */
async function enterShopper(base, admin, { visitor, secret, storeId, log, pubKey: givenPubKey }) {
  if (visitor === "card") {
    return {
      kind: "card",
      authEvent: (at) => ({ id: randomUUID(), timestamp: gateTimestamp(at), location: "ENTRY", payloadType: "FINANCIAL" }),
    }
  }
  const pubKey = givenPubKey || (await publishableKey(base, admin))
  const shopper = await createShopper(base, pubKey)
  const key = await call(base, "POST", "/store/jwo/scan-keys", {
    headers: { authorization: `Bearer ${shopper.token}`, "x-publishable-api-key": pubKey },
    json: { device_name: "bench" },
  })
  const code = key.body && key.body.scan_key && key.body.scan_key.code
  if (key.status !== 201 || !code) throw new Fix(`issuing a Scan Key Code failed: ${describeAnswer(key)}`)
  const scan = await call(base, "POST", IDENTITY_PATH, {
    headers: { "x-jwo-connector-secret": secret },
    json: {
      requestId: randomUUID(),
      identityKey: Buffer.from(code, "utf8").toString("base64"),
      storeId,
      authEvent: { id: randomUUID(), timestamp: gateTimestamp(), location: "ENTRY" },
      keyChannel: "OPTICAL",
    },
  })
  if (scan.status === 401) {
    throw new Fix(`the app refused the inbound secret (${describeAnswer(scan)}). Set JWO_BENCH_SECRET (or JWO_INBOUND_SECRETS) to one of the app's JWO_INBOUND_SECRETS.`)
  }
  const visitorDetails = scan.body && scan.body.visitorDetails
  if (scan.status !== 200 || !visitorDetails) throw new Fix(`the gate scan of the bench shopper was not accepted: ${describeAnswer(scan)}`)
  log(`shopper ${shopper.email} (${shopper.customerId}) passed the gate: ${JSON.stringify(visitorDetails)}`)
  return {
    kind: "scan",
    customerId: shopper.customerId,
    email: shopper.email,
    token: shopper.token,
    authEvent: (at) => ({
      id: randomUUID(),
      timestamp: gateTimestamp(at),
      location: "ENTRY",
      payloadType: "SCAN_CODE",
      scanResult: { id: visitorDetails.id, type: visitorDetails.type },
    }),
  }
}

/** A Create Purchases body (contract §5) for a new trip id. */
function purchaseBody(storeId, shopper, cartItems, tripId = randomUUID()) {
  const end = new Date()
  const start = new Date(end.getTime() - 10 * 60_000)
  return {
    requestId: randomUUID(),
    idempotentShoppingTripId: tripId,
    storeId,
    shoppingTrip: { startTime: gateTimestamp(start), endTime: gateTimestamp(end), authEvents: [shopper.authEvent(start)] },
    cartItems,
  }
}

/** The variant id of each SKU (`skus`: strings), through the admin API; a Fix when one is missing. */
async function variantIdsBySku(admin, skus) {
  const answer = await admin.call("GET", `/admin/product-variants?${skus.map((s) => `sku[]=${encodeURIComponent(s)}`).join("&")}&fields=id,sku&limit=${skus.length + 10}`)
  if (answer.status !== 200) throw new Fix(`looking up the bench SKUs' variants failed: ${describeAnswer(answer)}`)
  const bySku = new Map((answer.body.variants || []).map((v) => [v.sku, v.id]))
  const missing = skus.filter((s) => !bySku.has(s))
  if (missing.length) throw new Fix(`no variant has the SKU(s) ${missing.join(", ")}`)
  return bySku
}

/** A 10-line cart from the picked SKUs: quantities 1, 2, 1, 1, 2, ... (all whole units). */
function cartOf(skus) {
  return skus.map((s, i) => ({ id: s.sku, type: "SKU", quantity: { value: i % 3 === 1 ? "2" : "1", unit: "unit" } }))
}

/* ------------------------------------------------------------------ */
/* The sandbox                                                         */
/* ------------------------------------------------------------------ */

async function checkSandbox(sandboxUrl) {
  const health = await call(sandboxUrl, "GET", "/_sandbox/health", {
    unreachable: "Is the Amazon sandbox running? npm run demo starts it on :4010; set JWO_SANDBOX_URL to where it runs.",
  })
  if (health.status !== 200 || !health.body || health.body.ok !== true) {
    throw new Fix(`${sandboxUrl}/_sandbox/health answers ${describeAnswer(health)}: that is not the Amazon sandbox (JWO_SANDBOX_URL).`)
  }
}

/** Registers the cart Amazon "sent" with the sandbox, so the plugin's Checkout call finds it. */
async function registerTrip(sandboxUrl, body) {
  const answer = await call(sandboxUrl, "POST", "/_sandbox/trips", {
    json: {
      idempotentShoppingTripId: body.idempotentShoppingTripId,
      storeId: body.storeId,
      cartItems: body.cartItems.map(({ id, type, quantity }) => ({ id, type, quantity })),
    },
  })
  if (answer.status !== 201 && answer.status !== 200) throw new Error(`sandbox trip registration: ${describeAnswer(answer)}`)
}

/* ------------------------------------------------------------------ */
/* Trips through the admin API                                         */
/* ------------------------------------------------------------------ */

const IN_FLIGHT = ["received", "pricing", "order_placed", "checkout_pending"]

/**
 * The trips of one JWO store received since `from` (optionally only those in `statuses`), newest first, up to
 * `limit`, with their total count. Not filtered by customer: a trip has no customer until pricing resolves it.
 */
async function tripStatuses(admin, { from, storeId, statuses, limit = 200 }) {
  const params = [`from=${encodeURIComponent(from)}`, `limit=${limit}`, "fields=id,status"]
  if (storeId) params.push(`amazon_store_id=${encodeURIComponent(storeId)}`)
  for (const s of statuses || []) params.push(`status[]=${s}`)
  const answer = await admin.call("GET", `/admin/jwo/trips?${params.join("&")}`)
  if (answer.status !== 200) throw new Error(`listing trips: ${describeAnswer(answer)}`)
  return { trips: answer.body.trips || [], count: answer.body.count }
}

async function tripDetail(admin, id) {
  const answer = await admin.call("GET", `/admin/jwo/trips/${id}`)
  if (answer.status !== 200) throw new Error(`GET /admin/jwo/trips/${id}: ${describeAnswer(answer)}`)
  return answer.body.trip
}

/** Milliseconds since the epoch of the first history entry that moved the trip to `status`. */
function reachedAt(trip, status) {
  const entry = (trip.history || []).find((h) => h.to_status === status)
  return entry ? Date.parse(entry.created_at) : undefined
}

/** Waits until none of the store's trips received since `from` is in flight any more; returns seconds waited and the final status counts. */
async function drain(admin, { from, storeId, timeoutS, log, label }) {
  const t0 = Date.now()
  let lastLog = 0
  for (;;) {
    const { count } = await tripStatuses(admin, { from, storeId, statuses: IN_FLIGHT, limit: 1 })
    if (!count) break
    if (Date.now() - lastLog >= 15000) {
      log(`${label}: waiting for ${count} trip(s) still in flight...`)
      lastLog = Date.now()
    }
    if (Date.now() - t0 > timeoutS * 1000) {
      log(`${label}: ${count} trip(s) still in flight after ${timeoutS} s; going on (--drain-timeout)`)
      break
    }
    await sleep(1000)
  }
  const waitedS = (Date.now() - t0) / 1000
  const counts = {}
  for (const status of ["received", "pricing", "order_placed", "checkout_pending", "charged", "not_charged", "needs_attention", "checkout_rejected", "empty", "resolved"]) {
    const { count } = await tripStatuses(admin, { from, storeId, statuses: [status], limit: 1 })
    if (count) counts[status] = count
  }
  return { waited_s: round(waitedS, 1), statuses: counts }
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/* ------------------------------------------------------------------ */
/* Load and statistics                                                 */
/* ------------------------------------------------------------------ */

/**
 * Closed-loop load: `concurrency` workers, each starting its next request when the previous one finished, until the
 * deadline (durationS) or until `requests` were started in all. `target()` returns undefined (ok), a string (the
 * problem) or { problem?, ms? }: `ms` replaces the measured time when the target times only part of its work (e.g.
 * an untimed preparation first). Otherwise latency is from calling target() to its end.
 */
async function runPhase(target, { concurrency, durationS, requests }) {
  const latencies = []
  const errorKinds = new Map()
  let errors = 0
  let started = 0
  const cpuBefore = process.cpuUsage()
  const t0 = process.hrtime.bigint()
  const deadline = durationS !== undefined ? t0 + BigInt(Math.round(durationS * 1e9)) : undefined
  const more = () => (requests !== undefined ? started < requests : process.hrtime.bigint() < deadline)

  async function worker() {
    while (more()) {
      started++
      const start = process.hrtime.bigint()
      let problem
      let ms
      try {
        const result = await target()
        if (result && typeof result === "object") {
          problem = result.problem
          ms = result.ms
        } else problem = result
      } catch (error) {
        problem = `${error.code || error.name}: ${error.message}`
      }
      latencies.push(ms !== undefined ? ms : Number(process.hrtime.bigint() - start) / 1e6)
      if (problem) {
        errors++
        const kind = String(problem).slice(0, 160)
        errorKinds.set(kind, (errorKinds.get(kind) || 0) + 1)
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  const elapsedS = Number(process.hrtime.bigint() - t0) / 1e9
  const cpu = process.cpuUsage(cpuBefore)
  return {
    requests: latencies.length,
    errors,
    error_samples: [...errorKinds.entries()].map(([message, count]) => ({ message, count })),
    elapsed_s: round(elapsedS, 3),
    throughput_rps: round(latencies.length / elapsedS, 1),
    latency_ms: summarize(latencies),
    // How busy this process (the load generator, on the same machine) was: 100 = one core.
    client_cpu_pct: round(((cpu.user + cpu.system) / 1e3 / (elapsedS * 1e3)) * 100, 0),
  }
}

/* ------------------------------------------------------------------ */
/* Order throughput: the plugin against Medusa's storefront checkout   */
/* ------------------------------------------------------------------ */

/**
 * The phases of bench-exit's part (c), in the order they run: storefront, plugin, plugin, storefront (ABBA, so a
 * machine that gets busier or quieter during the run, or a server that warms up, weighs on both sides alike), each
 * side `orders` orders in all (its two phases half each; an odd count gives the later phase one more). Phases of no
 * orders are left out.
 */
function orderPhasePlan(orders) {
  const first = Math.floor(orders / 2)
  const second = orders - first
  return [
    { side: "storefront", orders: first },
    { side: "plugin", orders: second },
    { side: "plugin", orders: first },
    { side: "storefront", orders: second },
  ].filter((p) => p.orders > 0)
}

/**
 * Seconds from the plugin phase's first send (client clock, ms) to its last `order_placed` (server timestamps, ms;
 * same machine, same clock); null when no order was placed.
 */
function pluginPhaseElapsedS(firstSendMs, placedMs) {
  if (!placedMs.length || firstSendMs === undefined) return null
  return Math.max(0, (Math.max(...placedMs) - firstSendMs) / 1000)
}

/**
 * Both sides of part (c) from its phases ({ side, orders: placed, errors, elapsed_s, latencies_ms: [], server_cpu_ms?
 * }): per side the orders, errors, summed phase time, throughput (orders / summed time), pooled latencies and the
 * server's CPU per order (when every phase of the side has it); the ratio plugin / storefront throughput and whether
 * it meets `targetRatio` (with no errors on either side).
 */
function compareOrderPhases(phases, targetRatio) {
  const side = (name) => {
    const own = phases.filter((p) => p.side === name)
    const orders = own.reduce((n, p) => n + p.orders, 0)
    const errors = own.reduce((n, p) => n + p.errors, 0)
    const elapsed = own.reduce((n, p) => n + (p.elapsed_s || 0), 0)
    const cpuKnown = own.length > 0 && own.every((p) => typeof p.server_cpu_ms === "number")
    const cpu = own.reduce((n, p) => n + (p.server_cpu_ms || 0), 0)
    return {
      phases: own.length,
      orders,
      errors,
      elapsed_s: round(elapsed, 3),
      orders_per_s: elapsed > 0 ? round(orders / elapsed, 3) : null,
      latency_ms: summarize(own.flatMap((p) => p.latencies_ms)),
      server_cpu_ms_per_order: cpuKnown && orders ? round(cpu / orders, 0) : null,
    }
  }
  const plugin = side("plugin")
  const storefront = side("storefront")
  const ratio = plugin.orders_per_s !== null && storefront.orders_per_s ? round(plugin.orders_per_s / storefront.orders_per_s, 2) : null
  const met = ratio === null ? null : ratio >= targetRatio && plugin.errors === 0 && storefront.errors === 0
  return { plugin, storefront, ratio, target_ratio: targetRatio, met }
}

/** Nearest-rank percentile of a sorted array. */
function percentile(sorted, p) {
  if (!sorted.length) return null
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]
}

function summarize(values) {
  const sorted = Float64Array.from(values).sort()
  const sum = values.reduce((a, b) => a + b, 0)
  return {
    count: values.length,
    min: round(sorted[0], 2),
    mean: values.length ? round(sum / values.length, 2) : null,
    p50: round(percentile(sorted, 50), 2),
    p95: round(percentile(sorted, 95), 2),
    p99: round(percentile(sorted, 99), 2),
    max: round(sorted[sorted.length - 1], 2),
  }
}

function round(value, digits) {
  if (value === null || value === undefined || Number.isNaN(value)) return null
  const f = 10 ** digits
  return Math.round(value * f) / f
}

function fmt(value, digits = 1) {
  return value === null || value === undefined ? "-" : Number(value).toFixed(digits)
}

/** Prints rows (arrays of strings) under a header; column 0..textColumns-1 left-aligned, the rest right-aligned. */
function printTable(header, rows, textColumns = 1) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => String(row[i]).length)))
  const line = (cells) => cells.map((c, i) => (i < textColumns ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join("  ")
  console.log("")
  console.log(line(header))
  console.log(widths.map((w) => "-".repeat(w)).join("  "))
  for (const row of rows) console.log(line(row))
  console.log("")
}

/**
 * The latency table of a route measured beside `/health`: one row per level and route, and for `route` rows the
 * ratio of its p99 to health's (`ratios`, by concurrency).
 */
function printLatencyTable(results, route, ratios) {
  printTable(
    ["conc", "route", "requests", "errors", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "client cpu", "p99 / health p99"],
    results.map((r) => [
      String(r.concurrency),
      r.route,
      String(r.requests),
      String(r.errors),
      r.throughput_rps.toFixed(1),
      fmt(r.latency_ms.p50),
      fmt(r.latency_ms.p95),
      fmt(r.latency_ms.p99),
      fmt(r.latency_ms.max),
      `${r.client_cpu_pct}%`,
      r.route !== route ? "" : ratios[r.concurrency] == null ? "-" : `${ratios[r.concurrency].toFixed(1)}x`,
    ]),
    2
  )
}

/** The process listening on the URL's port on this machine (`ss -ltnp`), or undefined. */
function listeningPid(url) {
  const { hostname, port } = new URL(url)
  if (!["localhost", "127.0.0.1", "::1", "[::1]"].includes(hostname)) return undefined
  try {
    const out = execFileSync("ss", ["-ltnpH", `sport = :${port || 80}`], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] })
    const match = out.match(/pid=(\d+)/)
    return match ? Number(match[1]) : undefined
  } catch {
    return undefined
  }
}

/** User + system CPU time of a process so far, in ms (/proc/PID/stat, clock ticks of 10 ms). */
function processCpuMs(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8")
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
  // After "pid (comm) ", fields start at state (field 3): utime is field 14, stime field 15.
  return (Number(fields[11]) + Number(fields[12])) * 10
}

function machine() {
  return {
    hostname: os.hostname(),
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    cpus: os.cpus().length,
    cpu_model: (os.cpus()[0] || {}).model,
    memory_gb: round(os.totalmem() / 2 ** 30, 1),
    loadavg_before: os.loadavg().map((v) => round(v, 2)),
  }
}

function loadavg() {
  return os.loadavg().map((v) => round(v, 2))
}

function writeReport(file, report, log) {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true })
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`)
  log(`JSON written to ${file}`)
}

module.exports = {
  Fix,
  IDENTITY_PATH,
  LOAD_FLAGS,
  PURCHASES_PATH,
  REQUEST_TIMEOUT_MS,
  IN_FLIGHT,
  adminClient,
  adminLogin,
  baseUrl,
  benchSkus,
  cartOf,
  call,
  checkApp,
  checkSandbox,
  closeDispatcher,
  compareOrderPhases,
  createDispatcher,
  createShopper,
  demoDefaults,
  describeAnswer,
  drain,
  enterShopper,
  fmt,
  gateTimestamp,
  getDispatcher,
  inboundSecret,
  jwoStore,
  listeningPid,
  loadavg,
  logger,
  machine,
  orderPhasePlan,
  parseFlags,
  percentile,
  pluginPhaseElapsedS,
  printLatencyTable,
  printTable,
  processCpuMs,
  publishableKey,
  purchaseBody,
  reachedAt,
  registerTrip,
  round,
  runPhase,
  sleep,
  summarize,
  tripDetail,
  tripStatuses,
  variantIdsBySku,
  writeReport,
}
