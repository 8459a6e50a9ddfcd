#!/usr/bin/env node
/**
 * Load benchmark of shopper exit (issue 4) against a running app, for a 10-line cart:
 *   (a) the Ordering Connector's answer, `POST /jwo/v1/order/purchases` → 201, at several concurrency levels, next to
 *       Medusa's own `GET /health` on the same server in the same run;
 *   (b) the time from that 201 to `order_placed` (the trip priced and a Medusa order placed in the background), with
 *       a fixed number of trips in flight, from the trips' own history timestamps;
 *   (c) order throughput through the plugin against Medusa's own storefront checkout of the same cart, side by side
 *       in one run (issue 16.3: the plugin at least 2x).
 *
 *   node scripts/bench-exit.js [--levels 1,10,50] [--requests 200 | --duration S] [--warmup 10]
 *                              [--trips 60] [--trip-concurrency 10] [--lines 10] [--visitor scan|card]
 *                              [--orders 40] [--order-concurrency 4] [--storefront-address store|none]
 *                              [--server-pid PID] [--parts a,b,c] [--drain-timeout 900] [--out /tmp/bench-exit.json]
 *                              [--url http://localhost:9000] [--sandbox-url http://localhost:4010 | none]
 *
 * Start the app first (`npm run demo`: the app on :9000, the Amazon sandbox on :4010). Setup: logs in as the demo
 * admin, reads the JWO store (JWO_BENCH_STORE_ID, default DEMO-STORE-1) and its region's currency, picks --lines
 * distinct SKUs of published products in the store's sales channel with a price in that currency (not sold by
 * weight; without managed inventory first; spread over the catalog), creating "JWO Bench item N" products through
 * the admin API when there are too few. With --visitor scan (default) a new shopper gets a Scan Key Code and passes
 * the gate (Identity Connector → 200 visitorDetails); every trip carries a SCAN_CODE auth event naming that visitor.
 * With --visitor card every trip is a card entry (FINANCIAL, a guest order).
 *
 * Every Create Purchases request is a new trip (new idempotentShoppingTripId and requestId): each one is stored,
 * answered 201 with a purchaseId and then priced, ordered and submitted to Checkout in the background. Before each
 * request the trip is registered with the sandbox (untimed) so its Checkout call succeeds, as Amazon would know it.
 *
 * (a) Per level: first /health, then purchases, closed loop (each of C workers sends its next request when the last
 *     answer arrived), --requests requests each (or --duration seconds). Latency is from sending to the end of the
 *     answer body; anything but 201 with a non-empty purchaseId counts as an error. After each level the script waits
 *     until that level's trips have left received/pricing/order_placed/checkout_pending (so levels do not inherit
 *     each other's background work) and reports how long that took and how the trips ended.
 * (b) --trip-concurrency workers each send a trip, wait until it has left received/pricing (one poller lists the
 *     in-flight trips every 200 ms), then send the next, until --trips trips were sent. Afterwards every trip's
 *     history (GET /admin/jwo/trips/:id) gives: 201 → order_placed (the client's clock at the 201 against the server's
 *     order_placed timestamp: same machine, same clock), received → order_placed (server timestamps only), the queue
 *     wait (received → pricing), pricing → order_placed, and order_placed → charged.
 * (c) --orders orders per side, --order-concurrency (K) in flight on each side, closed loop, in the phases
 *     storefront, plugin, plugin, storefront (ABBA, half the orders each) after an unmeasured warm-up of K orders per
 *     side. Plugin: each worker sends a trip of the same cart (registered with the sandbox before the phase, untimed)
 *     and waits until it is past pricing (one poller every 100 ms), then sends the next; phase time = first send →
 *     last order_placed (server timestamps), latency 201 → order_placed; the phase's trips are then drained, so their
 *     checkout does not load the next phase. Storefront: the bench shopper logged in, with the store's publishable
 *     key, for each order POST /store/carts (region, email, the same 10 variants and quantities, and the JWO store's
 *     address as shipping address so tax applies as on the plugin's orders; --storefront-address none leaves it out),
 *     a shipping method only if a line requires shipping, POST /store/payment-collections, a pp_system_default
 *     session, POST /store/carts/:id/complete; phase time = its wall time, latency first request → complete answer.
 *     Throughput per side = its orders / its phases' summed time; the ratio plugin / storefront against >= 2x. The
 *     server's CPU per order (the process listening on --url's port, or --server-pid) is reported for each side; the
 *     plugin's includes what follows order_placed in the same process (checkout, capture, fulfilment, completion).
 *
 * Targets (issue 4, on a 2-core machine): 201 p99 < 100 ms at 50 concurrent; order placed p95 < 2 s at 10 concurrent
 * trips; (issue 16.3) plugin order throughput >= 2x the storefront's. A verdict is printed per target.
 *
 * Environment: JWO_BENCH_URL (default http://localhost:9000; --url), JWO_SANDBOX_URL (default http://localhost:4010;
 * --sandbox-url; "none" = do not register trips, their Checkout is then refused), JWO_DEMO_ADMIN_EMAIL /
 * JWO_DEMO_ADMIN_PASSWORD (default admin@jwo.demo / supersecret), JWO_BENCH_SECRET (default the first of
 * JWO_INBOUND_SECRETS, else the demo's), JWO_BENCH_STORE_ID (default DEMO-STORE-1), JWO_BENCH_PUBLISHABLE_KEY.
 *
 * Exit status: 0 done, 1 setup failed (the message says what to fix), 3 done but some requests or trips failed.
 */
const { request } = require("undici")
const lib = require("./bench-lib")

const { Fix, fmt, round } = lib
const log = lib.logger("bench-exit")
const TARGET_201_P99_MS = 100
const TARGET_201_CONCURRENCY = 50
const TARGET_ORDER_P95_MS = 2000
const TARGET_ORDER_CONCURRENCY = 10
const TARGET_ORDER_RATIO = 2
const STOREFRONT_PAYMENT_PROVIDER = "pp_system_default"
const ORDER_POLL_MS = 100

function parseArgs(argv) {
  const opts = lib.parseFlags(
    argv,
    {
      ...lib.LOAD_FLAGS,
      "--trips": { key: "trips", kind: "int" },
      "--trip-concurrency": { key: "tripConcurrency", kind: "int" },
      "--lines": { key: "lines", kind: "int" },
      "--visitor": { key: "visitor", kind: "string", choices: ["scan", "card"] },
      "--orders": { key: "orders", kind: "int" },
      "--order-concurrency": { key: "orderConcurrency", kind: "int" },
      "--storefront-address": { key: "storefrontAddress", kind: "string", choices: ["store", "none"] },
      "--parts": { key: "parts", kind: "string" },
      "--drain-timeout": { key: "drainTimeout", kind: "number" },
      "--out": { key: "out", kind: "string" },
      "--url": { key: "url", kind: "string" },
      "--sandbox-url": { key: "sandboxUrl", kind: "string" },
      "--server-pid": { key: "serverPid", kind: "int" },
    },
    {
      levels: [1, 10, 50],
      requests: undefined,
      duration: undefined,
      warmup: 10,
      trips: 60,
      tripConcurrency: TARGET_ORDER_CONCURRENCY,
      lines: 10,
      visitor: "scan",
      orders: 40,
      orderConcurrency: 4,
      storefrontAddress: "store",
      parts: "a,b,c",
      drainTimeout: 900,
      out: "/tmp/bench-exit.json",
      url: process.env.JWO_BENCH_URL || "http://localhost:9000",
      sandboxUrl: process.env.JWO_SANDBOX_URL || "http://localhost:4010",
    },
    __filename
  )
  if (opts.requests !== undefined && opts.duration !== undefined) throw new Fix("give --requests or --duration, not both")
  if (opts.requests === undefined && opts.duration === undefined) opts.requests = 200
  opts.parts = new Set(opts.parts.split(",").map((p) => p.trim()).filter(Boolean))
  for (const p of opts.parts) if (!["a", "b", "c"].includes(p)) throw new Fix(`--parts takes a, b and/or c, got "${p}"`)
  opts.url = lib.baseUrl("JWO_BENCH_URL/--url", opts.url)
  opts.sandboxUrl = opts.sandboxUrl === "none" ? null : lib.baseUrl("JWO_SANDBOX_URL/--sandbox-url", opts.sandboxUrl)
  return opts
}

/**
 * Sends one Create Purchases and returns the timing: of a new trip (registered with the sandbox first, untimed), or
 * of `prepared`, a body already registered.
 */
function purchaseSender(ctx) {
  const url = ctx.base + lib.PURCHASES_PATH
  const headers = { "content-type": "application/json", "x-jwo-connector-secret": ctx.secret }
  return async function send(prepared) {
    const body = prepared || lib.purchaseBody(ctx.storeId, ctx.shopper, ctx.cart)
    if (ctx.sandboxUrl && !prepared) await lib.registerTrip(ctx.sandboxUrl, body)
    const payload = JSON.stringify(body)
    const sentAt = Date.now()
    const start = process.hrtime.bigint()
    const answer = await request(url, {
      method: "POST",
      dispatcher: lib.getDispatcher(),
      headers,
      body: payload,
      headersTimeout: lib.REQUEST_TIMEOUT_MS,
      bodyTimeout: lib.REQUEST_TIMEOUT_MS,
    })
    const text = await answer.body.text()
    const ms = Number(process.hrtime.bigint() - start) / 1e6
    const at201 = Date.now()
    if (answer.statusCode !== 201) return { ms, problem: `HTTP ${answer.statusCode} ${text.slice(0, 140)}` }
    let purchaseId
    try {
      purchaseId = JSON.parse(text).purchaseId
    } catch {}
    if (!purchaseId) return { ms, problem: `HTTP 201 without a purchaseId: ${text.slice(0, 140)}` }
    return { ms, purchaseId, sentAt, at201, tripId: body.idempotentShoppingTripId }
  }
}

function healthTarget(base) {
  return async () => {
    const { statusCode, body } = await request(`${base}/health`, {
      dispatcher: lib.getDispatcher(),
      headersTimeout: lib.REQUEST_TIMEOUT_MS,
      bodyTimeout: lib.REQUEST_TIMEOUT_MS,
    })
    const text = await body.text()
    return statusCode === 200 ? undefined : `HTTP ${statusCode} ${text.slice(0, 120)}`
  }
}

/* ------------------------------------------------------------------ */
/* (a) 201 latency                                                     */
/* ------------------------------------------------------------------ */

async function partA(ctx, opts, admin) {
  const send = purchaseSender(ctx)
  const purchases = async () => {
    const r = await send()
    return { ms: r.ms, problem: r.problem }
  }
  const health = healthTarget(ctx.base)
  const phaseOf = (concurrency) => ({
    concurrency,
    durationS: opts.duration,
    requests: opts.requests,
  })

  if (opts.warmup > 0) {
    const from = new Date().toISOString()
    log(`warm-up: ${opts.warmup} s of /health and of purchases at 2 concurrent (not measured)`)
    await lib.runPhase(health, { concurrency: 2, durationS: opts.warmup })
    const w = await lib.runPhase(purchases, { concurrency: 2, durationS: opts.warmup })
    log(`warm-up: ${w.requests} purchases (${w.errors} errors); letting them finish`)
    if (w.errors) log(`warm-up errors: ${JSON.stringify(w.error_samples.slice(0, 3))}`)
    await lib.drain(admin, { from, storeId: ctx.storeId, timeoutS: opts.drainTimeout, log, label: "warm-up" })
  }

  const results = []
  const ratios = {}
  const drains = {}
  for (const concurrency of opts.levels) {
    const h = await lib.runPhase(health, phaseOf(concurrency))
    results.push({ concurrency, route: "health", ...h })
    log(`c=${concurrency} health: ${h.requests} req, ${h.errors} errors, ${h.throughput_rps} req/s, p99 ${fmt(h.latency_ms.p99)} ms`)

    const from = new Date().toISOString()
    const la = lib.loadavg()
    const p = await lib.runPhase(purchases, phaseOf(concurrency))
    results.push({ concurrency, route: "purchases", loadavg: la, ...p })
    ratios[concurrency] = h.latency_ms.p99 ? round(p.latency_ms.p99 / h.latency_ms.p99, 2) : null
    log(
      `c=${concurrency} purchases: ${p.requests} req, ${p.errors} errors, ${p.throughput_rps} req/s, p50 ${fmt(p.latency_ms.p50)} p95 ${fmt(p.latency_ms.p95)} p99 ${fmt(p.latency_ms.p99)} ms`
    )
    for (const e of p.error_samples.slice(0, 5)) log(`  purchases error x${e.count}: ${e.message}`)
    for (const e of h.error_samples.slice(0, 5)) log(`  health error x${e.count}: ${e.message}`)
    const d = await lib.drain(admin, { from, storeId: ctx.storeId, timeoutS: opts.drainTimeout, log, label: `c=${concurrency}` })
    // Background throughput: trips processed to a final state per second, from the end of the phase.
    drains[concurrency] = { ...d, trips: p.requests - p.errors, background_trips_per_s: d.waited_s ? round((p.requests - p.errors) / (d.waited_s + p.elapsed_s), 2) : null }
    log(`c=${concurrency} background: the level's trips finished ${d.waited_s} s after the phase: ${JSON.stringify(d.statuses)}`)
  }
  return { results, ratios, drains }
}

/* ------------------------------------------------------------------ */
/* (b) 201 → order_placed                                              */
/* ------------------------------------------------------------------ */

/**
 * One poller for all workers: lists the store's trips received since `from` that are still received/pricing every
 * `intervalMs`, and resolves `until(id, timeoutMs)` once trip `id` is not among them (order_placed or later, or a
 * final state without an order), or after timeoutMs. `stop()` ends the polling.
 */
function pastPricingWaiter(admin, { from, storeId, intervalMs }) {
  const waiting = new Map() // trip id → resolve
  let polling = true
  let pollErrors = 0
  const loop = (async () => {
    while (polling) {
      if (waiting.size) {
        try {
          const { trips } = await lib.tripStatuses(admin, { from, storeId, statuses: ["received", "pricing"], limit: 500 })
          const busy = new Set(trips.map((t) => t.id))
          for (const [id, resolve] of waiting) {
            if (!busy.has(id)) {
              waiting.delete(id)
              resolve()
            }
          }
        } catch (error) {
          if (++pollErrors <= 3) log(`warning: polling trips failed: ${error.message}`)
        }
      }
      await lib.sleep(intervalMs)
    }
  })()
  return {
    until(id, timeoutMs) {
      let timer
      return Promise.race([
        new Promise((resolve) => waiting.set(id, resolve)),
        new Promise((resolve) => {
          timer = setTimeout(resolve, timeoutMs)
        }),
      ]).finally(() => {
        clearTimeout(timer)
        waiting.delete(id)
      })
    },
    async stop() {
      polling = false
      await loop
    },
  }
}

async function partB(ctx, opts, admin) {
  const send = purchaseSender(ctx)
  const from = new Date(Date.now() - 1000).toISOString()
  const waiter = pastPricingWaiter(admin, { from, storeId: ctx.storeId, intervalMs: 200 })

  const sent = []
  const errors = new Map()
  let started = 0
  const t0 = Date.now()
  const la = lib.loadavg()
  async function worker() {
    while (started < opts.trips) {
      started++
      let r
      try {
        r = await send()
      } catch (error) {
        r = { problem: `${error.code || error.name}: ${error.message}` }
      }
      if (r.problem) {
        errors.set(r.problem.slice(0, 160), (errors.get(r.problem.slice(0, 160)) || 0) + 1)
        continue
      }
      sent.push(r)
      await waiter.until(r.purchaseId, opts.drainTimeout * 1000)
    }
  }
  log(`(b) ${opts.trips} trips, ${opts.tripConcurrency} in flight at a time (each worker sends its next trip once its last one left pricing)`)
  await Promise.all(Array.from({ length: opts.tripConcurrency }, worker))
  const sendingS = (Date.now() - t0) / 1000
  await waiter.stop()
  log(`(b) all ${sent.length} trips past pricing after ${round(sendingS, 1)} s; waiting for their checkout to finish`)
  const drained = await lib.drain(admin, { from, storeId: ctx.storeId, timeoutS: opts.drainTimeout, log, label: "(b)" })

  const series = { t201_to_order_placed: [], received_to_order_placed: [], received_to_pricing: [], pricing_to_order_placed: [], order_placed_to_charged: [] }
  const outcomes = {}
  for (const r of sent) {
    const trip = await lib.tripDetail(admin, r.purchaseId)
    outcomes[trip.status] = (outcomes[trip.status] || 0) + 1
    const received = lib.reachedAt(trip, "received")
    const pricing = lib.reachedAt(trip, "pricing")
    const placed = lib.reachedAt(trip, "order_placed")
    const charged = lib.reachedAt(trip, "charged")
    if (placed === undefined) continue
    series.t201_to_order_placed.push(placed - r.at201)
    if (received !== undefined) series.received_to_order_placed.push(placed - received)
    if (received !== undefined && pricing !== undefined) series.received_to_pricing.push(pricing - received)
    if (pricing !== undefined) series.pricing_to_order_placed.push(placed - pricing)
    if (charged !== undefined) series.order_placed_to_charged.push(charged - placed)
  }
  const placedCount = series.t201_to_order_placed.length
  return {
    trips_sent: sent.length,
    trip_concurrency: opts.tripConcurrency,
    send_errors: [...errors.entries()].map(([message, count]) => ({ message, count })),
    trips_placed: placedCount,
    outcomes,
    elapsed_s: round(sendingS, 2),
    orders_per_s: round(placedCount / sendingS, 2),
    loadavg: la,
    drain_after: drained,
    latency_ms: Object.fromEntries(Object.entries(series).map(([k, v]) => [k, lib.summarize(v)])),
  }
}

/* ------------------------------------------------------------------ */
/* (c) order throughput: the plugin against Medusa's storefront        */
/* ------------------------------------------------------------------ */

/**
 * One order per call through Medusa's store API, as a storefront does it for a logged-in customer: the cart with
 * region, email and all items at once (the sales channel comes from the publishable key, the customer from the
 * login); a shipping method only when a line requires shipping; a payment collection and a session of
 * pp_system_default; complete. Latency is from the first request to the end of the complete answer; `steps`
 * collects each step's time of the orders that completed.
 */
function storefrontOrderer(sf) {
  const body = { region_id: sf.regionId, email: sf.email, items: sf.items, ...(sf.address ? { shipping_address: sf.address } : {}) }
  return async function order() {
    const start = process.hrtime.bigint()
    const stepMs = {}
    const step = async (name, method, pathname, json) => {
      const t = process.hrtime.bigint()
      const answer = await lib.call(sf.base, method, pathname, { headers: sf.headers, json })
      stepMs[name] = Number(process.hrtime.bigint() - t) / 1e6
      if (answer.status !== 200) throw new Error(`${name}: ${lib.describeAnswer(answer)}`)
      return answer.body
    }
    const elapsed = () => Number(process.hrtime.bigint() - start) / 1e6
    try {
      const { cart } = await step("create cart", "POST", "/store/carts", body)
      const needsShipping = cart.items.some((i) => i.requires_shipping)
      if (needsShipping) {
        const { shipping_options: options } = await step("shipping options", "GET", `/store/shipping-options?cart_id=${cart.id}`)
        if (!options.length) throw new Error("shipping options: a line requires shipping and the store offers no shipping option for the cart")
        await step("shipping method", "POST", `/store/carts/${cart.id}/shipping-methods`, { option_id: options[0].id })
      }
      const { payment_collection: collection } = await step("payment collection", "POST", "/store/payment-collections", { cart_id: cart.id })
      await step("payment session", "POST", `/store/payment-collections/${collection.id}/payment-sessions`, { provider_id: STOREFRONT_PAYMENT_PROVIDER })
      const done = await step("complete", "POST", `/store/carts/${cart.id}/complete`)
      const ms = elapsed()
      if (done.type !== "order" || !done.order) return { ms, problem: `complete: no order: ${JSON.stringify(done.error || done).slice(0, 160)}` }
      for (const [name, t] of Object.entries(stepMs)) (sf.steps[name] = sf.steps[name] || []).push(t)
      return { ms, orderId: done.order.id, total: done.order.total, needsShipping }
    } catch (error) {
      return { ms: elapsed(), problem: error.message }
    }
  }
}

/** A storefront phase: `orders` orders, `concurrency` in flight (closed loop). */
async function storefrontPhase(order, orders, concurrency, serverPid) {
  const latencies = []
  const loadavg = lib.loadavg()
  const cpuBefore = serverPid ? lib.processCpuMs(serverPid) : undefined
  const r = await lib.runPhase(
    async () => {
      const o = await order()
      if (!o.problem) latencies.push(o.ms)
      return { ms: o.ms, problem: o.problem }
    },
    { concurrency, requests: orders }
  )
  const cpuMs = serverPid ? lib.processCpuMs(serverPid) - cpuBefore : undefined
  return {
    side: "storefront",
    server_cpu_ms: cpuMs ?? null,
    server_cpu_ms_per_order: cpuMs !== undefined && r.requests > r.errors ? round(cpuMs / (r.requests - r.errors), 0) : null,
    orders: r.requests - r.errors,
    errors: r.errors,
    error_samples: r.error_samples,
    elapsed_s: r.elapsed_s,
    latencies_ms: latencies,
    client_cpu_pct: r.client_cpu_pct,
    loadavg,
  }
}

/**
 * A plugin phase: `orders` trips (registered with the sandbox beforehand, untimed), `concurrency` in flight, each
 * worker sending its next trip once its last one left received/pricing (polled every ORDER_POLL_MS). Then the trips
 * are drained (none left received/pricing/order_placed/checkout_pending, so their checkout does not load the next
 * phase), and their histories give 201 → order_placed and the phase's time: first send → last order_placed.
 */
async function pluginPhase(ctx, opts, admin, orders, concurrency) {
  const send = purchaseSender(ctx)
  const bodies = []
  for (let i = 0; i < orders; i++) {
    const body = lib.purchaseBody(ctx.storeId, ctx.shopper, ctx.cart)
    if (ctx.sandboxUrl) await lib.registerTrip(ctx.sandboxUrl, body)
    bodies.push(body)
  }
  const from = new Date(Date.now() - 1000).toISOString()
  const waiter = pastPricingWaiter(admin, { from, storeId: ctx.storeId, intervalMs: ORDER_POLL_MS })
  const loadavg = lib.loadavg()
  const cpuBefore = ctx.serverPid ? lib.processCpuMs(ctx.serverPid) : undefined
  const sent = []
  const errors = new Map()
  const fail = (problem) => errors.set(problem.slice(0, 160), (errors.get(problem.slice(0, 160)) || 0) + 1)
  let next = 0
  let firstSend
  async function worker() {
    while (next < bodies.length) {
      const body = bodies[next++]
      if (firstSend === undefined) firstSend = Date.now()
      let r
      try {
        r = await send(body)
      } catch (error) {
        r = { problem: `${error.code || error.name}: ${error.message}` }
      }
      if (r.problem) {
        fail(r.problem)
        continue
      }
      sent.push(r)
      await waiter.until(r.purchaseId, opts.drainTimeout * 1000)
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  await waiter.stop()
  const cpuOrdering = ctx.serverPid ? lib.processCpuMs(ctx.serverPid) - cpuBefore : undefined
  const drained = await lib.drain(admin, { from, storeId: ctx.storeId, timeoutS: opts.drainTimeout, log, label: "(c) plugin" })
  // Up to here: sending, pricing, ordering and the trips' checkout and charge (plus the polling's admin calls).
  const cpuMs = ctx.serverPid ? lib.processCpuMs(ctx.serverPid) - cpuBefore : undefined

  const placedMs = []
  const latencies = []
  const stages = { received_to_pricing: [], pricing_to_order_placed: [] }
  const outcomes = {}
  for (const r of sent) {
    const trip = await lib.tripDetail(admin, r.purchaseId)
    outcomes[trip.status] = (outcomes[trip.status] || 0) + 1
    const placed = lib.reachedAt(trip, "order_placed")
    if (placed === undefined) {
      fail(`trip ${trip.status} without an order: ${trip.status_reason || ""}`)
      continue
    }
    placedMs.push(placed)
    latencies.push(placed - r.at201)
    const received = lib.reachedAt(trip, "received")
    const pricing = lib.reachedAt(trip, "pricing")
    if (received !== undefined && pricing !== undefined) stages.received_to_pricing.push(pricing - received)
    if (pricing !== undefined) stages.pricing_to_order_placed.push(placed - pricing)
  }
  const errorSamples = [...errors.entries()].map(([message, count]) => ({ message, count }))
  return {
    side: "plugin",
    server_cpu_ms: cpuMs ?? null,
    server_cpu_ms_per_order: cpuMs !== undefined && placedMs.length ? round(cpuMs / placedMs.length, 0) : null,
    // Of that, until the last trip was past pricing (the rest: the remaining checkouts and charges, while draining).
    server_cpu_ms_until_all_placed: cpuOrdering ?? null,
    orders: placedMs.length,
    errors: errorSamples.reduce((n, e) => n + e.count, 0),
    error_samples: errorSamples,
    elapsed_s: round(lib.pluginPhaseElapsedS(firstSend, placedMs), 3),
    latencies_ms: latencies,
    stages_ms: Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, lib.summarize(v)])),
    outcomes,
    drain_after: drained,
    loadavg,
  }
}

async function partC(ctx, opts, admin) {
  const concurrency = opts.orderConcurrency
  // The storefront's customer: the bench shopper (a card visitor has none: then a new customer of the same kind).
  const pubKey = await lib.publishableKey(ctx.base, admin)
  const customer = ctx.shopper.kind === "scan" ? ctx.shopper : await lib.createShopper(ctx.base, pubKey)
  const variants = await lib.variantIdsBySku(admin, ctx.cart.map((c) => c.id))
  const s = ctx.store
  const address =
    opts.storefrontAddress === "store"
      ? Object.fromEntries(
          Object.entries({
            first_name: "Bench",
            last_name: "Shopper",
            address_1: s.address_line_1,
            city: s.address_city,
            province: s.address_province,
            postal_code: s.address_postal_code,
            country_code: s.address_country_code,
          }).filter(([, v]) => v)
        )
      : undefined
  const sf = {
    base: ctx.base,
    headers: { "x-publishable-api-key": pubKey, authorization: `Bearer ${customer.token}` },
    regionId: s.region_id,
    email: customer.email,
    items: ctx.cart.map((c) => ({ variant_id: variants.get(c.id), quantity: Number(c.quantity.value) })),
    address,
    steps: {},
  }
  const order = storefrontOrderer(sf)

  // A first storefront order by hand: a store that cannot complete the cart shows here, with Medusa's own words.
  const probe = await order()
  if (probe.problem) throw new Fix(`a first storefront order (store API, ${STOREFRONT_PAYMENT_PROVIDER}) did not complete: ${probe.problem}`)
  log(
    `(c) first storefront order ${probe.orderId}: ${round(probe.ms, 0)} ms, total ${probe.total} ${s.currency_code}; ` +
      (probe.needsShipping ? "the lines require shipping: a shipping method is added" : "no line requires shipping: no shipping method") +
      (address ? "; shipping address = the JWO store's (tax as on the plugin's orders)" : "; no address (--storefront-address none)")
  )

  // Warm-up, not measured: one round of each side at the phases' concurrency.
  log(`(c) warm-up: ${concurrency} storefront orders and ${concurrency} plugin trips, ${concurrency} in flight (not measured)`)
  const wStore = await storefrontPhase(order, concurrency, concurrency, ctx.serverPid)
  const wPlugin = await pluginPhase(ctx, opts, admin, concurrency, concurrency)
  for (const e of [...wStore.error_samples, ...wPlugin.error_samples]) log(`(c) warm-up error x${e.count}: ${e.message}`)
  for (const k of Object.keys(sf.steps)) sf.steps[k] = []

  const plan = lib.orderPhasePlan(opts.orders)
  log(`(c) phases: ${plan.map((p) => `${p.side} ${p.orders}`).join(", ")}; ${concurrency} orders in flight`)
  const phases = []
  for (const [i, p] of plan.entries()) {
    const r = p.side === "storefront" ? await storefrontPhase(order, p.orders, concurrency, ctx.serverPid) : await pluginPhase(ctx, opts, admin, p.orders, concurrency)
    const lat = lib.summarize(r.latencies_ms)
    log(
      `(c) phase ${i + 1} ${p.side}: ${r.orders} orders, ${r.errors} errors in ${fmt(r.elapsed_s, 2)} s: ` +
        `${r.elapsed_s ? fmt(r.orders / r.elapsed_s, 2) : "-"} orders/s, p50 ${fmt(lat.p50, 0)} p95 ${fmt(lat.p95, 0)} ms, ` +
        `server CPU ${r.server_cpu_ms_per_order ?? "-"} ms/order (load ${r.loadavg.join(" ")})`
    )
    if (r.stages_ms) {
      log(
        `  plugin stages p50: queue wait (received → pricing) ${fmt(r.stages_ms.received_to_pricing.p50, 0)} ms, pricing → order_placed ${fmt(r.stages_ms.pricing_to_order_placed.p50, 0)} ms; ` +
          `server CPU until the last order was placed ${r.server_cpu_ms_until_all_placed ?? "-"} ms, in all (with the last checkouts) ${r.server_cpu_ms ?? "-"} ms`
      )
    }
    for (const e of r.error_samples.slice(0, 5)) log(`  ${p.side} error x${e.count}: ${e.message}`)
    phases.push({ phase: i + 1, ...r })
  }
  const comparison = lib.compareOrderPhases(phases, TARGET_ORDER_RATIO)
  return {
    order_concurrency: concurrency,
    orders_per_side: opts.orders,
    poll_interval_ms: ORDER_POLL_MS,
    order_of_phases: "warm-up (storefront, plugin), then storefront, plugin, plugin, storefront (ABBA), half the orders each",
    storefront_checkout: {
      api: "POST /store/carts (region, email, items) → [shipping options + method if a line requires shipping] → POST /store/payment-collections → POST .../payment-sessions → POST /store/carts/:id/complete",
      payment_provider: STOREFRONT_PAYMENT_PROVIDER,
      customer_id: customer.customerId,
      shipping_address: address || null,
      lines_require_shipping: probe.needsShipping,
      first_order: { id: probe.orderId, ms: round(probe.ms, 1), total: probe.total },
      steps_ms: Object.fromEntries(Object.entries(sf.steps).map(([k, v]) => [k, lib.summarize(v)])),
    },
    warmup: { storefront: { orders: wStore.orders, errors: wStore.errors }, plugin: { orders: wPlugin.orders, errors: wPlugin.errors } },
    phases: phases.map(({ latencies_ms, ...rest }) => ({ ...rest, latency_ms: lib.summarize(latencies_ms) })),
    ...comparison,
  }
}

/* ------------------------------------------------------------------ */
/* Main                                                                */
/* ------------------------------------------------------------------ */

async function main() {
  const opts = parseArgs(process.argv.slice(2))
  const base = opts.url
  const storeId = process.env.JWO_BENCH_STORE_ID || "DEMO-STORE-1"
  lib.createDispatcher(Math.max(...opts.levels, opts.tripConcurrency, opts.orderConcurrency) + 16)
  const mode = opts.requests !== undefined ? `${opts.requests} requests` : `${opts.duration} s`
  log(`target ${base}; sandbox ${opts.sandboxUrl || "(none: trips are not registered)"}; parts ${[...opts.parts].join(", ")}`)
  if (opts.parts.has("a")) log(`(a) levels ${opts.levels.join(", ")}, ${mode} per level and route`)
  if (opts.parts.has("b")) log(`(b) ${opts.trips} trips, ${opts.tripConcurrency} in flight`)
  if (opts.parts.has("c")) log(`(c) ${opts.orders} orders through the plugin and ${opts.orders} through Medusa's storefront checkout, ${opts.orderConcurrency} in flight`)
  log(
    `targets: 201 p99 < ${TARGET_201_P99_MS} ms at ${TARGET_201_CONCURRENCY} concurrent; order placed p95 < ${TARGET_ORDER_P95_MS / 1000} s at ${TARGET_ORDER_CONCURRENCY} concurrent trips; ` +
      `order throughput >= ${TARGET_ORDER_RATIO}x Medusa's storefront checkout of the same cart`
  )

  await lib.checkApp(base)
  if (opts.sandboxUrl) await lib.checkSandbox(opts.sandboxUrl)
  const admin = lib.adminClient(base, await lib.adminLogin(base))
  const store = await lib.jwoStore(admin, storeId)
  const { skus, created } = await lib.benchSkus(admin, store, opts.lines, log)
  const cart = lib.cartOf(skus)
  log(`cart of ${cart.length} lines: ${cart.map((c) => `${c.id} x${c.quantity.value}`).join(", ")}`)
  const secret = lib.inboundSecret()
  const shopper = await lib.enterShopper(base, admin, { visitor: opts.visitor, secret, storeId, log })
  const serverPid = opts.parts.has("c") ? opts.serverPid ?? lib.listeningPid(base) : undefined
  if (opts.parts.has("c")) log(serverPid ? `server process ${serverPid}: its CPU time is measured per phase of (c)` : "server process not found on this machine: server CPU not measured (give --server-pid)")
  const ctx = { base, secret, storeId, store, shopper, cart, sandboxUrl: opts.sandboxUrl, serverPid }

  // One trip by hand first: a wrong secret or store shows here with the server's own words; it must reach charged
  // (or at least order_placed) so the pipeline works before it is measured.
  const probe = await purchaseSender(ctx)()
  if (probe.problem) throw new Fix(`a first Create Purchases was not accepted: ${probe.problem}`)
  const probeStart = Date.now()
  let probeTrip
  for (;;) {
    probeTrip = await lib.tripDetail(admin, probe.purchaseId)
    if (!lib.IN_FLIGHT.includes(probeTrip.status)) break
    if (Date.now() - probeStart > 120000) throw new Fix(`the first trip ${probe.purchaseId} is still ${probeTrip.status} after 120 s: are the app's workers and its queue (Redis) running?`)
    await lib.sleep(250)
  }
  if (!lib.reachedAt(probeTrip, "order_placed")) {
    throw new Fix(`the first trip ${probe.purchaseId} ended ${probeTrip.status} without an order: ${probeTrip.status_reason || ""}`)
  }
  log(`first trip ${probe.purchaseId}: ${probeTrip.history.map((h) => `${h.to_status} +${Date.parse(h.created_at) - probe.at201} ms`).join(", ")}`)
  if (probeTrip.status !== "charged") log(`note: the first trip ended ${probeTrip.status} (${probeTrip.status_reason || ""}); Checkout may not be reachable`)

  const meta = {
    tool: "scripts/bench-exit.js",
    url: base,
    sandbox_url: opts.sandboxUrl,
    store_id: storeId,
    started_at: new Date().toISOString(),
    levels: opts.levels,
    requests_per_phase: opts.requests ?? null,
    duration_s: opts.duration ?? null,
    warmup_s: opts.warmup,
    trips: opts.trips,
    trip_concurrency: opts.tripConcurrency,
    orders: opts.orders,
    order_concurrency: opts.orderConcurrency,
    storefront_address: opts.storefrontAddress,
    server_pid: serverPid ?? null,
    visitor: opts.visitor,
    shopper: shopper.kind === "scan" ? { email: shopper.email, customer_id: shopper.customerId } : null,
    cart,
    products_created: created,
    node: process.version,
    machine: lib.machine(),
  }

  const report = { meta }
  let failed = 0
  if (opts.parts.has("a")) {
    const a = await partA(ctx, opts, admin)
    report.latency_201 = a.results
    report.ratio_purchases_p99_over_health_p99 = a.ratios
    report.background_after_levels = a.drains
    failed += a.results.reduce((n, r) => n + r.errors, 0)
  }
  if (opts.parts.has("b")) {
    const b = await partB(ctx, opts, admin)
    report.order_placed = b
    failed += b.send_errors.reduce((n, e) => n + e.count, 0) + (b.trips_sent - b.trips_placed)
  }
  if (opts.parts.has("c")) {
    const c = await partC(ctx, opts, admin)
    report.order_throughput = c
    failed += c.plugin.errors + c.storefront.errors
  }
  meta.finished_at = new Date().toISOString()
  meta.machine.loadavg_after = lib.loadavg()

  // Output
  const verdicts = {}
  if (report.latency_201) {
    lib.printLatencyTable(report.latency_201, "purchases", report.ratio_purchases_p99_over_health_p99)
    const at = report.latency_201.find((r) => r.route === "purchases" && r.concurrency === TARGET_201_CONCURRENCY)
    verdicts.latency_201 = at
      ? { target_p99_ms: TARGET_201_P99_MS, concurrency: TARGET_201_CONCURRENCY, measured_p99_ms: at.latency_ms.p99, errors: at.errors, met: at.errors === 0 && at.latency_ms.p99 < TARGET_201_P99_MS }
      : { target_p99_ms: TARGET_201_P99_MS, concurrency: TARGET_201_CONCURRENCY, measured_p99_ms: null, met: null }
    console.log(
      `Target (a): 201 p99 < ${TARGET_201_P99_MS} ms at ${TARGET_201_CONCURRENCY} concurrent: ` +
        (at
          ? `measured p99 ${fmt(at.latency_ms.p99)} ms${at.errors ? ` with ${at.errors} errors` : ""} -> ${verdicts.latency_201.met ? "MET" : "MISSED"}`
          : `not measured (level ${TARGET_201_CONCURRENCY} not in --levels)`)
    )
  }
  if (report.order_placed) {
    const b = report.order_placed
    lib.printTable(
      ["interval (ms)", "count", "p50", "p95", "p99", "max"],
      Object.entries(b.latency_ms).map(([k, s]) => [k, String(s.count), fmt(s.p50, 0), fmt(s.p95, 0), fmt(s.p99, 0), fmt(s.max, 0)])
    )
    console.log(
      `(b) ${b.trips_placed} of ${b.trips_sent} trips placed an order in ${b.elapsed_s} s at ${b.trip_concurrency} in flight: ${b.orders_per_s} orders/s; outcomes ${JSON.stringify(b.outcomes)}`
    )
    const s = b.latency_ms.t201_to_order_placed
    const met = b.trip_concurrency === TARGET_ORDER_CONCURRENCY ? s.p95 !== null && s.p95 < TARGET_ORDER_P95_MS && b.trips_placed === b.trips_sent : null
    verdicts.order_placed = { target_p95_ms: TARGET_ORDER_P95_MS, concurrency: TARGET_ORDER_CONCURRENCY, measured_p95_ms: s.p95, trip_concurrency: b.trip_concurrency, met }
    console.log(
      `Target (b): order placed p95 < ${TARGET_ORDER_P95_MS / 1000} s at ${TARGET_ORDER_CONCURRENCY} concurrent trips: measured p95 ${fmt(s.p95, 0)} ms (201 → order_placed)` +
        (met === null ? ` at ${b.trip_concurrency} in flight -> not the target's concurrency` : ` -> ${met ? "MET" : "MISSED"}`)
    )
  }
  if (report.order_throughput) {
    const c = report.order_throughput
    const row = (label, r, ordersPerS) => [
      label,
      String(r.orders),
      String(r.errors),
      fmt(r.elapsed_s, 2),
      ordersPerS,
      fmt(r.latency_ms.p50, 0),
      fmt(r.latency_ms.p95, 0),
      fmt(r.latency_ms.max, 0),
      r.server_cpu_ms_per_order == null ? "" : String(r.server_cpu_ms_per_order),
      r.loadavg ? r.loadavg[0].toFixed(2) : "",
    ]
    lib.printTable(
      ["(c) phase", "orders", "errors", "time s", "orders/s", "p50 ms", "p95 ms", "max ms", "server cpu ms/order", "load before"],
      [
        ...c.phases.map((p) => row(`${p.phase} ${p.side}`, p, p.elapsed_s ? fmt(p.orders / p.elapsed_s, 2) : "-")),
        row("plugin (all)", c.plugin, fmt(c.plugin.orders_per_s, 2)),
        row("storefront (all)", c.storefront, fmt(c.storefront.orders_per_s, 2)),
      ]
    )
    console.log(
      `(c) latency: plugin 201 → order_placed, storefront first request → complete answer; storefront steps p50: ` +
        Object.entries(c.storefront_checkout.steps_ms).map(([k, v]) => `${k} ${fmt(v.p50, 0)} ms`).join(", ")
    )
    verdicts.order_throughput = { target_ratio: TARGET_ORDER_RATIO, order_concurrency: c.order_concurrency, plugin_orders_per_s: c.plugin.orders_per_s, storefront_orders_per_s: c.storefront.orders_per_s, ratio: c.ratio, met: c.met }
    console.log(
      `Target (c): order throughput >= ${TARGET_ORDER_RATIO}x Medusa's storefront checkout of the same cart, ${c.order_concurrency} in flight: ` +
        `plugin ${fmt(c.plugin.orders_per_s, 2)} orders/s, storefront ${fmt(c.storefront.orders_per_s, 2)} orders/s, ratio ${c.ratio === null ? "-" : `${c.ratio.toFixed(2)}x`}` +
        `${c.plugin.errors + c.storefront.errors ? ` with ${c.plugin.errors} plugin and ${c.storefront.errors} storefront errors` : ""} -> ${c.met === null ? "not measured" : c.met ? "MET" : "MISSED"}`
    )
  }
  console.log(
    `Machine: ${meta.machine.cpus} x ${meta.machine.cpu_model}, load average before ${meta.machine.loadavg_before.join(" ")}, after ${meta.machine.loadavg_after.join(" ")}; the load generator runs on the same machine (see client cpu).`
  )
  report.targets = verdicts
  lib.writeReport(opts.out, report, log)
  await lib.closeDispatcher()
  if (failed) {
    log(`${failed} request(s) or trip(s) failed; see error_samples / outcomes in ${opts.out}`)
    process.exitCode = 3
  }
}

main()
  // Exit when done: a poller's timer or a pooled socket must not keep a finished benchmark alive.
  .then(() => process.exit())
  .catch(async (error) => {
    if (error instanceof Fix) console.error(`[bench-exit] ${error.message}`)
    else console.error("[bench-exit] unexpected failure:", error)
    await lib.closeDispatcher(true)
    process.exit(1)
  })

