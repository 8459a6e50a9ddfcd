#!/usr/bin/env node
/**
 * The chaos run: `npm run chaos` (issue 12). Proves "nothing acknowledged is lost, nothing is charged twice" with the
 * app split the way production runs it, while its processes and services fail under it.
 *
 * It starts, all its own: a redis-server on a free port (no persistence: it comes back empty), a database on the
 * local PostgreSQL (migrated and seeded with the demo data), the Amazon sandbox with 30 % of Amazon calls failing
 * (500, 429 with Retry-After, hangs past the client timeout, and answers that arrive after the client gave up), and the
 * app as Medusa's production topology: server instance(s) (MEDUSA_WORKER_MODE=server, the connectors) and one worker
 * instance (MEDUSA_WORKER_MODE=worker, the queues and the dispatcher), on Medusa's Redis event bus, workflow engine
 * and locking. Then it plays Amazon: N trips of 1 to 15 lines (some weighed), each retried until acknowledged as
 * Amazon's gateway does, some delivered 20 times at once across the server instances. Meanwhile, in random order and
 * at random moments: kill -9 of the worker (--worker-kills times), kill -9 of a server, Redis stopped for
 * --redis-down seconds, and pg_terminate_backend of every app connection.
 *
 * At the end every acknowledged trip must be charged exactly once at the sandbox, have exactly one Medusa order with
 * its payment captured, fulfilled in the store, delivered and completed, and no Medusa cart may be left without an order. It prints acknowledged, charged,
 * duplicates, orphan carts, the slowest recovery (from the restart or Redis coming back to the charge) and the 201
 * latency during the Redis outage. Exit status: 0 all held, 1 any loss, duplicate or orphan (or a target missed with
 * --strict), 2 bad arguments or a setup failure.
 *
 *   npm run chaos                            100 trips, 5 worker kills, Redis down 20 s
 *   npm run chaos -- --small                 the test suite's run: 24 trips, 2 worker kills, Redis down 8 s
 *   npm run chaos -- --trips 200 --worker-kills 8 --seed 7 --json .chaos/report.json --keep
 *
 * Flags: --trips N, --worker-kills N, --redis-down S, --servers N (default 2), --seed N, --json FILE,
 * --keep (leave the database and logs), --strict (also fail on a missed target: recovery > 60 s, outage 201 p99 >= 1 s).
 * Logs of every instance are in .chaos/<run>/. Needs PostgreSQL (DATABASE_URL's server or localhost:5432) and
 * redis-server on the PATH.
 */
const fs = require("node:fs")
const path = require("node:path")
const { randomUUID } = require("node:crypto")
const { request } = require("undici")
const { Fix, PURCHASES_PATH, demoDefaults, enterShopper, inboundSecret, parseFlags, printTable, round, summarize, writeReport } = require("./bench-lib")
const { ensurePostgres } = require("./services")
const { MedusaInstance, RedisServer, freePort, killChildren, pgServerUrl, runStep, stopChildren, withPg } = require("./lib/processes")

const root = path.resolve(__dirname, "..")
const MEDUSA = path.join(root, "node_modules", ".bin", "medusa")
const STORE_ID = "DEMO-STORE-1"
const RECOVERY_TARGET_S = 60
const OUTAGE_P99_TARGET_MS = 1000
const log = (message) => console.log(`[jwo-chaos] ${message}`)
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
const t0 = Date.now()
const at = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`

const FLAGS = {
  "--trips": { key: "trips", kind: "int" },
  "--worker-kills": { key: "workerKills", kind: "int" },
  "--redis-down": { key: "redisDownS", kind: "number" },
  "--servers": { key: "servers", kind: "int" },
  "--seed": { key: "seed", kind: "int" },
  "--json": { key: "json", kind: "string" },
  "--keep": { key: "keep", kind: "bool" },
  "--strict": { key: "strict", kind: "bool" },
  "--small": { key: "small", kind: "bool" },
}

/* ------------------------------------------------------------------ */
/* Randomness (seeded, so a run can be repeated)                       */
/* ------------------------------------------------------------------ */

function mulberry32(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/* ------------------------------------------------------------------ */
/* Amazon's side: trips, delivered until acknowledged                  */
/* ------------------------------------------------------------------ */

/** One Create Purchases delivery; the gateway's own timeout is 10 s. */
async function deliver(baseUrl, body, secret) {
  const started = performance.now()
  try {
    const res = await request(`${baseUrl}${PURCHASES_PATH}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-jwo-connector-secret": secret },
      body: JSON.stringify(body),
      headersTimeout: 10_000,
      bodyTimeout: 10_000,
    })
    await res.body.text()
    return { status: res.statusCode, ms: performance.now() - started, sentAt: Date.now() }
  } catch (error) {
    return { status: 0, error: error.code || error.message, ms: performance.now() - started, sentAt: Date.now() }
  }
}

/* ------------------------------------------------------------------ */
/* The run                                                             */
/* ------------------------------------------------------------------ */

let stopping = false

async function main() {
  let opts
  try {
    opts = parseFlags(process.argv.slice(2), FLAGS, { servers: 2, seed: Date.now() % 100000, keep: false, strict: false, small: false }, __filename)
  } catch (error) {
    console.error(`[jwo-chaos] ${error.message}`)
    process.exit(2)
  }
  const small = opts.small
  opts.trips ??= small ? 24 : 100
  opts.workerKills ??= small ? 2 : 5
  opts.redisDownS ??= small ? 8 : 20
  const random = mulberry32(opts.seed)
  const runId = `${new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14)}-${process.pid}`
  const logDir = path.join(root, ".chaos", runId)
  fs.mkdirSync(logDir, { recursive: true })
  log(`run ${runId}: ${opts.trips} trips, ${opts.workerKills} worker kills, 1 server kill, Redis down ${opts.redisDownS} s, pg_terminate_backend once, ${opts.servers} server instance(s) + 1 worker; seed ${opts.seed}; logs in ${path.relative(root, logDir)}`)

  // Services: our own Redis and database.
  const pg = await ensurePostgres({ dataDir: path.join(root, ".test-data", "pg"), log })
  const database = `jwo_chaos_${runId.replace(/-/g, "_")}`
  const serverUrl = pgServerUrl(pg)
  const databaseUrl = `${serverUrl}/${database}`
  await withPg(`${serverUrl}/postgres`, (c) => c.query(`CREATE DATABASE "${database}"`))
  const redis = new RedisServer(await freePort(), path.join(logDir, "redis.log"))
  await redis.start()
  const redisUrl = `redis://127.0.0.1:${redis.port}`
  log(`database ${database}; redis-server on :${redis.port}`)

  // The sandbox, in this process: 30 % of Amazon calls fail.
  require("ts-node").register({ transpileOnly: true, project: path.join(root, "tsconfig.json") })
  const { startSandbox } = require("../src/sandbox/server.ts")
  const { randomCart } = require("../src/sandbox/load.ts")
  const defaults = demoDefaults()
  const sandbox = await startSandbox({
    port: await freePort(),
    credentials: [{ accessKeyId: defaults.AWS_ACCESS_KEY_ID, secretAccessKey: defaults.AWS_SECRET_ACCESS_KEY }],
    catalogRateLimit: false,
    random,
  })
  const AMAZON_TIMEOUT_MS = 3000
  // Each a tenth of the calls it sees; in sequence they make 30 % (0.1 + 0.9 x 0.111 + 0.8 x 0.125).
  const FAULTS = [
    { path: "/v1", status: 500, count: 1_000_000, rate: 0.1 },
    { path: "/v1", status: 429, retryAfterSeconds: 1, count: 1_000_000, rate: 0.111 },
    // Half the hangs never answer; half do the work after the client gave up (Amazon charged, we never heard).
    { path: "/v1", timeoutMs: AMAZON_TIMEOUT_MS + 1000, count: 1_000_000, rate: 0.0625 },
    { path: "/v1", latencyMs: AMAZON_TIMEOUT_MS + 1000, count: 1_000_000, rate: 0.0667 },
  ]
  for (const fault of FAULTS) sandbox.addFault(fault)
  log(`Amazon sandbox on ${sandbox.url}: 30 % of Amazon calls fail (500, 429 Retry-After 1 s, hangs past the ${AMAZON_TIMEOUT_MS} ms client timeout)`)

  const env = {
    ...process.env,
    NODE_ENV: "development",
    LOG_LEVEL: process.env.LOG_LEVEL || "info",
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    JWO_REDIS_URL: redisUrl,
    JWO_MEDUSA_REDIS_MODULES: "true",
    JWO_QUEUE_PREFIX: `jwo-chaos-${process.pid}`,
    JWO_CHECKOUT_ENDPOINT: `${sandbox.url}/v1`,
    JWO_CATALOG_ENDPOINT: `${sandbox.url}/v1`,
    JWO_CATALOG_NOTIFICATIONS_QUEUE_URL: sandbox.notificationsQueueUrl,
    AWS_ACCESS_KEY_ID: defaults.AWS_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: defaults.AWS_SECRET_ACCESS_KEY,
    JWO_AMAZON_TIMEOUT_MS: String(AMAZON_TIMEOUT_MS),
    // Retries sized to a 30 % failure rate (the defaults are sized to Amazon's real one): see docs/benchmarks.md.
    JWO_CHECKOUT_MAX_ATTEMPTS: "20",
    JWO_CHECKOUT_RETRY_BASE_MS: "500",
    JWO_CHECKOUT_RETRY_MAX_MS: "4000",
    JWO_TRIP_RETRY_BASE_MS: "500",
    JWO_DISPATCH_INTERVAL_MS: "1000",
    MEDUSA_ADMIN_DISABLE: "true",
    MEDUSA_DISABLE_TELEMETRY: "true",
  }
  delete env.JWO_PLUGIN_OPTIONS

  const setupLog = path.join(logDir, "setup.log")
  const step = (label, args) => runStep(label, MEDUSA, args, { cwd: root, env, logFile: setupLog, log, root })
  step("medusa db:migrate", ["db:migrate"])
  step("demo data (medusa exec ./demo/seed.ts)", ["exec", "./demo/seed.ts"])

  const instance = async (name, role) =>
    new MedusaInstance({ name, role, port: await freePort(), env, cwd: root, logFile: path.join(logDir, `${name}.log`), medusa: MEDUSA, restartOnExit: true, log, at })
  const servers = []
  for (let i = 0; i < opts.servers; i++) servers.push(await instance(`server-${i + 1}`, "server"))
  const worker = await instance("worker", "worker")
  log("starting the instances...")
  await Promise.all([...servers, worker].map((instance) => instance.start()))
  log(`up at ${at()}: ${servers.map((s) => `${s.name} :${s.port}`).join(", ")}, worker :${worker.port}`)
  const serverUrls = servers.map((s) => `http://127.0.0.1:${s.port}`)

  // Shoppers and SKUs of the demo store.
  const secret = inboundSecret()
  const { pubKey, skus, weighedSkus } = await withPg(databaseUrl, async (c) => {
    const key = await c.query("SELECT token FROM api_key WHERE type = 'publishable' AND revoked_at IS NULL AND deleted_at IS NULL LIMIT 1")
    const variants = await c.query("SELECT sku, metadata->>'jwo_sold_by' AS sold_by FROM product_variant WHERE sku LIKE 'JWO-%' AND deleted_at IS NULL ORDER BY sku")
    return {
      pubKey: key.rows[0] && key.rows[0].token,
      skus: variants.rows.filter((v) => v.sold_by !== "weight").map((v) => v.sku),
      weighedSkus: variants.rows.filter((v) => v.sold_by === "weight").map((v) => v.sku),
    }
  })
  if (!pubKey || skus.length < 15) throw new Fix("the demo data is not there (no publishable key or too few SKUs); see setup.log")
  const shoppers = []
  for (let i = 0; i < Math.min(8, opts.trips); i++) {
    shoppers.push(await enterShopper(serverUrls[i % serverUrls.length], null, { visitor: "scan", secret, storeId: STORE_ID, pubKey, log: () => {} }))
  }
  log(`${shoppers.length} shoppers passed the gate; ${skus.length} SKUs by the unit, ${weighedSkus.length} weighed`)

  // The trips, and which of them are delivered 20 times at once.
  const burstCount = Math.max(2, Math.round(opts.trips * 0.05))
  const trips = Array.from({ length: opts.trips }, (_, i) => {
    const tripId = randomUUID()
    const end = new Date()
    const start = new Date(end.getTime() - 10 * 60_000)
    const iso = (d) => d.toISOString().replace(/\.\d{3}Z$/, "Z")
    const shopper = shoppers[i % shoppers.length]
    return {
      index: i,
      tripId,
      burst: i % Math.floor(opts.trips / burstCount) === 1,
      body: {
        requestId: randomUUID(),
        idempotentShoppingTripId: tripId,
        storeId: STORE_ID,
        shoppingTrip: { startTime: iso(start), endTime: iso(end), authEvents: [shopper.authEvent(start)] },
        cartItems: randomCart(skus, weighedSkus, random),
      },
      deliveries: [],
      ackedAt: null,
    }
  })
  for (const trip of trips) sandbox.registerTrip({ idempotentShoppingTripId: trip.tripId, storeId: STORE_ID, cartItems: trip.body.cartItems })

  // Disruptions: recorded with when they started and when the system was whole again.
  const disruptions = []
  let redisDown = null
  const events = [
    ...Array.from({ length: opts.workerKills }, () => "worker"),
    "server",
    "redis",
    "postgres",
  ]
  for (let i = events.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[events[i], events[j]] = [events[j], events[i]]
  }
  const chaos = (async () => {
    await sleep(3000)
    for (const event of events) {
      await sleep(2000 + random() * 6000)
      const started = Date.now()
      if (event === "worker") {
        log(`kill -9 worker at ${at()}`)
        await worker.kill()
        await sleep(random() * 3000)
        const back = await worker.start()
        disruptions.push({ kind: "kill -9 worker", startedAt: started, endedAt: back })
      } else if (event === "server") {
        const victim = servers[Math.floor(random() * servers.length)]
        log(`kill -9 ${victim.name} at ${at()}`)
        await victim.kill()
        await sleep(1000)
        const back = await victim.start()
        disruptions.push({ kind: `kill -9 ${victim.name}`, startedAt: started, endedAt: back })
      } else if (event === "redis") {
        log(`Redis stopped at ${at()} for ${opts.redisDownS} s`)
        redisDown = { from: Date.now(), to: null }
        await redis.stop()
        await sleep(opts.redisDownS * 1000)
        const back = await redis.start()
        redisDown.to = back
        log(`Redis back (empty) at ${at()}`)
        disruptions.push({ kind: `Redis down ${opts.redisDownS} s`, startedAt: started, endedAt: back })
      } else {
        const killed = await withPg(`${serverUrl}/postgres`, async (c) =>
          (await c.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [database])).rowCount
        )
        log(`pg_terminate_backend of ${killed} app connections at ${at()}`)
        disruptions.push({ kind: `pg_terminate_backend (${killed})`, startedAt: started, endedAt: Date.now() })
      }
    }
  })()

  // Amazon's gateway: trips arrive through the chaos, each retried until acknowledged (1 s apart).
  const expectedChaosMs = events.length * 5000 + (opts.workerKills + 1) * 30_000 + opts.redisDownS * 1000
  const intervalMs = Math.max(300, expectedChaosMs / opts.trips)
  // Denser arrivals while Redis is down, so the outage's 201 latency is measured on a fifth of the trips (at least 5).
  const outageIntervalMs = Math.min(intervalMs, (opts.redisDownS * 1000) / (Math.max(5, opts.trips * 0.2) + 2))
  let next = 0
  const sendTrip = async (trip) => {
    const targets = trip.burst ? Array.from({ length: 20 }, (_, k) => serverUrls[k % serverUrls.length]) : [serverUrls[trip.index % serverUrls.length]]
    for (let attempt = 0; !trip.ackedAt; attempt++) {
      const answers = await Promise.all(targets.map((url) => deliver(url, trip.body, secret)))
      trip.deliveries.push(...answers)
      if (answers.some((a) => a.status === 201 || a.status === 200)) trip.ackedAt = Date.now()
      else await sleep(1000)
      if (attempt === 300) throw new Error(`trip ${trip.tripId} never acknowledged: ${JSON.stringify(answers[0])}`)
    }
  }
  const senders = []
  const progress = setInterval(() => {
    const acked = trips.filter((t) => t.ackedAt).length
    const charged = trips.filter((t) => (sandbox.state.trips.get(t.tripId) || {}).charges > 0).length
    log(`${at()}: ${next}/${trips.length} sent, ${acked} acknowledged, ${charged} charged`)
  }, 10_000)
  while (next < trips.length) {
    senders.push(sendTrip(trips[next++]))
    await sleep(redisDown && !redisDown.to ? outageIntervalMs : intervalMs)
  }
  await Promise.all(senders)
  await chaos
  const lastRecovery = Math.max(...disruptions.map((d) => d.endedAt))
  log(`all ${trips.length} trips acknowledged and the chaos over at ${at()}; waiting for the charges`)

  // Every acknowledged trip charged at the sandbox and settled in Medusa (order, payment captured).
  const settleDeadline = Date.now() + 180_000
  let settled
  for (;;) {
    settled = await withPg(databaseUrl, (c) => medusaState(c, trips.map((t) => t.tripId)))
    const allCharged = trips.every((t) => (sandbox.state.trips.get(t.tripId) || {}).charges > 0)
    if ((allCharged && settled.captured === trips.length && settled.finished === trips.length) || Date.now() > settleDeadline) break
    await sleep(1000)
  }
  await sleep(3000) // late doubles: a retry in flight would land now
  settled = await withPg(databaseUrl, (c) => medusaState(c, trips.map((t) => t.tripId)))
  clearInterval(progress)

  const report = account({ trips, sandbox, settled, disruptions, redisDown, lastRecovery, opts, runId, instances: [...servers, worker] })
  // The profile of the slowest trips: every move, attempt and Amazon submission, in seconds of the run.
  report.slowest_trips = await withPg(databaseUrl, (c) => profileTrips(c, report.slowest_trips, trips, sandbox))
  // And of every lost trip: where it stopped and why.
  report.lost_trips = await withPg(databaseUrl, async (c) =>
    (await profileTrips(c, report.lost_trips.map((t) => ({ tripId: t.tripId, seconds: null })), trips, sandbox)).map((p, i) => ({ ...report.lost_trips[i], ...p }))
  )
  print(report)
  if (opts.json) writeReport(opts.json, report, log)
  writeReport(path.join(logDir, "report.json"), report, log)

  stopping = true
  await stopAll([...servers, worker], redis, sandbox)
  if (!opts.keep) {
    await withPg(`${serverUrl}/postgres`, (c) => c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`)).catch(() => {})
  }
  const failed = report.verdict.failures.length > 0 || (opts.strict && report.verdict.missed.length > 0)
  process.exit(failed ? 1 : 0)
}

/** Per trip: its rows in Medusa, read from the database (trip, order link, payment, carts). */
async function medusaState(c, tripIds) {
  const trips = await c.query(
    `SELECT t.id, t.idempotent_shopping_trip_id AS trip_id, t.status, t.order_id
       FROM jwo_shopping_trip t WHERE t.idempotent_shopping_trip_id = ANY($1) AND t.deleted_at IS NULL`,
    [tripIds]
  )
  // Orders per Amazon trip, whatever linked them: an order made twice would show here even unlinked.
  const orders = await c.query(
    `SELECT o.id, o.metadata->>'jwo_trip_id' AS jwo_trip_id, o.status AS order_status, pc.status AS payment_status, pc.amount, pc.captured_amount,
            EXISTS (SELECT 1 FROM order_fulfillment ofl JOIN fulfillment f ON f.id = ofl.fulfillment_id
                     WHERE ofl.order_id = o.id AND ofl.deleted_at IS NULL AND f.delivered_at IS NOT NULL AND f.canceled_at IS NULL) AS delivered
       FROM "order" o
       LEFT JOIN order_payment_collection opc ON opc.order_id = o.id AND opc.deleted_at IS NULL
       LEFT JOIN payment_collection pc ON pc.id = opc.payment_collection_id AND pc.deleted_at IS NULL
      WHERE o.deleted_at IS NULL`
  )
  const orphanCarts = await c.query(
    `SELECT c.id, c.metadata->>'jwo_trip_id' AS jwo_trip_id FROM cart c
      WHERE c.deleted_at IS NULL AND c.completed_at IS NULL
         OR (c.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM order_cart oc WHERE oc.cart_id = c.id AND oc.deleted_at IS NULL))`
  )
  const byTripRow = new Map(trips.rows.map((r) => [r.trip_id, r]))
  const ordersByTrip = new Map()
  for (const o of orders.rows) {
    if (!o.jwo_trip_id) continue
    ordersByTrip.set(o.jwo_trip_id, [...(ordersByTrip.get(o.jwo_trip_id) || []), o])
  }
  let captured = 0
  let finished = 0
  const perTrip = new Map()
  for (const id of tripIds) {
    const row = byTripRow.get(id)
    const own = row ? ordersByTrip.get(row.id) || [] : []
    const isCaptured = own.length === 1 && own[0].payment_status === "completed" && Number(own[0].captured_amount) === Number(own[0].amount)
    if (isCaptured) captured++
    // The trip names its order, and it is that one order.
    const linked = own.length === 1 && row && row.order_id === own[0].id
    // Issue 17: the charged trip's order is fulfilled in the store, delivered and completed.
    const isFinished = isCaptured && linked && row.status === "charged" && own[0].order_status === "completed" && own[0].delivered
    if (isFinished) finished++
    perTrip.set(id, { row, orders: own, captured: isCaptured && linked, finished: isFinished })
  }
  return { perTrip, captured, finished, orphanCarts: orphanCarts.rows, unlinkedOrders: orders.rows.filter((o) => !o.jwo_trip_id).length }
}

async function profileTrips(c, slowest, trips, sandbox) {
  const rel = (ms) => round((ms - t0) / 1000, 1)
  const out = []
  for (const { tripId, seconds } of slowest) {
    const trip = trips.find((t) => t.tripId === tripId)
    const { rows } = await c.query(
      `SELECT t.id, t.status, t.attempts, t.checkout_attempts, t.last_error, t.checkout_last_error, x.from_status, x.to_status, x.reason, x.created_at
         FROM jwo_shopping_trip t LEFT JOIN jwo_trip_transition x ON x.trip_id = t.id AND x.deleted_at IS NULL
        WHERE t.idempotent_shopping_trip_id = $1 ORDER BY x.created_at`,
      [tripId]
    )
    const at = sandbox.state.trips.get(tripId)
    out.push({
      tripId,
      seconds,
      lines: trip.body.cartItems.length,
      acknowledged_at_s: rel(trip.ackedAt),
      attempts: rows[0] && rows[0].attempts,
      checkout_attempts: rows[0] && rows[0].checkout_attempts,
      last_error: rows[0] && (rows[0].last_error || rows[0].checkout_last_error),
      moves: rows.filter((r) => r.to_status).map((r) => `${rel(Date.parse(r.created_at))} s ${r.from_status || "-"} → ${r.to_status}${r.reason ? ` (${String(r.reason).slice(0, 80)})` : ""}`),
      amazon_submissions: ((at && at.submissions) || []).map((x) => `${rel(Date.parse(x.at))} s ${x.status}${x.errorMsg ? ` ${x.errorMsg}` : ""}`),
    })
  }
  return out
}

function account({ trips, sandbox, settled, disruptions, redisDown, lastRecovery, opts, runId, instances }) {
  const lost = []
  const doubled = []
  const recoveries = []
  for (const trip of trips) {
    const at = sandbox.state.trips.get(trip.tripId)
    const medusa = settled.perTrip.get(trip.tripId)
    if (!at || at.charges === 0 || !medusa.row || !medusa.captured) {
      lost.push({
        tripId: trip.tripId,
        sandboxCharges: at ? at.charges : 0,
        status: medusa.row ? medusa.row.status : "no trip row",
        orders: medusa.orders.length,
        captured: medusa.captured,
        // What the checker saw of the order: its payment collection, and whether the trip names it.
        payments: medusa.orders.map((o) => ({ order_id: o.id, status: o.payment_status, amount: o.amount, captured: o.captured_amount, named_by_trip: medusa.row ? medusa.row.order_id === o.id : false })),
      })
    }
    if ((at && at.charges > 1) || medusa.orders.length > 1) {
      doubled.push({ tripId: trip.tripId, sandboxCharges: at && at.charges, orders: medusa.orders.length })
    }
    if (at && at.chargedAt) {
      const chargedAt = Date.parse(at.chargedAt)
      // From the later of its acknowledgment and the last recovery before its charge, to its charge.
      const anchor = Math.max(trip.ackedAt, ...disruptions.filter((d) => d.endedAt <= chargedAt).map((d) => d.endedAt))
      recoveries.push({ tripId: trip.tripId, seconds: (chargedAt - anchor) / 1000 })
    }
  }
  recoveries.sort((a, b) => b.seconds - a.seconds)
  const outageAnswers = redisDown
    ? trips.flatMap((t) => t.deliveries).filter((d) => d.sentAt >= redisDown.from && d.sentAt <= redisDown.to && (d.status === 201 || d.status === 200))
    : []
  const outageLatency = summarize(outageAnswers.map((d) => d.ms))
  const allAnswers = summarize(trips.flatMap((t) => t.deliveries).filter((d) => d.status === 201 || d.status === 200).map((d) => d.ms))
  const sandboxTrips = trips.map((t) => sandbox.state.trips.get(t.tripId)).filter(Boolean)
  const failures = []
  if (lost.length) failures.push(`${lost.length} acknowledged trip(s) not charged, or without a captured Medusa order`)
  if (doubled.length) failures.push(`${doubled.length} trip(s) charged or ordered more than once`)
  if (settled.orphanCarts.length) failures.push(`${settled.orphanCarts.length} Medusa cart(s) without an order`)
  if (settled.finished < settled.captured) failures.push(`${settled.captured - settled.finished} captured trip order(s) not fulfilled, delivered and completed`)
  const missed = []
  const slowest = recoveries.length ? recoveries[0].seconds : null
  if (slowest !== null && slowest > RECOVERY_TARGET_S) missed.push(`slowest recovery ${slowest.toFixed(1)} s > ${RECOVERY_TARGET_S} s`)
  if (outageLatency.p99 !== null && outageLatency.p99 >= OUTAGE_P99_TARGET_MS) missed.push(`201 p99 during the Redis outage ${outageLatency.p99} ms >= ${OUTAGE_P99_TARGET_MS} ms`)
  if (!outageAnswers.length) missed.push("no trip was answered during the Redis outage")
  return {
    run: runId,
    seed: opts.seed,
    options: { trips: opts.trips, workerKills: opts.workerKills, redisDownS: opts.redisDownS, servers: opts.servers },
    acknowledged: trips.filter((t) => t.ackedAt).length,
    charged: sandboxTrips.filter((t) => t.charges > 0).length,
    captured: settled.captured,
    finished: settled.finished,
    duplicates: doubled.length,
    orphan_carts: settled.orphanCarts.length,
    lost: lost.length,
    burst_trips: trips.filter((t) => t.burst).length,
    deliveries: trips.reduce((n, t) => n + t.deliveries.length, 0),
    amazon_duplicate_submissions: sandboxTrips.reduce((n, t) => n + t.duplicates, 0),
    amazon_calls_faulted: sandbox.state.calls.filter((c) => c.fault).length,
    amazon_calls: sandbox.state.calls.length,
    slowest_recovery_s: slowest === null ? null : round(slowest, 1),
    slowest_trips: recoveries.slice(0, 3),
    redis_outage_201_ms: outageLatency,
    all_201_ms: allAnswers,
    disruptions: disruptions.map((d) => ({ kind: d.kind, at_s: round((d.startedAt - t0) / 1000, 1), recovered_after_s: round((d.endedAt - d.startedAt) / 1000, 1) })),
    unexpected_exits: Object.fromEntries(instances.map((i) => [i.name, i.unexpectedExits])),
    last_recovery_to_last_charge_s: round((Math.max(...sandboxTrips.map((t) => Date.parse(t.chargedAt || 0))) - lastRecovery) / 1000, 1),
    lost_trips: lost.slice(0, 10),
    duplicate_trips: doubled.slice(0, 10),
    orphan_cart_ids: settled.orphanCarts.slice(0, 10),
    verdict: { failures, missed },
  }
}

function print(report) {
  printTable(
    ["what", "value"],
    [
      ["acknowledged", report.acknowledged],
      ["charged at the sandbox", report.charged],
      ["Medusa orders captured", report.captured],
      ["orders fulfilled, delivered, completed", report.finished],
      ["lost", report.lost],
      ["duplicates (charged/ordered twice)", report.duplicates],
      ["orphan carts", report.orphan_carts],
      ["deliveries (incl. 20x bursts, retries)", report.deliveries],
      ["Amazon calls / faulted", `${report.amazon_calls} / ${report.amazon_calls_faulted}`],
      ["Amazon-side duplicate submissions (deduped)", report.amazon_duplicate_submissions],
      ["slowest recovery (s)", report.slowest_recovery_s],
      ["201 during Redis outage: n / p50 / p99 / max ms", `${report.redis_outage_201_ms.count} / ${report.redis_outage_201_ms.p50} / ${report.redis_outage_201_ms.p99} / ${report.redis_outage_201_ms.max}`],
      ["201 overall: p50 / p99 ms", `${report.all_201_ms.p50} / ${report.all_201_ms.p99}`],
      ["instances that died by themselves", JSON.stringify(report.unexpected_exits)],
    ],
    1
  )
  printTable(["disruption", "at (s)", "whole again after (s)"], report.disruptions.map((d) => [d.kind, d.at_s, d.recovered_after_s]), 1)
  for (const t of report.slowest_trips) {
    log(`slow trip ${t.tripId} (${t.seconds} s, ${t.lines} lines, acknowledged at ${t.acknowledged_at_s} s, ${t.attempts} failed runs, ${t.checkout_attempts} checkout attempts):`)
    for (const m of t.moves) console.log(`    ${m}`)
    if (t.amazon_submissions.length) console.log(`    Amazon: ${t.amazon_submissions.join("; ")}`)
  }
  for (const f of report.verdict.failures) log(`FAIL: ${f}`)
  for (const m of report.verdict.missed) log(`target missed: ${m}`)
  for (const t of report.lost_trips) {
    log(`lost trip ${t.tripId} (${t.lines} lines, acknowledged at ${t.acknowledged_at_s} s, now ${t.status}, ${t.sandboxCharges} charge(s) at the sandbox, ${t.orders} order(s), ${t.attempts} failed runs, ${t.checkout_attempts} checkout attempts${t.last_error ? `, last error: ${String(t.last_error).slice(0, 300)}` : ""}):`)
    for (const m of t.moves) console.log(`    ${m}`)
    if (t.amazon_submissions.length) console.log(`    Amazon: ${t.amazon_submissions.join("; ")}`)
    for (const p of t.payments) console.log(`    order ${p.order_id}: payment collection ${p.status}, amount ${p.amount}, captured ${p.captured}${p.named_by_trip ? "" : ", not the trip's order"}`)
  }
  if (report.duplicate_trips.length) log(`duplicates: ${JSON.stringify(report.duplicate_trips)}`)
  if (report.orphan_cart_ids.length) log(`orphan carts: ${JSON.stringify(report.orphan_cart_ids)}`)
  log(report.verdict.failures.length ? "CHAOS RUN FAILED" : "chaos run passed: nothing acknowledged was lost, nothing charged twice, no orphan cart")
}

async function stopAll(instances, redis, sandbox) {
  for (const i of instances) i.stopping = true
  await stopChildren(10_000)
  await sandbox.close().catch(() => {})
}

function onSignal() {
  stopping = true
  killChildren()
  process.exit(130)
}
process.on("SIGINT", onSignal)
process.on("SIGTERM", onSignal)

main().catch((error) => {
  stopping = true
  killChildren()
  console.error(`[jwo-chaos] ${error instanceof Fix ? error.message : error.stack}`)
  process.exit(2)
})
