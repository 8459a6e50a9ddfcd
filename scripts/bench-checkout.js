#!/usr/bin/env node
/**
 * Checkout benchmark (issue 5): how many Checkout submissions per second the plugin's queue (`jwo-checkout`) makes
 * against the Amazon sandbox, and the latency it adds per submission over a bare SigV4-signed HTTP call to the
 * sandbox's `POST /v1/checkout/carts`.
 *
 *   node scripts/bench-checkout.js [--trips 60] [--sequential 20] [--bare 200] [--bare-concurrency 1,4]
 *                                  [--lines 10] [--out /tmp/bench-checkout.json]
 *                                  [--url http://localhost:9000] [--sandbox-url http://localhost:4010]
 *
 * Start the app first (`npm run demo`: the app on :9000, the sandbox on :4010, both with the demo's AWS credentials).
 *
 * 1. Prepare: --trips trips with a --lines-line cart (bench-exit's cart: distinct priced SKUs of the store, a scanned
 *    bench shopper) go through Create Purchases WITHOUT being registered with the sandbox, so each is priced, gets
 *    its Medusa order and stored Checkout payload, and its first Checkout call is refused (400
 *    UnknownShoppingTripException → checkout_rejected). Nothing of this is measured.
 * 2. Queue, one at a time (--sequential trips): the trip is registered with the sandbox (the fix), then resubmitted
 *    as staff would (`POST /admin/jwo/trips/:id/retry` → checkout_pending → queued); the script waits until it is
 *    charged before the next. Per submission: checkout_pending → charged from the trip's history (the job queued,
 *    picked up, the lease, the signed call, Amazon's order id stored, the payment captured, the order marked, the
 *    trip moved): the latency of one submission with an idle queue.
 * 3. Queue, burst (the other trips): all registered, then all resubmitted at once (10 retry calls at a time); the
 *    queue works them off at its concurrency (4). Throughput = trips / (last charged − first checkout_pending), from
 *    history timestamps; per-trip checkout_pending → charged includes the wait in the queue.
 * 4. Bare calls (--bare calls per level of --bare-concurrency, closed loop): a stored payload of a prepared trip under a
 *    new idempotentShoppingTripId, registered with the sandbox before the phase (not counted), signed with aws4 exactly as the plugin
 *    signs (service execute-api, the demo's region and credentials) and POSTed with undici; timed from signing to
 *    the end of the answer, which must be 201 with an orderId.
 *
 * The queue's submissions are also split at the trip's charged_at (written right after Amazon's answer): checkout_pending
 * → answer (queue, lease, reads, the signed call) and answer → charged (payment capture, order metadata, transition).
 * Reports p50/p95/p99 of each, the added latency (queue one-at-a-time minus bare at concurrency 1, per percentile)
 * and the ratios, and submissions per second of the burst next to bare calls per second.
 *
 * Environment: JWO_BENCH_URL, JWO_SANDBOX_URL, JWO_DEMO_ADMIN_EMAIL / JWO_DEMO_ADMIN_PASSWORD, JWO_BENCH_SECRET,
 * JWO_BENCH_STORE_ID (default DEMO-STORE-1), JWO_BENCH_PUBLISHABLE_KEY as for bench-exit; AWS_ACCESS_KEY_ID /
 * AWS_SECRET_ACCESS_KEY / AWS_REGION for the bare calls (default the demo's, demo/defaults.json: what npm run demo
 * gives the plugin and the sandbox).
 *
 * Exit status: 0 done, 1 setup failed (the message says what to fix), 3 done but some submissions failed.
 */
const { randomUUID } = require("node:crypto")
const aws4 = require("aws4")
const { request } = require("undici")
const lib = require("./bench-lib")

const { Fix, fmt, round } = lib
const log = lib.logger("bench-checkout")
const QUEUE_CONCURRENCY = 4

function parseArgs(argv) {
  const opts = lib.parseFlags(
    argv,
    {
      "--trips": { key: "trips", kind: "int" },
      "--sequential": { key: "sequential", kind: "int" },
      "--bare": { key: "bare", kind: "int" },
      "--bare-concurrency": { key: "bareLevels", kind: "ints" },
      "--lines": { key: "lines", kind: "int" },
      "--timeout": { key: "timeout", kind: "number" },
      "--out": { key: "out", kind: "string" },
      "--url": { key: "url", kind: "string" },
      "--sandbox-url": { key: "sandboxUrl", kind: "string" },
    },
    {
      trips: 60,
      sequential: 20,
      bare: 200,
      bareLevels: [1, QUEUE_CONCURRENCY],
      lines: 10,
      timeout: 600,
      out: "/tmp/bench-checkout.json",
      url: process.env.JWO_BENCH_URL || "http://localhost:9000",
      sandboxUrl: process.env.JWO_SANDBOX_URL || "http://localhost:4010",
    },
    __filename
  )
  if (opts.sequential >= opts.trips) throw new Fix(`--sequential (${opts.sequential}) must be less than --trips (${opts.trips}): the rest is the burst`)
  opts.url = lib.baseUrl("JWO_BENCH_URL/--url", opts.url)
  opts.sandboxUrl = lib.baseUrl("JWO_SANDBOX_URL/--sandbox-url", opts.sandboxUrl)
  return opts
}

function awsSettings() {
  const d = lib.demoDefaults()
  return {
    accessKeyId: process.env.AWS_ACCESS_KEY_ID || d.AWS_ACCESS_KEY_ID,
    secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY || d.AWS_SECRET_ACCESS_KEY,
    sessionToken: process.env.AWS_SESSION_TOKEN || undefined,
    region: process.env.AWS_REGION || d.AWS_REGION,
  }
}

/**
 * The last checkout_pending → charged interval of a trip's history (the resubmission), in ms, and both times; split
 * at the trip's `charged_at` (written right after Amazon's answer, before the payment is captured).
 */
function submission(trip) {
  const h = trip.history || []
  const charged = h.findIndex((e) => e.to_status === "charged")
  if (charged < 0) return undefined
  for (let i = charged - 1; i >= 0; i--) {
    if (h[i].to_status === "checkout_pending") {
      const pending = Date.parse(h[i].created_at)
      const done = Date.parse(h[charged].created_at)
      const answered = trip.charged_at ? Date.parse(trip.charged_at) : NaN
      return {
        pending,
        charged: done,
        ms: done - pending,
        ...(Number.isFinite(answered) ? { to_answer_ms: answered - pending, booking_ms: done - answered } : {}),
      }
    }
  }
  return undefined
}

/** Latency summaries of submissions: whole, and split at Amazon's answer. */
function split(list) {
  const parts = list.filter((s) => s.to_answer_ms !== undefined)
  return {
    latency_ms: lib.summarize(list.map((s) => s.ms)),
    pending_to_amazon_answer_ms: lib.summarize(parts.map((s) => s.to_answer_ms)),
    amazon_answer_to_charged_ms: lib.summarize(parts.map((s) => s.booking_ms)),
  }
}

async function waitFor(admin, ids, { from, storeId, statuses, timeoutS, label }) {
  const t0 = Date.now()
  for (;;) {
    const { count } = await lib.tripStatuses(admin, { from, storeId, statuses, limit: 1 })
    if (!count) return
    if (Date.now() - t0 > timeoutS * 1000) throw new Error(`${label}: ${count} trip(s) still ${statuses.join("/")} after ${timeoutS} s`)
    await lib.sleep(ids && ids.length === 1 ? 50 : 500)
  }
}

/** A pool of at most `n` concurrent runs of fn over items. */
async function pool(items, n, fn) {
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) {
        const item = items[next++]
        await fn(item)
      }
    })
  )
}

async function main() {
  const opts = parseArgs(process.argv.slice(2))
  const base = opts.url
  const storeId = process.env.JWO_BENCH_STORE_ID || "DEMO-STORE-1"
  lib.createDispatcher(32)
  log(`target ${base}; sandbox ${opts.sandboxUrl}; ${opts.trips} trips (${opts.sequential} one at a time, ${opts.trips - opts.sequential} in a burst); bare calls ${opts.bare} per level at ${opts.bareLevels.join(", ")}`)

  await lib.checkApp(base)
  await lib.checkSandbox(opts.sandboxUrl)
  const admin = lib.adminClient(base, await lib.adminLogin(base))
  const store = await lib.jwoStore(admin, storeId)
  const { skus, created } = await lib.benchSkus(admin, store, opts.lines, log)
  const cart = lib.cartOf(skus)
  log(`cart of ${cart.length} lines: ${cart.map((c) => `${c.id} x${c.quantity.value}`).join(", ")}`)
  const secret = lib.inboundSecret()
  const shopper = await lib.enterShopper(base, admin, { visitor: "scan", secret, storeId, log })
  const aws = awsSettings()
  const meta = {
    tool: "scripts/bench-checkout.js",
    url: base,
    sandbox_url: opts.sandboxUrl,
    store_id: storeId,
    started_at: new Date().toISOString(),
    trips: opts.trips,
    sequential: opts.sequential,
    burst: opts.trips - opts.sequential,
    bare_calls_per_level: opts.bare,
    bare_levels: opts.bareLevels,
    queue_concurrency: QUEUE_CONCURRENCY,
    cart,
    products_created: created,
    signing: { service: "execute-api", region: aws.region, access_key_id: aws.accessKeyId },
    node: process.version,
    machine: lib.machine(),
  }

  /* 1. Prepare trips that are priced and refused by Checkout (not registered with the sandbox). */
  const prepFrom = new Date(Date.now() - 1000).toISOString()
  log(`1. preparing ${opts.trips} trips (priced, order placed, Checkout refused as unknown): not measured`)
  const prepared = []
  const prepErrors = []
  await pool(Array.from({ length: opts.trips }, (_, i) => i), 4, async () => {
    const body = lib.purchaseBody(storeId, shopper, cart)
    const answer = await lib.call(base, "POST", lib.PURCHASES_PATH, { headers: { "x-jwo-connector-secret": secret }, json: body })
    if (answer.status !== 201 || !answer.body || !answer.body.purchaseId) prepErrors.push(lib.describeAnswer(answer))
    else prepared.push({ id: answer.body.purchaseId, body })
  })
  if (prepErrors.length) throw new Fix(`Create Purchases failed while preparing: ${prepErrors[0]}`)
  await waitFor(admin, null, { from: prepFrom, storeId, statuses: ["received", "pricing", "order_placed", "checkout_pending"], timeoutS: opts.timeout, label: "preparing" })
  const trips = []
  for (const p of prepared) {
    const trip = await lib.tripDetail(admin, p.id)
    if (trip.status !== "checkout_rejected") {
      throw new Fix(`prepared trip ${p.id} ended ${trip.status} (${trip.status_reason || ""}), expected checkout_rejected: is another process registering trips with this sandbox?`)
    }
    trips.push({ ...p, payload: trip.checkout_payload })
  }
  log(`prepared ${trips.length} trips in checkout_rejected (e.g. ${trips[0].id}: ${trips[0].payload.lineItems.length} lines, priceTotal ${trips[0].payload.orderTotals.priceTotal.amount})`)

  const failures = new Map()
  const fail = (message) => failures.set(message.slice(0, 160), (failures.get(message.slice(0, 160)) || 0) + 1)
  const resubmit = async (t) => {
    await lib.registerTrip(opts.sandboxUrl, t.body)
    const answer = await admin.call("POST", `/admin/jwo/trips/${t.id}/retry`, { json: {} })
    if (answer.status !== 200) fail(`retry ${lib.describeAnswer(answer)}`)
  }
  const collect = async (list) => {
    const out = []
    for (const t of list) {
      const trip = await lib.tripDetail(admin, t.id)
      const s = submission(trip)
      if (trip.status !== "charged" || !s) fail(`trip ended ${trip.status}: ${trip.status_reason || ""}`)
      else out.push(s)
    }
    return out
  }

  /* 2. Queue, one at a time. */
  const seqList = trips.slice(0, opts.sequential)
  log(`2. queue, one at a time: ${seqList.length} resubmissions, each waited for`)
  const seqLoad = lib.loadavg()
  for (const t of seqList) {
    await resubmit(t)
    await waitFor(admin, [t.id], { from: prepFrom, storeId, statuses: ["checkout_pending"], timeoutS: 120, label: "one at a time" })
  }
  const seq = await collect(seqList)
  const sequential = { submissions: seq.length, loadavg: seqLoad, ...split(seq) }
  log(`queue one at a time: p50 ${fmt(sequential.latency_ms.p50)} p95 ${fmt(sequential.latency_ms.p95)} p99 ${fmt(sequential.latency_ms.p99)} ms`)

  /* 3. Queue, burst. */
  const burstList = trips.slice(opts.sequential)
  log(`3. queue, burst: ${burstList.length} resubmissions at once`)
  for (const t of burstList) await lib.registerTrip(opts.sandboxUrl, t.body)
  const burstLoad = lib.loadavg()
  const w0 = Date.now()
  await pool(burstList, 10, async (t) => {
    const answer = await admin.call("POST", `/admin/jwo/trips/${t.id}/retry`, { json: {} })
    if (answer.status !== 200) fail(`retry ${lib.describeAnswer(answer)}`)
  })
  const retriesSentS = (Date.now() - w0) / 1000
  await waitFor(admin, null, { from: prepFrom, storeId, statuses: ["checkout_pending"], timeoutS: opts.timeout, label: "burst" })
  const wallS = (Date.now() - w0) / 1000
  const b = await collect(burstList)
  const first = Math.min(...b.map((s) => s.pending))
  const last = Math.max(...b.map((s) => s.charged))
  const burst = {
    submissions: b.length,
    loadavg: burstLoad,
    retries_sent_s: round(retriesSentS, 2),
    span_s: round((last - first) / 1000, 3),
    submissions_per_s: round(b.length / ((last - first) / 1000), 2),
    wall_clock_s: round(wallS, 2),
    wall_clock_per_s: round(b.length / wallS, 2),
    ...split(b),
  }
  log(
    `queue burst: ${burst.submissions} in ${burst.span_s} s = ${burst.submissions_per_s}/s (wall clock ${burst.wall_clock_per_s}/s); pending → charged p50 ${fmt(burst.latency_ms.p50)} p95 ${fmt(burst.latency_ms.p95)} p99 ${fmt(burst.latency_ms.p99)} ms`
  )

  /* 4. Bare signed calls. */
  const template = trips[0].payload
  const url = new URL(`${opts.sandboxUrl}/v1/checkout/carts`)
  // Trips the sandbox knows, registered before each phase so that the phase's throughput counts only the calls.
  const registered = []
  const registerBare = async (n) => {
    for (let i = 0; i < n; i++) {
      const tripId = `bench-bare-${randomUUID()}`
      await lib.registerTrip(opts.sandboxUrl, { idempotentShoppingTripId: tripId, storeId, cartItems: cart })
      registered.push(tripId)
    }
  }
  const bareTarget = async () => {
    const tripId = registered.pop()
    if (!tripId) return { problem: "no registered trip left" }
    const start = process.hrtime.bigint()
    const body = JSON.stringify({ ...template, idempotentShoppingTripId: tripId })
    const signed = aws4.sign(
      {
        method: "POST",
        host: url.host,
        path: url.pathname,
        body,
        headers: { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) },
        service: "execute-api",
        region: aws.region,
      },
      { accessKeyId: aws.accessKeyId, secretAccessKey: aws.secretAccessKey, sessionToken: aws.sessionToken }
    )
    const answer = await request(url, {
      method: "POST",
      dispatcher: lib.getDispatcher(),
      headers: signed.headers,
      body,
      headersTimeout: lib.REQUEST_TIMEOUT_MS,
      bodyTimeout: lib.REQUEST_TIMEOUT_MS,
    })
    const text = await answer.body.text()
    const ms = Number(process.hrtime.bigint() - start) / 1e6
    if (answer.statusCode !== 201) return { ms, problem: `HTTP ${answer.statusCode} ${text.slice(0, 140)}` }
    if (!/"orderId"\s*:\s*"[^"]+"/.test(text)) return { ms, problem: `HTTP 201 without orderId: ${text.slice(0, 140)}` }
    return { ms }
  }
  await registerBare(21)
  const probe = await bareTarget()
  if (probe.problem) throw new Fix(`a bare signed Checkout call to the sandbox failed: ${probe.problem}. Are AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY the sandbox's?`)
  await lib.runPhase(bareTarget, { concurrency: 1, requests: 20 }) // warm-up
  const bare = []
  for (const concurrency of opts.bareLevels) {
    await registerBare(opts.bare)
    const la = lib.loadavg()
    const r = await lib.runPhase(bareTarget, { concurrency, requests: opts.bare })
    bare.push({ concurrency, loadavg: la, ...r })
    log(`bare c=${concurrency}: ${r.requests} calls, ${r.errors} errors, ${r.throughput_rps}/s, p50 ${fmt(r.latency_ms.p50)} p95 ${fmt(r.latency_ms.p95)} p99 ${fmt(r.latency_ms.p99)} ms`)
    for (const e of r.error_samples.slice(0, 3)) log(`  bare error x${e.count}: ${e.message}`)
  }
  meta.finished_at = new Date().toISOString()
  meta.machine.loadavg_after = lib.loadavg()

  /* Output */
  const bare1 = bare.find((r) => r.concurrency === 1) || bare[0]
  const bareQ = bare.find((r) => r.concurrency === QUEUE_CONCURRENCY) || bare[bare.length - 1]
  const added = {}
  const ratio = {}
  for (const p of ["p50", "p95", "p99"]) {
    added[p] = round(sequential.latency_ms[p] - bare1.latency_ms[p], 2)
    ratio[p] = bare1.latency_ms[p] ? round(sequential.latency_ms[p] / bare1.latency_ms[p], 1) : null
  }
  lib.printTable(
    ["path", "n", "per s", "p50 ms", "p95 ms", "p99 ms", "max ms"],
    [
      ["queue, one at a time (pending → charged)", String(sequential.submissions), "-", fmt(sequential.latency_ms.p50), fmt(sequential.latency_ms.p95), fmt(sequential.latency_ms.p99), fmt(sequential.latency_ms.max)],
      [`queue, burst of ${burst.submissions} (pending → charged)`, String(burst.submissions), fmt(burst.submissions_per_s, 2), fmt(burst.latency_ms.p50), fmt(burst.latency_ms.p95), fmt(burst.latency_ms.p99), fmt(burst.latency_ms.max)],
      ...bare.map((r) => [`bare signed call, c=${r.concurrency}`, String(r.requests), fmt(r.throughput_rps, 1), fmt(r.latency_ms.p50), fmt(r.latency_ms.p95), fmt(r.latency_ms.p99), fmt(r.latency_ms.max)]),
    ]
  )
  for (const [name, r] of [["one at a time", sequential], ["burst", burst]]) {
    console.log(
      `queue ${name}: checkout_pending → Amazon's answer p50 ${fmt(r.pending_to_amazon_answer_ms.p50)} p95 ${fmt(r.pending_to_amazon_answer_ms.p95)} ms; ` +
        `answer → charged (capture, order, transition) p50 ${fmt(r.amazon_answer_to_charged_ms.p50)} p95 ${fmt(r.amazon_answer_to_charged_ms.p95)} ms`
    )
  }
  console.log(
    `Added latency per submission (queue one at a time − bare c=1): p50 ${fmt(added.p50)} ms, p95 ${fmt(added.p95)} ms, p99 ${fmt(added.p99)} ms; ratio ${ratio.p50}x / ${ratio.p95}x / ${ratio.p99}x`
  )
  console.log(
    `Throughput: ${burst.submissions_per_s} submissions/s through the queue (concurrency ${QUEUE_CONCURRENCY}) vs ${bareQ.throughput_rps} bare calls/s at c=${bareQ.concurrency} (${round(bareQ.throughput_rps / burst.submissions_per_s, 1)}x)`
  )
  console.log(
    `Machine: ${meta.machine.cpus} x ${meta.machine.cpu_model}, load average before ${meta.machine.loadavg_before.join(" ")}, after ${meta.machine.loadavg_after.join(" ")}; the load generator runs on the same machine.`
  )
  const report = {
    meta,
    queue_sequential: sequential,
    queue_burst: burst,
    bare,
    added_latency_ms: added,
    ratio_queue_over_bare: ratio,
    throughput_ratio_bare_over_queue: round(bareQ.throughput_rps / burst.submissions_per_s, 2),
    failures: [...failures.entries()].map(([message, count]) => ({ message, count })),
  }
  lib.writeReport(opts.out, report, log)
  await lib.closeDispatcher()
  const failed = report.failures.reduce((n, f) => n + f.count, 0) + bare.reduce((n, r) => n + r.errors, 0)
  if (failed) {
    log(`${failed} submission(s) failed; see failures / error_samples in ${opts.out}`)
    process.exitCode = 3
  }
}

main()
  // Exit when done: a poller's timer or a pooled socket must not keep a finished benchmark alive.
  .then(() => process.exit())
  .catch(async (error) => {
    if (error instanceof Fix) console.error(`[bench-checkout] ${error.message}`)
    else console.error("[bench-checkout] unexpected failure:", error)
    await lib.closeDispatcher(true)
    process.exit(1)
  })
