#!/usr/bin/env node
/**
 * Load benchmark of the Identity Connector (`POST /jwo/v1/identity/identity-keys`) against a running app, with
 * Medusa's own `GET /health` on the same server as the baseline.
 *
 *   node scripts/bench-identity.js [--levels 1,10,50] [--duration 10 | --requests N] [--warmup 3]
 *                                  [--out /tmp/bench-identity.json] [--url http://localhost:9000]
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
 * p99. Target: identity p99 < 50 ms at 50 concurrent scans (Amazon's gate budget is 2 s).
 *
 * Environment:
 *   JWO_BENCH_URL               the app (default http://localhost:9000; --url overrides)
 *   JWO_DEMO_ADMIN_EMAIL        admin login used to list publishable keys (default admin@jwo.demo)
 *   JWO_DEMO_ADMIN_PASSWORD     (default supersecret)
 *   JWO_BENCH_PUBLISHABLE_KEY   use this publishable key instead of asking the admin API
 *   JWO_BENCH_SECRET            the inbound secret to send (default: first of JWO_INBOUND_SECRETS, else the demo's)
 *   JWO_BENCH_STORE_ID          Amazon store id (default DEMO-STORE-1)
 *
 * Exit status: 0 done, 1 setup failed (message says what to fix), 3 done but some requests failed.
 */
const fs = require("node:fs")
const os = require("node:os")
const path = require("node:path")
const { randomUUID } = require("node:crypto")
const { Agent, request } = require("undici")

const root = path.resolve(__dirname, "..")
const TARGET_P99_MS = 50
const TARGET_CONCURRENCY = 50
const GATE_BUDGET_MS = 2000
const CODE_REFRESH_MS = 20000
const REQUEST_TIMEOUT_MS = 10000
const IDENTITY_PATH = "/jwo/v1/identity/identity-keys"

/** A failure whose message says what to fix; printed without a stack. */
class Fix extends Error {}

function log(message) {
  console.log(`[bench-identity] ${message}`)
}

/* ------------------------------------------------------------------ */
/* Arguments                                                           */
/* ------------------------------------------------------------------ */

function parseArgs(argv) {
  const opts = {
    levels: [1, 10, 50],
    duration: 10,
    requests: undefined,
    warmup: 3,
    out: "/tmp/bench-identity.json",
    url: process.env.JWO_BENCH_URL || "http://localhost:9000",
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    const [flag, inline] = arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined]
    const value = () => {
      const v = inline !== undefined ? inline : argv[++i]
      if (v === undefined || v === "") throw new Fix(`${flag} needs a value`)
      return v
    }
    const positive = (v, name, integer) => {
      const n = Number(v)
      if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
        throw new Fix(`${name} must be a positive ${integer ? "integer" : "number"}, got "${v}"`)
      }
      return n
    }
    switch (flag) {
      case "--help":
      case "-h":
        console.log(fs.readFileSync(__filename, "utf8").match(/\/\*\*([\s\S]*?)\*\//)[1].replace(/^ \* ?/gm, ""))
        process.exit(0)
        break
      case "--levels":
        opts.levels = value()
          .split(",")
          .filter(Boolean)
          .map((v) => positive(v.trim(), "--levels entries", true))
        if (!opts.levels.length) throw new Fix("--levels needs at least one concurrency, e.g. --levels 1,10,50")
        break
      case "--duration":
        opts.duration = positive(value(), "--duration", false)
        break
      case "--requests":
        opts.requests = positive(value(), "--requests", true)
        break
      case "--warmup":
        opts.warmup = Number(value())
        if (!Number.isFinite(opts.warmup) || opts.warmup < 0) throw new Fix("--warmup must be seconds >= 0")
        break
      case "--out":
        opts.out = value()
        break
      case "--url":
        opts.url = value()
        break
      default:
        throw new Fix(`unknown argument ${arg}; see --help`)
    }
  }
  opts.url = opts.url.replace(/\/+$/, "")
  try {
    new URL(opts.url)
  } catch {
    throw new Fix(`JWO_BENCH_URL/--url "${opts.url}" is not a URL, e.g. http://localhost:9000`)
  }
  return opts
}

function inboundSecret() {
  if (process.env.JWO_BENCH_SECRET) return process.env.JWO_BENCH_SECRET
  if (process.env.JWO_INBOUND_SECRETS) return process.env.JWO_INBOUND_SECRETS.split(",")[0].trim()
  const defaults = JSON.parse(fs.readFileSync(path.join(root, "demo", "defaults.json"), "utf8"))
  return defaults.JWO_INBOUND_SECRETS.split(",")[0].trim()
}

/* ------------------------------------------------------------------ */
/* HTTP                                                                */
/* ------------------------------------------------------------------ */

let dispatcher

/** One JSON call for the setup; returns { status, body } (body parsed when JSON, else text). */
async function call(base, method, pathname, { headers = {}, json } = {}) {
  let response
  try {
    response = await request(base + pathname, {
      method,
      dispatcher,
      headers: json === undefined ? headers : { "content-type": "application/json", ...headers },
      body: json === undefined ? undefined : JSON.stringify(json),
      headersTimeout: REQUEST_TIMEOUT_MS,
      bodyTimeout: REQUEST_TIMEOUT_MS,
    })
  } catch (error) {
    throw new Fix(
      `no answer from ${base} (${method} ${pathname}: ${error.code || error.message}). Is the app running? start it with npm run demo` +
        " (or set JWO_BENCH_URL to where it runs)."
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

/** The gate's timestamp format: YYYY-MM-DDThh:mm:ssZ. */
function gateTimestamp(date = new Date()) {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z")
}

/* ------------------------------------------------------------------ */
/* Setup: publishable key, shopper, Scan Key Code                      */
/* ------------------------------------------------------------------ */

async function checkApp(base) {
  const health = await call(base, "GET", "/health")
  if (health.status !== 200) {
    throw new Fix(`${base}/health answers ${describeAnswer(health)}: the app is not ready; start it with npm run demo and wait for "ready".`)
  }
}

async function publishableKey(base) {
  if (process.env.JWO_BENCH_PUBLISHABLE_KEY) return process.env.JWO_BENCH_PUBLISHABLE_KEY
  const email = process.env.JWO_DEMO_ADMIN_EMAIL || "admin@jwo.demo"
  const password = process.env.JWO_DEMO_ADMIN_PASSWORD || "supersecret"
  const login = await call(base, "POST", "/auth/user/emailpass", { json: { email, password } })
  if (login.status !== 200 || !login.body || !login.body.token) {
    throw new Fix(
      `admin login as ${email} failed (${describeAnswer(login)}). Set JWO_DEMO_ADMIN_EMAIL and JWO_DEMO_ADMIN_PASSWORD to the ` +
        "admin the app was started with (npm run demo creates admin@jwo.demo / supersecret), or set JWO_BENCH_PUBLISHABLE_KEY."
    )
  }
  const keys = await call(base, "GET", "/admin/api-keys?type=publishable&limit=100", {
    headers: { authorization: `Bearer ${login.body.token}` },
  })
  if (keys.status !== 200) throw new Fix(`listing publishable keys failed: ${describeAnswer(keys)}`)
  const usable = (keys.body.api_keys || []).filter((k) => k.type === "publishable" && !k.revoked_at && !k.deleted_at)
  const key = usable.find((k) => k.title === "Demo Just Walk Out Store") || usable[0]
  if (!key) throw new Fix("the app has no publishable API key: create one in the admin (Settings > Publishable API keys) or set JWO_BENCH_PUBLISHABLE_KEY.")
  return key.token
}

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

/** Issues Scan Key Codes for the shopper, reusing one recognition record (its token is sent on every refresh). */
class CodeSource {
  constructor(base, pubKey, shopper) {
    this.base = base
    this.pubKey = pubKey
    this.shopper = shopper
    this.recognitionToken = undefined
    this.identityKey = undefined
    this.issuedAt = 0
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
    this.issuedAt = Date.now()
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

/* ------------------------------------------------------------------ */
/* Load                                                                */
/* ------------------------------------------------------------------ */

function makeTargets(base, secret, storeId, codes, customerId) {
  const identityUrl = base + IDENTITY_PATH
  const identityHeaders = { "content-type": "application/json", "x-jwo-connector-secret": secret }
  return {
    health: async () => {
      const { statusCode, body } = await request(`${base}/health`, {
        dispatcher,
        headersTimeout: REQUEST_TIMEOUT_MS,
        bodyTimeout: REQUEST_TIMEOUT_MS,
      })
      const text = await body.text()
      if (statusCode !== 200) return `HTTP ${statusCode} ${text.slice(0, 120)}`
      return undefined
    },
    identity: async () => {
      const payload = JSON.stringify({
        requestId: randomUUID(),
        identityKey: codes.identityKey,
        storeId,
        authEvent: { id: randomUUID(), timestamp: gateTimestamp(), location: "ENTRY" },
        keyChannel: "OPTICAL",
      })
      const { statusCode, body } = await request(identityUrl, {
        method: "POST",
        dispatcher,
        headers: identityHeaders,
        body: payload,
        headersTimeout: REQUEST_TIMEOUT_MS,
        bodyTimeout: REQUEST_TIMEOUT_MS,
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

/**
 * Closed-loop load: `concurrency` workers, each sending its next request when the previous one answered, until the
 * deadline (duration mode) or until `requests` were sent in all (requests mode). Latency is measured per request
 * from just before sending to the end of the body.
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
      try {
        problem = await target()
      } catch (error) {
        problem = `${error.code || error.name}: ${error.message}`
      }
      latencies.push(Number(process.hrtime.bigint() - start) / 1e6)
      if (problem) {
        errors++
        const kind = problem.slice(0, 160)
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

function percentile(sorted, p) {
  if (!sorted.length) return null
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]
}

function summarize(latencies) {
  const sorted = Float64Array.from(latencies).sort()
  const sum = latencies.reduce((a, b) => a + b, 0)
  return {
    min: round(sorted[0], 2),
    mean: latencies.length ? round(sum / latencies.length, 2) : null,
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

/* ------------------------------------------------------------------ */
/* Output                                                              */
/* ------------------------------------------------------------------ */

function printTable(results, ratios) {
  const header = ["conc", "route", "requests", "errors", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "client cpu", "p99 id/health"]
  const rows = results.map((r) => [
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
    r.route === "identity" ? (ratios[r.concurrency] === null ? "-" : `${ratios[r.concurrency].toFixed(1)}x`) : "",
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)))
  const line = (cells) => cells.map((c, i) => (i === 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ")
  console.log("")
  console.log(line(header))
  console.log(widths.map((w) => "-".repeat(w)).join("  "))
  for (const row of rows) console.log(line(row))
  console.log("")
}

function fmt(value) {
  return value === null ? "-" : value.toFixed(1)
}

/* ------------------------------------------------------------------ */
/* Main                                                                */
/* ------------------------------------------------------------------ */

async function main() {
  const opts = parseArgs(process.argv.slice(2))
  const base = opts.url
  const storeId = process.env.JWO_BENCH_STORE_ID || "DEMO-STORE-1"
  const maxConcurrency = Math.max(...opts.levels)
  dispatcher = new Agent({ connections: maxConcurrency + 8, pipelining: 1, keepAliveTimeout: 4000 })
  const mode = opts.requests !== undefined ? `${opts.requests} requests` : `${opts.duration} s`

  log(`target ${base}; levels ${opts.levels.join(", ")}; ${mode} per level and route; warm-up ${opts.warmup} s`)
  log(`target: identity p99 < ${TARGET_P99_MS} ms at ${TARGET_CONCURRENCY} concurrent scans (Amazon's gate budget is ${GATE_BUDGET_MS / 1000} s)`)
  await checkApp(base)
  const pubKey = await publishableKey(base)
  const shopper = await createShopper(base, pubKey)
  log(`shopper ${shopper.email} (${shopper.customerId})`)
  const codes = new CodeSource(base, pubKey, shopper)
  await codes.refresh()

  const secret = inboundSecret()
  const targets = makeTargets(base, secret, storeId, codes, shopper.customerId)

  // One scan by hand first: a wrong secret, store or clock shows here with the server's own words.
  const probe = await call(base, "POST", IDENTITY_PATH, {
    headers: { "x-jwo-connector-secret": secret },
    json: {
      requestId: randomUUID(),
      identityKey: codes.identityKey,
      storeId,
      authEvent: { id: randomUUID(), timestamp: gateTimestamp(), location: "ENTRY" },
      keyChannel: "OPTICAL",
    },
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
    machine: {
      hostname: os.hostname(),
      platform: `${os.type()} ${os.release()} ${os.arch()}`,
      cpus: os.cpus().length,
      cpu_model: (os.cpus()[0] || {}).model,
      memory_gb: round(os.totalmem() / 2 ** 30, 1),
      loadavg_before: os.loadavg().map((v) => round(v, 2)),
    },
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
    const health = await runPhase(targets.health, phase)
    results.push({ concurrency, route: "health", ...health })
    log(`c=${concurrency} health: ${health.requests} req, ${health.errors} errors, ${health.throughput_rps} req/s, p99 ${fmt(health.latency_ms.p99)} ms`)

    await codes.refresh()
    codes.startTimer()
    let identity
    try {
      identity = await runPhase(targets.identity, phase)
    } finally {
      codes.stopTimer()
    }
    results.push({ concurrency, route: "identity", ...identity })
    ratios[concurrency] = health.latency_ms.p99 ? round(identity.latency_ms.p99 / health.latency_ms.p99, 2) : null
    log(
      `c=${concurrency} identity: ${identity.requests} req, ${identity.errors} errors, ${identity.throughput_rps} req/s, p99 ${fmt(identity.latency_ms.p99)} ms`
    )
    for (const e of identity.error_samples.slice(0, 5)) log(`  identity error x${e.count}: ${e.message}`)
    for (const e of health.error_samples.slice(0, 5)) log(`  health error x${e.count}: ${e.message}`)
  }
  meta.finished_at = new Date().toISOString()
  meta.machine.loadavg_after = os.loadavg().map((v) => round(v, 2))
  meta.code_refreshes = codes.refreshes

  printTable(results, ratios)

  const atTarget = results.find((r) => r.route === "identity" && r.concurrency === TARGET_CONCURRENCY)
  let target
  if (atTarget) {
    const met = atTarget.errors === 0 && atTarget.latency_ms.p99 < TARGET_P99_MS
    target = { p99_ms: TARGET_P99_MS, concurrency: TARGET_CONCURRENCY, gate_budget_ms: GATE_BUDGET_MS, measured_p99_ms: atTarget.latency_ms.p99, met }
    console.log(
      `Target: identity p99 < ${TARGET_P99_MS} ms at ${TARGET_CONCURRENCY} concurrent (the gate's budget is ${GATE_BUDGET_MS / 1000} s): ` +
        `measured p99 ${fmt(atTarget.latency_ms.p99)} ms${atTarget.errors ? ` with ${atTarget.errors} errors` : ""} -> ${met ? "MET" : "MISSED"}` +
        `${!met && atTarget.latency_ms.p99 < GATE_BUDGET_MS ? ` (within the gate's ${GATE_BUDGET_MS / 1000} s budget)` : ""}`
    )
  } else {
    target = { p99_ms: TARGET_P99_MS, concurrency: TARGET_CONCURRENCY, gate_budget_ms: GATE_BUDGET_MS, measured_p99_ms: null, met: null }
    console.log(
      `Target: identity p99 < ${TARGET_P99_MS} ms at ${TARGET_CONCURRENCY} concurrent (the gate's budget is ${GATE_BUDGET_MS / 1000} s): ` +
        `not measured (level ${TARGET_CONCURRENCY} not in --levels)`
    )
  }
  console.log(`Machine: ${meta.machine.cpus} x ${meta.machine.cpu_model}, load average before ${meta.machine.loadavg_before.join(" ")}, after ${meta.machine.loadavg_after.join(" ")}; the load generator runs on the same machine (see client cpu).`)

  const report = { meta, results, ratio_identity_p99_over_health_p99: ratios, target }
  fs.mkdirSync(path.dirname(path.resolve(opts.out)), { recursive: true })
  fs.writeFileSync(opts.out, `${JSON.stringify(report, null, 2)}\n`)
  log(`JSON written to ${opts.out}`)

  await dispatcher.close()
  const failed = results.reduce((n, r) => n + r.errors, 0)
  if (failed) {
    log(`${failed} request(s) failed; see error_samples in ${opts.out}`)
    process.exitCode = 3
  }
}

main().catch(async (error) => {
  if (error instanceof Fix) console.error(`[bench-identity] ${error.message}`)
  else console.error("[bench-identity] unexpected failure:", error)
  if (dispatcher) await dispatcher.destroy().catch(() => {})
  process.exit(1)
})
