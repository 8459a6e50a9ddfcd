/**
 * What the demo (scripts/demo.js) and its production profile (scripts/demo-production.js) share: the settings they
 * print, the demo database, the sandbox's health, waiting for the app, and what to try next.
 */
const fs = require("node:fs")
const path = require("node:path")
const { pgClient } = require("./processes")

const root = path.resolve(__dirname, "..", "..")
const DEFAULT_DATABASE = "medusa_jwo_demo"
const DEMO_STORE_ID = "DEMO-STORE-1"
const DEMO_STORE_NAME = "Demo Just Walk Out Store"
const startedAt = Date.now()

/** A failure whose message says what to fix; printed without a stack (one class for every script). */
const { Fix } = require("../bench-lib")

function log(message) {
  console.log(`[jwo-demo] ${message}`)
}


/** The plugin options' demo defaults: demo/defaults.json is the one list (demo/plugin-options.ts reads it too). */
function readDemoDefaults() {
  return JSON.parse(fs.readFileSync(path.join(root, "demo", "defaults.json"), "utf8"))
}

/** Variables whose value is not printed when the user set it (printing the demo defaults is fine and wanted). */
const SECRET_VARS = new Set([
  "JWO_DEMO_ADMIN_PASSWORD",
  "JWO_INBOUND_SECRETS",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "JWO_SCAN_KEY_SECRETS",
  "JWT_SECRET",
  "COOKIE_SECRET",
  "JWO_PLUGIN_OPTIONS",
])

/** A URL with its password hidden. */
function redactUrl(value) {
  try {
    const url = new URL(value)
    if (url.password) url.password = "****"
    return url.toString()
  } catch {
    return "(set)"
  }
}

function printSettings(settings) {
  const width = Math.max(...settings.map((s) => s.name.length)) + 2
  log('settings (environment variables; "default" = not set, the demo\'s value is used):')
  for (const { name, value, note } of settings) {
    console.log(`  ${name.padEnd(width)}${value}${note ? `  ${note}` : ""}`)
  }
}


/** One line per variable: the user's value (or "(set)" for a secret), else the default. */
function describe(name, fallback, note) {
  const own = process.env[name]
  if (own !== undefined && own !== "") {
    return { name, value: SECRET_VARS.has(name) ? "(set)" : own, note }
  }
  return { name, value: fallback === undefined ? "(not set)" : `${fallback} (default)`, note }
}

/* ------------------------------------------------------------------ */
/* PostgreSQL                                                          */
/* ------------------------------------------------------------------ */

function explainPgError(error, where) {
  const code = error && error.code
  if (code === "28P01" || code === "28000") {
    return new Fix(
      `PostgreSQL at ${where} refused the login (${error.message}). Set DATABASE_URL=postgres://USER:PASSWORD@HOST:PORT/${DEFAULT_DATABASE} with a user that can log in.`
    )
  }
  if (code === "42501") {
    return new Fix(
      `the PostgreSQL user may not create databases (${error.message}). Create the database yourself (createdb ${DEFAULT_DATABASE}) or give the user CREATEDB, or set DATABASE_URL to a database it owns.`
    )
  }
  return new Fix(`PostgreSQL at ${where}: ${error.message}. Check that server, or set DATABASE_URL to another one.`)
}

/** Connects to the server's maintenance database and creates `database` if it does not exist (or drops it first). */
async function prepareDatabase(databaseUrl, { reset }) {
  const url = new URL(databaseUrl)
  const database = decodeURIComponent(url.pathname.replace(/^\//, ""))
  if (!database) throw new Fix(`DATABASE_URL names no database: add one, e.g. .../${DEFAULT_DATABASE}`)
  const where = `${url.hostname}:${url.port || 5432}`
  const maintenance = new URL(url.toString())
  maintenance.pathname = "/postgres"
  const client = pgClient(maintenance.toString())
  try {
    await client.connect()
  } catch (error) {
    throw explainPgError(error, where)
  }
  const quoted = `"${database.replace(/"/g, '""')}"`
  try {
    if (reset) {
      if (!/demo/i.test(database)) {
        throw new Fix(`--reset drops the database, and "${database}" does not look like a demo database: drop it yourself if you mean it.`)
      }
      log(`--reset: dropping the database ${database}`)
      await client.query(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`)
    }
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database])
    if (rowCount === 0) {
      log(`creating the database ${database}`)
      await client.query(`CREATE DATABASE ${quoted}`)
    } else {
      log(`database ${database} exists`)
    }
  } catch (error) {
    throw error instanceof Fix ? error : explainPgError(error, where)
  } finally {
    await client.end().catch(() => {})
  }
  return database
}

/** Runs one read-only query on the demo database; undefined if it fails (e.g. a table that is not there yet). */
async function queryDemo(databaseUrl, sql, params) {
  const client = pgClient(databaseUrl)
  try {
    await client.connect()
    return (await client.query(sql, params)).rows
  } catch {
    return undefined
  } finally {
    await client.end().catch(() => {})
  }
}


/** True when `value` is the local sandbox's API: http on localhost/127.0.0.1/[::1], the sandbox port, path /v1. */
function isLocalSandboxEndpoint(value, port) {
  try {
    const url = new URL(value)
    return (
      url.protocol === "http:" &&
      ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname) &&
      Number(url.port || 80) === port &&
      url.pathname.replace(/\/+$/, "") === "/v1"
    )
  } catch {
    return false
  }
}


async function sandboxAnswers(port) {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/_sandbox/health`, { signal: AbortSignal.timeout(2000) })
    const body = await response.json()
    return response.ok && body && body.ok === true
  } catch {
    return false
  }
}


/** Polls /health until it answers 200 (true) or `gaveUp()` (false). */
async function waitForHealth(origin, gaveUp) {
  let nextNote = Date.now() + 120000
  while (!gaveUp()) {
    try {
      const response = await fetch(`${origin}/health`, { signal: AbortSignal.timeout(2000) })
      if (response.ok) return true
    } catch {}
    if (Date.now() > nextNote) {
      log(`still waiting for ${origin}/health (${seconds()})...`)
      nextNote = Date.now() + 120000
    }
    await new Promise((resolve) => setTimeout(resolve, 1000))
  }
  return false
}

/**
 * The demo scripts' environment for a command printed to run in another terminal: every port and address the demo
 * was given that the script would otherwise assume (its defaults are PORT 9000 and JWO_SANDBOX_PORT 4010).
 */
function journeyEnvironment({ origin, sandboxUrl, adminEmail }) {
  const vars = []
  if (origin !== "http://localhost:9000") vars.push(`JWO_DEMO_URL=${origin}`)
  if (sandboxUrl && sandboxUrl !== "http://localhost:4010") {
    const port = new URL(sandboxUrl).port
    vars.push(new URL(sandboxUrl).hostname === "localhost" ? `JWO_SANDBOX_PORT=${port}` : `JWO_SANDBOX_URL=${sandboxUrl}`)
  }
  if (adminEmail && adminEmail !== "admin@jwo.demo") vars.push(`JWO_DEMO_ADMIN_EMAIL=${adminEmail}`)
  if (process.env.JWO_DEMO_ADMIN_PASSWORD) vars.push("JWO_DEMO_ADMIN_PASSWORD=<your JWO_DEMO_ADMIN_PASSWORD>")
  return vars.length ? `${vars.join(" ")} ` : ""
}

/**
 * What to try next, once the app answers: the admin, a whole shopping trip (the printed command carries every port
 * the demo was given), the admin and connector APIs. `instances` (the production profile) adds a table of the
 * processes; `stopHint` says what Ctrl-C stops.
 */
function printNextSteps({ origin, adminEmail, adminPassword, inboundSecret, publishableKey, sandboxUrl, timing, instances, stopHint = "stops the sandbox too" }) {
  const login = JSON.stringify({ email: adminEmail, password: adminPassword })
  const journeyEnv = journeyEnvironment({ origin, sandboxUrl, adminEmail })
  const lines = [
    "",
    `[jwo-demo] ready: ${origin}/health answers (${timing}).`,
    "",
  ]
  if (instances && instances.length) {
    const width = (key) => Math.max(...instances.map((i) => String(i[key]).length), key.length)
    const row = (i) => `  ${String(i.name).padEnd(width("name"))}  ${String(i.role).padEnd(width("role"))}  ${String(i.port).padEnd(width("port"))}  ${i.log}`
    lines.push(row({ name: "name", role: "role", port: "port", log: "log file" }), ...instances.map(row), "")
  }
  lines.push(`  Admin dashboard   ${origin}/app    log in as ${adminEmail} / ${adminPassword}`)
  if (sandboxUrl) {
    lines.push(
      `  Amazon sandbox    ${sandboxUrl}/v1 (Checkout, Catalog)   control API ${sandboxUrl}/_sandbox/ (calls, trips, faults)`,
      "",
      "  A whole shopping trip, in another terminal: a demo shopper gets a Scan Key Code, walks through the gate, takes a",
      "  few items (one weighed) and leaves; the trip becomes a Medusa order and the sandbox charges it:",
      `    ${journeyEnv}node scripts/demo-journey.js`
    )
  } else {
    lines.push("  Amazon sandbox    not running: the plugin calls the Amazon endpoints you set (node scripts/demo-journey.js needs the sandbox)")
  }
  lines.push(
    "",
    "  The JWO stores and trips through the admin API (log in, then list):",
    `    TOKEN=$(curl -s -X POST ${origin}/auth/user/emailpass -H 'content-type: application/json' \\`,
    `      -d '${login}' | node -pe 'JSON.parse(require("fs").readFileSync(0, "utf8")).token')`,
    `    curl -s ${origin}/admin/jwo/stores -H "authorization: Bearer $TOKEN"`,
    `    curl -s ${origin}/admin/jwo/trips -H "authorization: Bearer $TOKEN"`,
    "",
    "  Amazon's side (/jwo/v1, authenticated by the plugin's inbound secret), e.g. the gate with a code that is not valid:",
    `    curl -s -i -X POST ${origin}/jwo/v1/identity/identity-keys -H 'content-type: application/json' \\`,
    `      -H 'x-jwo-connector-secret: ${inboundSecret}' \\`,
    `      -d '{"requestId":"6f0c2a52-3c1e-4a57-9d2b-1b7b3c9e0a11","identityKey":"Tk9UQUNPREU=","storeId":"DEMO-STORE-1","authEvent":{"id":"7d7d6d3e-6f0e-4b8a-9a55-3f1c2b7e8a01","timestamp":"2025-01-01T00:00:00Z","location":"ENTRY"}}'`,
    `    → HTTP 401 {"errorMsg":"Entry refused: WRONG_PREFIX","reason":"WRONG_PREFIX"}   (without the header: 401 {"errorMsg":"Unauthorized"})`
  )
  if (publishableKey) {
    lines.push(
      "",
      "  The catalog through the store API (publishable key of the demo sales channel):",
      `    curl -s '${origin}/store/products?limit=3&fields=title,variants.sku,variants.barcode' -H 'x-publishable-api-key: ${publishableKey}'`
    )
  }
  lines.push("", `  Stop with Ctrl-C (${stopHint}).`, "")
  console.log(lines.join("\n"))
}

function seconds(since = startedAt) {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`
}

module.exports = {
  DEFAULT_DATABASE,
  DEMO_STORE_ID,
  DEMO_STORE_NAME,
  Fix,
  SECRET_VARS,
  describe,
  explainPgError,
  isLocalSandboxEndpoint,
  journeyEnvironment,
  log,
  prepareDatabase,
  printNextSteps,
  printSettings,
  queryDemo,
  readDemoDefaults,
  redactUrl,
  sandboxAnswers,
  seconds,
  waitForHealth,
}
