#!/usr/bin/env node
/**
 * Load benchmark of the Identity Connector (`POST /jwo/v1/identity/identity-keys`) against a running app, with
 * Medusa's own `GET /health` on the same server as the baseline.
 *
 *   node scripts/bench-identity.js [--levels 1,10,50] [--duration 10 | --requests N] [--warmup 3]
 *                                  [--out /tmp/bench-identity.json] [--url http://localhost:9000]
 *                                  [--server-pid PID] [--database-url postgres://.../db]
 *
 * Start the app first (`npm run demo`). The script logs in as the demo admin to find a publishable API key,
 * registers one new shopper, gets a Scan Key Code for it from the store API, checks one gate scan answers 200, warms
 * up, then for each concurrency level runs closed-loop load (each of C workers sends its next request as soon as the
 * previous answer arrived) first on /health, then on the identity route, for --duration seconds (or --requests
 * requests) each. Every identity request carries a new requestId and authEvent.id (so each one is decided and
 * recorded, none is an idempotent replay) and the same valid code, re-issued every 20 s and before each level
 * (a code is valid for 60 s). Every identity answer must be 200 with visitorDetails naming the shopper; every health
 * answer 200: anything else counts as an error.
 *
 * Reports per level and route: requests, errors, throughput, p50/p95/p99/max latency (ms), and identity p99 / health
 * p99. Target (issue 16), at 50 concurrent: throughput >= 30 % of GET /health, p99 <= 5x health's p99, same run.
 *
 * Work per request, which a busy machine does not change the way it changes latency:
 *   - server CPU: the server process's user + system time (/proc/PID/stat) over the phase, per request. The process is
 *     --server-pid, else the one listening on the --url port (found with `ss`), when the app runs on this machine.
 *   - database transactions: with --database-url (the app's database), pg_stat_database's xact_commit + xact_rollback
 *     over the phase, per request. PostgreSQL publishes a backend's counts up to 10 s late, so each phase is followed
 *     by an 11 s pause before the count is read; the background rate (the worker's polls, measured over the /health
 *     phase, which touches no table) is subtracted. When PostgreSQL runs on this machine, the CPU time of the
 *     database's backends over the phase (/proc) is reported per request as well.
 *
 * Environment:
 *   JWO_BENCH_URL               the app (default http://localhost:9000; --url overrides)
 *   JWO_DEMO_ADMIN_EMAIL        admin login used to list publishable keys (default admin@jwo.demo)
 *   JWO_DEMO_ADMIN_PASSWORD     (default supersecret)
 *   JWO_BENCH_PUBLISHABLE_KEY   use this publishable key instead of asking the admin API
 *   JWO_BENCH_SECRET            the inbound secret to send (default: first of JWO_INBOUND_SECRETS, else the demo's)
 *   JWO_BENCH_STORE_ID          Amazon store id (default DEMO-STORE-1)
 *   JWO_BENCH_SERVER_PID        as --server-pid
 *   JWO_BENCH_DATABASE_URL      as --database-url
 *
 * Exit status: 0 done, 1 setup failed (message says what to fix), 3 done but some requests failed.
 */
const { randomUUID } = require("node:crypto")
const fs = require("node:fs")
const { request } = require("undici")
const lib = require("./bench-lib")

/** Issue 16: identity throughput at least 30 % of GET /health's, p99 at most 5x health's p99 (same run). */
const TARGET_THROUGHPUT_RATIO = 0.3
const TARGET_P99_RATIO = 5
const TARGET_CONCURRENCY = 50
const GATE_BUDGET_MS = 2000
const CODE_REFRESH_MS = 20000
const { Fix, IDENTITY_PATH, REQUEST_TIMEOUT_MS, call, describeAnswer, fmt, gateTimestamp, round, runPhase } = lib
const log = lib.logger("bench-identity")

function parseArgs(argv) {
  const opts = lib.parseFlags(
    argv,
    {
      ...lib.LOAD_FLAGS,
      "--out": { key: "out", kind: "string" },
      "--url": { key: "url", kind: "string" },
      "--server-pid": { key: "serverPid", kind: "int" },
      "--database-url": { key: "databaseUrl", kind: "string" },
    },
    {
      levels: [1, 10, 50],
      duration: 10,
      requests: undefined,
      warmup: 3,
      out: "/tmp/bench-identity.json",
      url: process.env.JWO_BENCH_URL || "http://localhost:9000",
      serverPid: process.env.JWO_BENCH_SERVER_PID ? Number(process.env.JWO_BENCH_SERVER_PID) : undefined,
      databaseUrl: process.env.JWO_BENCH_DATABASE_URL || undefined,
    },
    __filename
  )
  opts.url = lib.baseUrl("JWO_BENCH_URL/--url", opts.url)
  return opts
}

/** Issues Scan Key Codes for the shopper, reusing one recognition record (its token is sent on every refresh). */
class CodeSource {
  constructor(base, pubKey, shopper) {
    this.base = base
    this.pubKey = pubKey
    this.shopper = shopper
    this.recognitionToken = undefined
    this.identityKey = undefined
    this.refreshes = 0
    this.timer = undefined
  }

  async refresh() {
    const answer = await call(this.base, "POST", "/store/jwo/scan-keys", {
      headers: { authorization: `Bearer ${this.shopper.token}`, "x-publishable-api-key": this.pubKey },
      json: this.recognitionToken ? { recognition_token: this.recognitionToken } : { device_name: "bench-identity" },
    })
    const scanKey = answer.body && answer.body.scan_key
    if (answer.status !== 201 || !scanKey || !scanKey.code) throw new Fix(`issuing a Scan Key Code failed: ${describeAnswer(answer)}`)
    if (scanKey.recognition_token) this.recognitionToken = scanKey.recognition_token
    this.identityKey = Buffer.from(scanKey.code, "utf8").toString("base64")
    this.refreshes++
    return scanKey
  }

  /** Re-issues every 20 s while load runs (the old code stays valid meanwhile, so workers never wait for it). */
  startTimer() {
    this.stopTimer()
    this.timer = setInterval(() => {
      this.refresh().catch((error) => log(`warning: refreshing the code failed: ${error.message}`))
    }, CODE_REFRESH_MS)
  }

  stopTimer() {
    if (this.timer) clearInterval(this.timer)
    this.timer = undefined
  }
}

/** A gate scan of the shopper's current code, with a new requestId and authEvent.id (a real decision, not a replay). */
function scanBody(storeId, codes) {
  return {
    requestId: randomUUID(),
    identityKey: codes.identityKey,
    storeId,
    authEvent: { id: randomUUID(), timestamp: gateTimestamp(), location: "ENTRY" },
    keyChannel: "OPTICAL",
  }
}

function makeTargets(base, secret, storeId, codes, customerId) {
  const identityUrl = base + IDENTITY_PATH
  const identityHeaders = { "content-type": "application/json", "x-jwo-connector-secret": secret }
  const timeouts = { headersTimeout: REQUEST_TIMEOUT_MS, bodyTimeout: REQUEST_TIMEOUT_MS }
  return {
    health: async () => {
      const { statusCode, body } = await request(`${base}/health`, { dispatcher: lib.getDispatcher(), ...timeouts })
      const text = await body.text()
      if (statusCode !== 200) return `HTTP ${statusCode} ${text.slice(0, 120)}`
      return undefined
    },
    identity: async () => {
      const { statusCode, body } = await request(identityUrl, {
        method: "POST",
        dispatcher: lib.getDispatcher(),
        headers: identityHeaders,
        body: JSON.stringify(scanBody(storeId, codes)),
        ...timeouts,
      })
      const text = await body.text()
      if (statusCode !== 200) return `HTTP ${statusCode} ${text.slice(0, 120)}`
      let parsed
      try {
        parsed = JSON.parse(text)
      } catch {
        return "HTTP 200 with a body that is not JSON"
      }
      const visitor = parsed && parsed.visitorDetails
      if (!visitor || !visitor.id || !visitor.type) return `HTTP 200 without visitorDetails: ${text.slice(0, 120)}`
      if (visitor.id !== customerId) return `HTTP 200 for visitor ${visitor.id}, expected ${customerId}`
      return undefined
    },
  }
}

/** Seconds after a phase before pg_stat_database is read: PostgreSQL publishes an idle backend's counts within 10 s. */
const DB_STATS_DELAY_MS = 11000

/** Transactions of one database so far (pg_stat_database), or undefined without --database-url. */
class DbStats {
  constructor(url) {
    const { Client } = require("pg")
    this.client = new Client({ connectionString: url })
    this.database = new URL(url).pathname.replace(/^\//, "")
  }
  async open() {
    await this.client.connect()
    await this.read()
  }
  async read() {
    await this.client.query("SELECT pg_stat_clear_snapshot()")
    const { rows } = await this.client.query(
      "SELECT xact_commit + xact_rollback AS xacts FROM pg_stat_database WHERE datname = $1",
      [this.database]
    )
    if (!rows.length) throw new Fix(`--database-url: PostgreSQL has no database "${this.database}"`)
    return Number(rows[0].xacts)
  }
  /** CPU ms so far of each backend serving the database (not this one), when PostgreSQL runs on this machine. */
  async backendCpu() {
    const { rows } = await this.client.query(
      "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
      [this.database]
    )
    const cpu = new Map()
    for (const { pid } of rows) {
      try {
        cpu.set(pid, lib.processCpuMs(pid))
      } catch {
        // Not on this machine, or the backend just ended.
      }
    }
    return cpu
  }
  async close() {
    await this.client.end().catch(() => {})
  }
}

/** CPU the database's backends spent between two `backendCpu()` readings (a backend that ended meanwhile is missed). */
function backendCpuDelta(before, after) {
  let ms = 0
  for (const [pid, now] of after) ms += now - (before.get(pid) ?? 0)
  return after.size ? ms : undefined
}

/**
 * Runs a phase and measures the server's work during it: CPU ms per request (when the server pid is known) and
 * database transactions (when db is given; read after DB_STATS_DELAY_MS).
 */
async function measuredPhase(target, phase, { serverPid, db }) {
  const xactsBefore = db ? await db.read() : undefined
  const dbCpuBefore = db ? await db.backendCpu() : undefined
  const cpuBefore = serverPid ? lib.processCpuMs(serverPid) : undefined
  const result = await runPhase(target, phase)
  const dbCpuMs = db ? backendCpuDelta(dbCpuBefore, await db.backendCpu()) : undefined
  const server = {}
  if (serverPid) {
    const cpuMs = lib.processCpuMs(serverPid) - cpuBefore
    server.cpu_ms = cpuMs
    server.cpu_ms_per_request = result.requests ? round(cpuMs / result.requests, 2) : null
    server.cpu_pct = round((cpuMs / (result.elapsed_s * 1000)) * 100, 0)
  }
  if (dbCpuMs !== undefined) {
    server.db_cpu_ms = dbCpuMs
    server.db_cpu_ms_per_request = result.requests ? round(dbCpuMs / result.requests, 2) : null
  }
  if (db) {
    await new Promise((resolve) => setTimeout(resolve, DB_STATS_DELAY_MS))
    server.xacts = (await db.read()) - xactsBefore
    server.xacts_window_s = round(result.elapsed_s + DB_STATS_DELAY_MS / 1000, 3)
  }
  return { ...result, server }
}

/** Transactions per request net of the background rate seen during the /health phase of the same level. */
function netXactsPerRequest(identity, health) {
  if (!identity.server || identity.server.xacts === undefined || !identity.requests) return null
  const rate = health && health.server && health.server.xacts !== undefined ? health.server.xacts / health.server.xacts_window_s : 0
  return round(Math.max(0, identity.server.xacts - rate * identity.server.xacts_window_s) / identity.requests, 2)
}

async function main() {
  const opts = parseArgs(process.argv.slice(2))
  const base = opts.url
  const storeId = process.env.JWO_BENCH_STORE_ID || "DEMO-STORE-1"
  const maxConcurrency = Math.max(...opts.levels)
  lib.createDispatcher(maxConcurrency + 8)
  const mode = opts.requests !== undefined ? `${opts.requests} requests` : `${opts.duration} s`

  log(`target ${base}; levels ${opts.levels.join(", ")}; ${mode} per level and route; warm-up ${opts.warmup} s`)
  log(`target at ${TARGET_CONCURRENCY} concurrent scans: throughput >= ${TARGET_THROUGHPUT_RATIO * 100} % of GET /health, p99 <= ${TARGET_P99_RATIO}x health's p99 (Amazon's gate budget is ${GATE_BUDGET_MS / 1000} s)`)
  await lib.checkApp(base)
  const pubKey = process.env.JWO_BENCH_PUBLISHABLE_KEY || (await lib.publishableKey(base, lib.adminClient(base, await lib.adminLogin(base))))
  const shopper = await lib.createShopper(base, pubKey)
  log(`shopper ${shopper.email} (${shopper.customerId})`)
  const codes = new CodeSource(base, pubKey, shopper)
  await codes.refresh()

  const serverPid = opts.serverPid ?? lib.listeningPid(base)
  if (serverPid && !fs.existsSync(`/proc/${serverPid}/stat`)) throw new Fix(`--server-pid ${serverPid}: no such process on this machine`)
  log(serverPid ? `server process ${serverPid}: its CPU time is measured per phase` : "server process not found on this machine: server CPU not measured (give --server-pid)")
  const db = opts.databaseUrl ? new DbStats(opts.databaseUrl) : undefined
  if (db) {
    await db.open()
    log(`database ${db.database}: transactions counted per phase (each phase is followed by an ${DB_STATS_DELAY_MS / 1000} s pause)`)
  }
  const measure = { serverPid, db }

  const secret = lib.inboundSecret()
  const targets = makeTargets(base, secret, storeId, codes, shopper.customerId)

  // One scan by hand first: a wrong secret, store or clock shows here with the server's own words.
  const probe = await call(base, "POST", IDENTITY_PATH, {
    headers: { "x-jwo-connector-secret": secret },
    json: scanBody(storeId, codes),
  })
  if (probe.status === 401 && probe.body && probe.body.errorMsg === "Unauthorized") {
    throw new Fix(
      `the identity route refused the inbound secret (${describeAnswer(probe)}). Set JWO_BENCH_SECRET (or JWO_INBOUND_SECRETS) to one of the app's JWO_INBOUND_SECRETS.`
    )
  }
  if (probe.status === 400 && /storeId/.test(JSON.stringify(probe.body))) {
    throw new Fix(`the app does not know store ${storeId} (${describeAnswer(probe)}). Set JWO_BENCH_STORE_ID to a JWO store of the app.`)
  }
  if (probe.status !== 200 || !probe.body || !probe.body.visitorDetails) {
    throw new Fix(`a first gate scan was not accepted: ${describeAnswer(probe)}`)
  }
  log(`first scan accepted: ${JSON.stringify(probe.body)}`)

  const meta = {
    tool: "scripts/bench-identity.js",
    url: base,
    store_id: storeId,
    started_at: new Date().toISOString(),
    levels: opts.levels,
    duration_s: opts.requests === undefined ? opts.duration : null,
    requests_per_phase: opts.requests ?? null,
    warmup_s: opts.warmup,
    node: process.version,
    undici: require("undici/package.json").version,
    machine: lib.machine(),
    server_pid: serverPid ?? null,
    database: db ? db.database : null,
    shopper: { email: shopper.email, customer_id: shopper.customerId },
  }

  if (opts.warmup > 0) {
    const warmConcurrency = Math.min(10, maxConcurrency)
    log(`warming up: ${opts.warmup} s per route at ${warmConcurrency} concurrent`)
    const wh = await runPhase(targets.health, { concurrency: warmConcurrency, durationS: opts.warmup })
    await codes.refresh()
    const wi = await runPhase(targets.identity, { concurrency: warmConcurrency, durationS: opts.warmup })
    log(`warm-up: health ${wh.requests} requests (${wh.errors} errors), identity ${wi.requests} requests (${wi.errors} errors)`)
    if (wi.errors) log(`warm-up identity errors: ${JSON.stringify(wi.error_samples.slice(0, 3))}`)
  }

  const results = []
  const ratios = {}
  for (const concurrency of opts.levels) {
    const phase = { concurrency, durationS: opts.requests === undefined ? opts.duration : undefined, requests: opts.requests }
    const health = await measuredPhase(targets.health, phase, measure)
    results.push({ concurrency, route: "health", ...health })
    log(`c=${concurrency} health: ${health.requests} req, ${health.errors} errors, ${health.throughput_rps} req/s, p99 ${fmt(health.latency_ms.p99)} ms`)

    await codes.refresh()
    codes.startTimer()
    let identity
    try {
      identity = await measuredPhase(targets.identity, phase, measure)
    } finally {
      codes.stopTimer()
    }
    identity.server.xacts_per_request_net = netXactsPerRequest(identity, health)
    results.push({ concurrency, route: "identity", ...identity })
    ratios[concurrency] = health.latency_ms.p99 ? round(identity.latency_ms.p99 / health.latency_ms.p99, 2) : null
    log(
      `c=${concurrency} identity: ${identity.requests} req, ${identity.errors} errors, ${identity.throughput_rps} req/s, p99 ${fmt(identity.latency_ms.p99)} ms`
    )
    const work = []
    if (identity.server.cpu_ms_per_request != null) {
      work.push(`server CPU ${fmt(identity.server.cpu_ms_per_request, 2)} ms per scan (health ${fmt(health.server.cpu_ms_per_request, 2)} ms per request)`)
    }
    if (identity.server.xacts_per_request_net != null) work.push(`${fmt(identity.server.xacts_per_request_net, 2)} database transactions per scan`)
    if (identity.server.db_cpu_ms_per_request != null) work.push(`PostgreSQL CPU ${fmt(identity.server.db_cpu_ms_per_request, 2)} ms per scan`)
    if (work.length) log(`c=${concurrency} work: ${work.join("; ")}`)
    for (const e of identity.error_samples.slice(0, 5)) log(`  identity error x${e.count}: ${e.message}`)
    for (const e of health.error_samples.slice(0, 5)) log(`  health error x${e.count}: ${e.message}`)
  }
  meta.finished_at = new Date().toISOString()
  meta.machine.loadavg_after = lib.loadavg()
  meta.code_refreshes = codes.refreshes

  lib.printLatencyTable(results, "identity", ratios)
  if (serverPid || db) {
    lib.printTable(
      ["conc", "route", "server cpu ms/req", "server cpu % of a core", "db xacts/req (net)", "db cpu ms/req"],
      results.map((r) => [
        String(r.concurrency),
        r.route,
        fmt(r.server.cpu_ms_per_request, 2),
        r.server.cpu_pct == null ? "-" : `${r.server.cpu_pct}%`,
        r.route === "identity" ? fmt(r.server.xacts_per_request_net, 2) : "",
        r.route === "identity" ? fmt(r.server.db_cpu_ms_per_request, 2) : "",
      ]),
      2
    )
  }

  // Issue 16's targets, as ratios to Medusa's GET /health on the same server in the same run, at 50 concurrent.
  const atTarget = results.find((r) => r.route === "identity" && r.concurrency === TARGET_CONCURRENCY)
  const healthAtTarget = results.find((r) => r.route === "health" && r.concurrency === TARGET_CONCURRENCY)
  let target
  if (atTarget && healthAtTarget) {
    const throughputRatio = round(atTarget.throughput_rps / healthAtTarget.throughput_rps, 3)
    const p99Ratio = round(atTarget.latency_ms.p99 / healthAtTarget.latency_ms.p99, 2)
    const cpuRatio =
      atTarget.server.cpu_ms_per_request && healthAtTarget.server.cpu_ms_per_request
        ? round(atTarget.server.cpu_ms_per_request / healthAtTarget.server.cpu_ms_per_request, 2)
        : null
    const met = atTarget.errors === 0 && throughputRatio >= TARGET_THROUGHPUT_RATIO && p99Ratio <= TARGET_P99_RATIO
    target = {
      concurrency: TARGET_CONCURRENCY,
      throughput_ratio_min: TARGET_THROUGHPUT_RATIO,
      p99_ratio_max: TARGET_P99_RATIO,
      measured_throughput_ratio: throughputRatio,
      measured_p99_ratio: p99Ratio,
      measured_p99_ms: atTarget.latency_ms.p99,
      server_cpu_ms_per_scan: atTarget.server.cpu_ms_per_request ?? null,
      server_cpu_ratio_to_health: cpuRatio,
      db_xacts_per_scan: atTarget.server.xacts_per_request_net ?? null,
      db_cpu_ms_per_scan: atTarget.server.db_cpu_ms_per_request ?? null,
      gate_budget_ms: GATE_BUDGET_MS,
      met,
    }
    console.log(
      `Target at ${TARGET_CONCURRENCY} concurrent: identity throughput >= ${TARGET_THROUGHPUT_RATIO * 100} % of /health's ` +
        `(measured ${fmt(throughputRatio * 100)} %) and identity p99 <= ${TARGET_P99_RATIO}x /health's p99 (measured ${fmt(p99Ratio)}x)` +
        `${atTarget.errors ? ` with ${atTarget.errors} errors` : ""} -> ${met ? "MET" : "MISSED"}; ` +
        `identity p99 ${fmt(atTarget.latency_ms.p99)} ms against the gate's ${GATE_BUDGET_MS / 1000} s budget`
    )
  } else {
    target = { concurrency: TARGET_CONCURRENCY, throughput_ratio_min: TARGET_THROUGHPUT_RATIO, p99_ratio_max: TARGET_P99_RATIO, met: null }
    console.log(`Target: not measured (level ${TARGET_CONCURRENCY} not in --levels)`)
  }
  console.log(`Machine: ${meta.machine.cpus} x ${meta.machine.cpu_model}, load average before ${meta.machine.loadavg_before.join(" ")}, after ${meta.machine.loadavg_after.join(" ")}; the load generator runs on the same machine (see client cpu).`)

  const report = { meta, results, ratio_identity_p99_over_health_p99: ratios, target }
  lib.writeReport(opts.out, report, log)
  await lib.closeDispatcher()
  if (db) await db.close()
  const failed = results.reduce((n, r) => n + r.errors, 0)
  if (failed) {
    log(`${failed} request(s) failed; see error_samples in ${opts.out}`)
    process.exitCode = 3
  }
}

main().catch(async (error) => {
  if (error instanceof Fix) console.error(`[bench-identity] ${error.message}`)
  else console.error("[bench-identity] unexpected failure:", error)
  await lib.closeDispatcher(true)
  process.exit(1)
})
