#!/usr/bin/env node
/**
 * Scale-out benchmark (issue 13): trips per second priced and charged by the production profile with 1 and with 2
 * worker instances, 10-line carts.
 *
 *   node scripts/bench-scale.js [--workers 1,2] [--trips 60] [--concurrency 10] [--warmup 5] [--lines 10]
 *                               [--app DIR] [--json .bench/scale.json]
 *
 * For each worker count it starts `npm run demo -- --production` (scripts/demo-production.js: one server instance and
 * N worker instances from `.medusa/server`, NODE_ENV=production, Medusa's Redis modules, its own redis-server, the
 * sandbox from the installed package's bin) on free ports, waits for its "ready" line, and then plays Amazon:
 *
 *   1. a bench shopper passes the gate (Identity Connector); --lines distinct priced SKUs of DEMO-STORE-1 are picked
 *      (bench-lib's benchSkus) and --warmup trips are walked to their charge, unmeasured;
 *   2. --trips trips of --lines lines each are registered with the sandbox and delivered (Create Purchases) by
 *      --concurrency senders at once, as fast as the server acknowledges them;
 *   3. it waits until every trip is charged in Medusa, then reads each trip's history.
 *
 * Priced: trips / (last `order_placed` − first acknowledgment); charged: trips / (last `charged` − first
 * acknowledgment); with each trip's acknowledgment → charged p50/p95. The first run builds the app (or --app DIR, an
 * app the profile or the deploy suite built); the next runs reuse it (JWO_DEMO_PRODUCTION_APP). The machine's cores,
 * load average before and after, and the profile's logs (.bench/scale/<run>/) are in the report.
 *
 * Exit status: 0 done, 1 setup failed, 3 done but some trips were not charged.
 */
const { spawn } = require("node:child_process")
const fs = require("node:fs")
const path = require("node:path")
const lib = require("./bench-lib")
const { freePort, sleep, waitFor } = require("./lib/processes")

const { Fix, fmt, round } = lib
const log = lib.logger("bench-scale")
const root = path.resolve(__dirname, "..")
const STORE_ID = "DEMO-STORE-1"

function parseArgs(argv) {
  return lib.parseFlags(
    argv,
    {
      "--workers": { key: "workers", kind: "ints" },
      "--trips": { key: "trips", kind: "int" },
      "--concurrency": { key: "concurrency", kind: "int" },
      "--warmup": { key: "warmup", kind: "number0" },
      "--lines": { key: "lines", kind: "int" },
      "--app": { key: "app", kind: "string" },
      "--json": { key: "json", kind: "string" },
    },
    { workers: [1, 2], trips: 60, concurrency: 10, warmup: 5, lines: 10 },
    __filename
  )
}

/** Starts the production profile with `workers` workers; resolves when it printed "ready". */
async function startProfile({ workers, app, runDir }) {
  const [port, sandboxPort] = [await freePort(), await freePort()]
  const env = {
    ...process.env,
    PORT: String(port),
    JWO_SANDBOX_PORT: String(sandboxPort),
    JWO_DEMO_PRODUCTION: "true",
    JWO_DEMO_WORKERS: String(workers),
    JWO_DEMO_PRODUCTION_DIR: runDir,
    ...(app ? { JWO_DEMO_PRODUCTION_APP: app } : {}),
  }
  delete env.REDIS_URL
  const child = spawn(process.execPath, [path.join(root, "scripts", "demo.js")], { cwd: root, env, detached: true, stdio: ["ignore", "pipe", "pipe"] })
  const out = fs.createWriteStream(path.join(runDir, "profile.log"))
  let output = ""
  for (const stream of [child.stdout, child.stderr]) {
    stream.on("data", (chunk) => {
      output += chunk
      out.write(chunk)
    })
  }
  child.exited = new Promise((resolve) => child.on("exit", resolve))
  await waitFor(`the production profile (${workers} worker(s)) printing ready`, async () => output.includes("[jwo-demo] ready:"), 15 * 60_000, child)
  return {
    child,
    base: `http://localhost:${port}`,
    sandboxUrl: `http://localhost:${sandboxPort}`,
    appDir: /using the app built in (\S+) \(JWO_DEMO_PRODUCTION_APP\)/.exec(output)?.[1] || path.join(runDir, "app"),
    async stop() {
      try {
        process.kill(-child.pid, "SIGTERM")
      } catch {}
      await Promise.race([child.exited, sleep(60_000)])
      try {
        process.kill(-child.pid, "SIGKILL")
      } catch {}
      out.end()
    },
  }
}

/** Delivers one trip until acknowledged (201); returns when. */
async function deliver(base, secret, body) {
  for (let attempt = 0; ; attempt++) {
    const answer = await lib.call(base, "POST", lib.PURCHASES_PATH, { headers: { "x-jwo-connector-secret": secret }, json: body })
    if (answer.status === 201) return Date.now()
    if (attempt === 20) throw new Error(`Create Purchases: ${lib.describeAnswer(answer)}`)
    await sleep(500)
  }
}

async function waitCharged(admin, ids, timeoutMs) {
  const deadline = Date.now() + timeoutMs
  const trips = new Map()
  while (Date.now() < deadline) {
    for (const id of ids) {
      if (trips.get(id)?.status === "charged") continue
      trips.set(id, await lib.tripDetail(admin, id))
    }
    if (ids.every((id) => trips.get(id).status === "charged")) break
    await sleep(2000)
  }
  return ids.map((id) => trips.get(id))
}

async function measure(profile, opts) {
  const secret = lib.inboundSecret()
  const headers = await lib.adminLogin(profile.base)
  const admin = lib.adminClient(profile.base, headers)
  const store = await lib.jwoStore(admin, STORE_ID)
  const { skus } = await lib.benchSkus(admin, store, opts.lines, log)
  const shopper = await lib.enterShopper(profile.base, admin, { visitor: "scan", secret, storeId: STORE_ID, log })
  const cart = lib.cartOf(skus)
  const walk = async (count, concurrency) => {
    const bodies = Array.from({ length: count }, () => lib.purchaseBody(STORE_ID, shopper, cart))
    for (const body of bodies) await lib.registerTrip(profile.sandboxUrl, body)
    const acked = []
    let next = 0
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < bodies.length) {
          const body = bodies[next++]
          const at = await deliver(profile.base, secret, body)
          acked.push({ tripId: body.idempotentShoppingTripId, at })
        }
      })
    )
    const { trips } = await lib.tripStatuses(admin, { from: new Date(Math.min(...acked.map((a) => a.at)) - 60_000).toISOString(), storeId: STORE_ID, limit: 200 })
    const wanted = new Set(acked.map((a) => a.tripId))
    const ids = []
    for (const t of trips) {
      const detail = await lib.tripDetail(admin, t.id)
      if (wanted.has(detail.idempotent_shopping_trip_id)) ids.push(t.id)
    }
    return { acked, details: await waitCharged(admin, ids, 10 * 60_000) }
  }
  if (opts.warmup) {
    log(`warm-up: ${opts.warmup} trip(s)`)
    await walk(opts.warmup, 1)
  }
  const loadBefore = lib.loadavg()
  log(`measuring: ${opts.trips} trips of ${opts.lines} lines, ${opts.concurrency} senders`)
  const { acked, details } = await walk(opts.trips, opts.concurrency)
  const first = Math.min(...acked.map((a) => a.at))
  const ackedAt = new Map(acked.map((a) => [a.tripId, a.at]))
  const charged = details.filter((d) => d.status === "charged")
  const placed = details.map((d) => lib.reachedAt(d, "order_placed")).filter(Boolean)
  const chargedAt = charged.map((d) => lib.reachedAt(d, "charged")).filter(Boolean)
  const lastAck = Math.max(...acked.map((a) => a.at))
  const perTrip = charged.map((d) => (lib.reachedAt(d, "charged") - ackedAt.get(d.idempotent_shopping_trip_id)) / 1000)
  return {
    trips: opts.trips,
    lines: opts.lines,
    charged: charged.length,
    acknowledging_s: round((lastAck - first) / 1000, 1),
    priced_s: round((Math.max(...placed) - first) / 1000, 1),
    charged_s: round((Math.max(...chargedAt) - first) / 1000, 1),
    priced_per_s: round(placed.length / ((Math.max(...placed) - first) / 1000), 2),
    charged_per_s: round(charged.length / ((Math.max(...chargedAt) - first) / 1000), 2),
    ack_to_charged_s: lib.summarize(perTrip),
    loadavg_before: loadBefore,
    loadavg_after: lib.loadavg(),
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2))
  const runId = `${new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14)}-${process.pid}`
  const runRoot = path.join(root, ".bench", "scale", runId)
  const report = { run: runId, machine: lib.machine(), options: opts, runs: [] }
  let app = opts.app && path.resolve(opts.app)
  for (const workers of opts.workers) {
    const runDir = path.join(runRoot, `workers-${workers}`)
    fs.mkdirSync(runDir, { recursive: true })
    log(`starting the production profile with ${workers} worker(s) (logs in ${path.relative(root, runDir)})...`)
    const profile = await startProfile({ workers, app, runDir })
    app ??= profile.appDir
    try {
      const result = await measure(profile, opts)
      report.runs.push({ workers, ...result })
      log(`${workers} worker(s): ${result.charged}/${result.trips} charged; priced ${result.priced_per_s}/s, charged ${result.charged_per_s}/s`)
    } finally {
      await profile.stop()
    }
  }
  lib.printTable(
    ["workers", "trips", "lines", "charged", "priced/s", "charged/s", "charged/min", "ack→charged p50 s", "p95 s", "load before → after"],
    report.runs.map((r) => [
      String(r.workers),
      String(r.trips),
      String(r.lines),
      String(r.charged),
      fmt(r.priced_per_s, 2),
      fmt(r.charged_per_s, 2),
      fmt(r.charged_per_s * 60, 0),
      fmt(r.ack_to_charged_s.p50),
      fmt(r.ack_to_charged_s.p95),
      `${r.loadavg_before[0]} → ${r.loadavg_after[0]}`,
    ]),
    1
  )
  lib.writeReport(opts.json || path.join(runRoot, "report.json"), report, log)
  process.exit(report.runs.every((r) => r.charged === r.trips) ? 0 : 3)
}

main().catch((error) => {
  console.error(`[bench-scale] ${error instanceof Fix ? error.message : error.stack}`)
  process.exit(1)
})
