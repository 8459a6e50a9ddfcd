#!/usr/bin/env node
/**
 * The demo: `npm run demo`. Runs this repository as a Medusa app with demo data, on a bare machine as well:
 *
 *   1. PostgreSQL: DATABASE_URL if set, else localhost:5432 if it answers, else an embedded PostgreSQL (data in
 *      .demo-data/pg); creates the database (medusa_jwo_demo) if missing. Redis: REDIS_URL or localhost:6379 if it
 *      answers; without one the plugin's queues run in-process (demo only).
 *   2. Prints every environment variable the demo reads, with its value or default.
 *   3. The Amazon sandbox (src/sandbox, run with ts-node) on localhost:JWO_SANDBOX_PORT (default 4010), its lines
 *      prefixed [jwo-sandbox]: the plugin's Checkout and Catalog endpoints point at it by default, with the same AWS
 *      credentials on both sides. Not started when JWO_CHECKOUT_ENDPOINT and JWO_CATALOG_ENDPOINT (or
 *      JWO_PLUGIN_OPTIONS) point elsewhere; reused when a sandbox already answers on that port. It also plays Amazon's
 *      catalog notifications (SNS → its SQS queue), which the plugin reads by default
 *      (JWO_CATALOG_NOTIFICATIONS_QUEUE_URL; "off" turns them off).
 *   4. `medusa db:migrate`, then the demo data (`medusa exec ./demo/seed.ts`, first run only: the JWO store
 *      DEMO-STORE-1 marks a seeded database), then the admin user (`medusa user`, first run only).
 *   5. `medusa develop` on PORT (default 9000); once /health answers, prints what to try next, such as a whole
 *      shopping trip: node scripts/demo-journey.js.
 *
 *   npm run demo                 start (seeding on the first run)
 *   npm run demo -- --reset      drop and recreate the demo database first, then start as on a first run
 *   npm run demo -- --production [--workers N] [--reset]
 *                                the production profile (scripts/demo-production.js; or JWO_DEMO_PRODUCTION=true,
 *                                JWO_DEMO_WORKERS=N): the npm package installed in a merchant's app, `medusa build`,
 *                                one server and N worker instances (default 1) from .medusa/server with
 *                                NODE_ENV=production on Medusa's Redis modules, the sandbox beside them
 *
 * Ctrl-C (SIGINT) or SIGTERM stops Medusa, the sandbox and the embedded PostgreSQL; so does killing the demo's
 * process group (each child runs under scripts/lib/guard.js, which stops it when the demo is gone).
 */
const { spawn } = require("node:child_process")
const fs = require("node:fs")
const path = require("node:path")
const { answers, ensurePostgres, findRedis } = require("./services")
const {
  DEFAULT_DATABASE,
  DEMO_STORE_ID,
  DEMO_STORE_NAME,
  Fix,
  SECRET_VARS,
  describe,
  isLocalSandboxEndpoint,
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
} = require("./lib/demo-lib")
const GUARD = path.join(__dirname, "lib", "guard.js")

const root = path.resolve(__dirname, "..")
const MEDUSA = path.join(root, "node_modules", ".bin", "medusa")

/* ------------------------------------------------------------------ */
/* Settings                                                            */
/* ------------------------------------------------------------------ */

/** What the demo adds after a setting's value: that it is the sandbox, or what catalog notifications do. */
function settingNote(name, value, sandboxPort) {
  if (/^JWO_(CHECKOUT|CATALOG)_ENDPOINT$/.test(name)) return isLocalSandboxEndpoint(value, sandboxPort) ? "(the sandbox)" : ""
  if (name === "JWO_CATALOG_NOTIFICATIONS_QUEUE_URL") {
    return value === "off"
      ? '(catalog notifications off: uploads settled by polling; set an SQS queue URL to turn them on)'
      : "(catalog notifications on: uploads settled as soon as the sandbox's SNS topic publishes; \"off\" turns them off)"
  }
  return ""
}

/* ------------------------------------------------------------------ */
/* Child processes and signals                                         */
/* ------------------------------------------------------------------ */

let current = null
let stopping = false
let embedded = null

/**
 * Runs a command in its own process group (so a signal reaches the whole tree: `medusa develop` forks the server)
 * with no stdin, under scripts/lib/guard.js: when the demo dies without stopping it (SIGKILL, or a kill of the demo's
 * process group, which does not reach a detached child), the guard stops the command's group. Resolves
 * { code, signal, output } when it exits; `capture` also keeps its output.
 */
function run(command, args, { env, capture = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [GUARD, command, ...args], {
      cwd: root,
      env,
      detached: true,
      stdio: ["pipe", capture ? "pipe" : "inherit", capture ? "pipe" : "inherit"],
    })
    current = child
    let output = ""
    if (capture) {
      child.stdout.on("data", (chunk) => {
        output += chunk
        process.stdout.write(chunk)
      })
      child.stderr.on("data", (chunk) => {
        output += chunk
        process.stderr.write(chunk)
      })
    }
    child.on("error", (error) => {
      current = null
      resolve({ code: 127, signal: null, output: String(error.message) })
    })
    child.on("exit", (code, signal) => {
      current = null
      resolve({ code, signal, output })
    })
  })
}

function signalGroup(child, signal) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return
  try {
    process.kill(-child.pid, signal)
  } catch {
    try {
      child.kill(signal)
    } catch {}
  }
}

async function stopEmbedded() {
  if (!embedded) return
  const pg = embedded
  embedded = null
  log("stopping the embedded PostgreSQL")
  try {
    await pg.stop()
  } catch (error) {
    log(`could not stop the embedded PostgreSQL cleanly: ${error.message}`)
  }
}

async function exit(code) {
  await stopSandbox()
  await stopEmbedded()
  if (stopping) log("stopped")
  process.exit(code)
}

function onSignal(signal) {
  if (stopping) {
    // Second signal: do not wait any longer.
    signalGroup(current, "SIGKILL")
    return
  }
  stopping = true
  log(`${signal}: stopping...`)
  if (!current) return void exit(130)
  // SIGTERM to the whole group whatever the signal: `medusa develop` answers SIGINT with interactive prompts.
  signalGroup(current, "SIGTERM")
  const child = current
  setTimeout(() => {
    if (child.exitCode === null && child.signalCode === null) {
      log("Medusa did not stop within 15 s: killing it")
      signalGroup(child, "SIGKILL")
    }
  }, 15000).unref()
}

/** After a step: stop here when a signal came in meanwhile. */
async function checkStopping() {
  if (stopping) await exit(130)
}

/* ------------------------------------------------------------------ */
/* The Amazon sandbox                                                  */
/* ------------------------------------------------------------------ */

const SANDBOX_PREFIX = "[jwo-sandbox]"
/** The sandbox's own banner lines that do not apply under the demo (it points the plugin at the sandbox itself). */
const SANDBOX_BANNER_SKIPPED = /^\[jwo-sandbox\] (Point the plugin at it|  JWO_CHECKOUT_ENDPOINT=|  JWO_CATALOG_ENDPOINT=|  JWO_CATALOG_NOTIFICATIONS_QUEUE_URL=|  AWS_REGION=|  AWS_ACCESS_KEY_ID=|  AWS_SECRET_ACCESS_KEY=|Stop with Ctrl-C\.)/

let sandbox = null

/**
 * What the plugin will call and with which credentials: JWO_PLUGIN_OPTIONS (JSON) when set, else the JWO_* / AWS_*
 * variables, else the demo defaults (which point at the sandbox on `sandboxPort`).
 */
function amazonSettings(defaults, sandboxPort) {
  const sandboxEndpoint = `http://localhost:${sandboxPort}/v1`
  if (process.env.JWO_PLUGIN_OPTIONS) {
    let options
    try {
      options = JSON.parse(process.env.JWO_PLUGIN_OPTIONS)
    } catch (error) {
      throw new Fix(`JWO_PLUGIN_OPTIONS is not JSON (${error.message}): fix it, or unset it to use the demo's plugin options.`)
    }
    const amazon = (options && options.amazon) || {}
    return {
      source: "JWO_PLUGIN_OPTIONS",
      checkoutEndpoint: amazon.checkoutEndpoint,
      catalogEndpoint: amazon.catalogEndpoint,
      accessKeyId: amazon.accessKeyId,
      secretAccessKey: amazon.secretAccessKey,
      sandboxEndpoint,
    }
  }
  const own = (name) => (process.env[name] ? process.env[name] : undefined)
  return {
    source: "env",
    // Unset endpoints follow JWO_SANDBOX_PORT (defaults.json has the default port's URL).
    checkoutEndpoint: own("JWO_CHECKOUT_ENDPOINT") || sandboxEndpoint,
    catalogEndpoint: own("JWO_CATALOG_ENDPOINT") || sandboxEndpoint,
    // One pair for both sides: a half-set pair is completed from the defaults for the plugin and the sandbox alike.
    accessKeyId: own("AWS_ACCESS_KEY_ID") || defaults.AWS_ACCESS_KEY_ID,
    secretAccessKey: own("AWS_SECRET_ACCESS_KEY") || defaults.AWS_SECRET_ACCESS_KEY,
    sandboxEndpoint,
  }
}

/** Writes the child's output line by line, each line prefixed [jwo-sandbox] (the sandbox prefixes its own). */
function prefixLines(stream, write) {
  let pending = ""
  stream.setEncoding("utf8")
  stream.on("data", (chunk) => {
    pending += chunk
    const lines = pending.split("\n")
    pending = lines.pop()
    for (const raw of lines) {
      const line = raw.replace(/\r$/, "")
      const prefixed = line.startsWith(SANDBOX_PREFIX) ? line : `${SANDBOX_PREFIX} ${line}`
      if (!SANDBOX_BANNER_SKIPPED.test(prefixed)) write(`${prefixed}\n`)
    }
  })
  stream.on("end", () => {
    if (pending) write(`${pending.startsWith(SANDBOX_PREFIX) ? pending : `${SANDBOX_PREFIX} ${pending}`}\n`)
  })
}

/**
 * Starts src/sandbox/cli.ts with ts-node in its own process group, with the plugin's credentials in its environment.
 * Its stdin is a pipe the demo never writes to: when the demo dies without cleaning up (SIGKILL), the pipe closes and
 * the sandbox stops itself. Resolves once /_sandbox/health answers.
 */
async function startSandbox(port, credentials) {
  const bootstrap = [
    'process.stdin.on("end", () => process.kill(process.pid, "SIGTERM"));',
    "process.stdin.resume();",
    'require("./src/sandbox/cli.ts").main(["sandbox", "--port", process.env.JWO_SANDBOX_PORT]);',
  ].join(" ")
  const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", bootstrap], {
    cwd: root,
    env: {
      ...process.env,
      JWO_SANDBOX_PORT: String(port),
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    },
    detached: true,
    stdio: ["pipe", "pipe", "pipe"],
  })
  sandbox = child
  prefixLines(child.stdout, (text) => process.stdout.write(text))
  prefixLines(child.stderr, (text) => process.stderr.write(text))
  const exited = new Promise((resolve) => {
    child.on("error", (error) => resolve({ code: 127, signal: null, error }))
    child.on("exit", (code, signal) => resolve({ code, signal }))
  })
  exited.then(({ code, signal, error }) => {
    const wasRunning = sandbox === child
    sandbox = null
    if (wasRunning && !stopping && !child.stopRequested && child.ready) {
      log(
        `the Amazon sandbox stopped (${error ? error.message : code !== null ? `exit ${code}` : signal}): Checkout calls now fail and trips end in needs_attention. Restart the demo (Ctrl-C, npm run demo).`
      )
    }
  })
  const deadline = Date.now() + 60000
  for (;;) {
    const result = await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve(undefined), 250))])
    if (result) {
      throw new Fix(
        `the Amazon sandbox did not start (${result.error ? result.error.message : result.code !== null ? `exit ${result.code}` : result.signal}); its output above says why. ` +
          `If port ${port} is taken set JWO_SANDBOX_PORT to a free port; to call another Amazon endpoint set JWO_CHECKOUT_ENDPOINT and JWO_CATALOG_ENDPOINT.`
      )
    }
    if (await sandboxAnswers(port)) {
      child.ready = true
      return child
    }
    if (stopping) return child
    if (Date.now() > deadline) {
      signalGroup(child, "SIGKILL")
      throw new Fix(`the Amazon sandbox did not answer on localhost:${port} within 60 s; its output above may say why.`)
    }
  }
}

/** Stops the sandbox the demo started (SIGTERM to its group, SIGKILL after 5 s) and waits for it. */
async function stopSandbox() {
  const child = sandbox
  if (!child || child.exitCode !== null || child.signalCode !== null) return
  log("stopping the Amazon sandbox")
  child.stopRequested = true
  const gone = new Promise((resolve) => child.once("exit", resolve))
  signalGroup(child, "SIGTERM")
  const timer = setTimeout(() => signalGroup(child, "SIGKILL"), 5000)
  await gone
  clearTimeout(timer)
}

/**
 * Decides whether the demo runs the sandbox: yes when the plugin's Checkout or Catalog endpoint is the local sandbox
 * (the default). Returns what to print and the variables the app gets.
 */
async function prepareSandbox(amazon, port) {
  const endpoints = [
    ["JWO_CHECKOUT_ENDPOINT", amazon.checkoutEndpoint],
    ["JWO_CATALOG_ENDPOINT", amazon.catalogEndpoint],
  ]
  const onSandbox = endpoints.filter(([, value]) => isLocalSandboxEndpoint(value, port))
  const elsewhere = endpoints.filter(([, value]) => !isLocalSandboxEndpoint(value, port))
  const named = (list) =>
    list.map(([name, value]) => (amazon.source === "env" ? `${name}=${value}` : `amazon.${name === "JWO_CHECKOUT_ENDPOINT" ? "checkoutEndpoint" : "catalogEndpoint"}=${value}`)).join(", ")
  if (!onSandbox.length) {
    log(
      `not starting the Amazon sandbox: ${named(elsewhere)} ${elsewhere.length > 1 ? "are" : "is"} not the local sandbox (${amazon.sandboxEndpoint}), so the plugin calls that Amazon. ` +
        `To use the sandbox instead, unset ${amazon.source === "env" ? "JWO_CHECKOUT_ENDPOINT and JWO_CATALOG_ENDPOINT" : "JWO_PLUGIN_OPTIONS (or point its amazon endpoints at it)"}.`
    )
    return { started: false, reused: false }
  }
  if (elsewhere.length) log(`${named(elsewhere)} is not the local sandbox: only ${named(onSandbox)} uses it.`)
  if (await answers("127.0.0.1", port)) {
    if (await sandboxAnswers(port)) {
      log(`an Amazon sandbox already answers on localhost:${port} (started outside the demo): using it, and leaving it running. It must accept the access key ${amazon.accessKeyId}.`)
      return { started: false, reused: true }
    }
    throw new Fix(
      `port ${port} is taken by something that is not the Amazon sandbox: stop it, or set JWO_SANDBOX_PORT to a free port (the demo points the plugin at that port unless JWO_CHECKOUT_ENDPOINT/JWO_CATALOG_ENDPOINT are set).`
    )
  }
  if (!amazon.accessKeyId || !amazon.secretAccessKey) {
    log("JWO_PLUGIN_OPTIONS has no amazon.accessKeyId/secretAccessKey: the sandbox accepts its own demo credentials only.")
  }
  log(`starting the Amazon sandbox on localhost:${port} (src/sandbox via ts-node; its lines start with ${SANDBOX_PREFIX})...`)
  const sandboxStartedAt = Date.now()
  await startSandbox(port, {
    accessKeyId: amazon.accessKeyId || readDemoDefaults().AWS_ACCESS_KEY_ID,
    secretAccessKey: amazon.secretAccessKey || readDemoDefaults().AWS_SECRET_ACCESS_KEY,
  })
  if (!stopping) log(`Amazon sandbox ready on http://localhost:${port} (${seconds(sandboxStartedAt)}): the plugin's ${named(onSandbox)}`)
  return { started: true, reused: false }
}

/* ------------------------------------------------------------------ */
/* Main                                                                */
/* ------------------------------------------------------------------ */

async function main() {
  const argv = process.argv.slice(2)
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(fs.readFileSync(__filename, "utf8").match(/\/\*\*([\s\S]*?)\*\//)[1].replace(/^ \* ?/gm, ""))
    return exit(0)
  }
  if (argv.includes("--production") || /^(1|true|yes)$/i.test(process.env.JWO_DEMO_PRODUCTION || "")) {
    // The production profile: the npm package in a merchant's app, built, one server and N workers (its own file).
    return require("./demo-production").run(argv.filter((a) => a !== "--production"))
  }
  const unknown = argv.filter((a) => a !== "--reset")
  if (unknown.length) throw new Fix(`unknown argument(s) ${unknown.join(" ")}: the demo takes --reset, --production [--workers N] or --help.`)
  const reset = argv.includes("--reset")

  process.on("SIGINT", () => onSignal("SIGINT"))
  process.on("SIGTERM", () => onSignal("SIGTERM"))
  // Last resort if the demo exits without stopping the sandbox (its closed stdin stops it too).
  process.on("exit", () => signalGroup(sandbox, "SIGTERM"))

  // The same .env files medusa-config.ts reads, so what is printed is what the app gets.
  require("@medusajs/framework/utils").loadEnv(process.env.NODE_ENV || "development", root)
  const defaults = readDemoDefaults()

  const portText = process.env.PORT || "9000"
  const port = Number(portText)
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Fix(`PORT=${portText} is not a TCP port: set PORT to a number such as 9000.`)
  if (await answers("localhost", port)) {
    throw new Fix(`port ${port} is taken (something answers on localhost:${port}): stop it, or set PORT to a free port (e.g. PORT=9001 npm run demo).`)
  }
  const sandboxPortText = process.env.JWO_SANDBOX_PORT || "4010"
  const sandboxPort = Number(sandboxPortText)
  if (!/^\d+$/.test(sandboxPortText) || sandboxPort < 1 || sandboxPort > 65535) {
    throw new Fix(`JWO_SANDBOX_PORT=${sandboxPortText} is not a TCP port: set it to a number such as 4010.`)
  }
  if (sandboxPort === port) throw new Fix(`JWO_SANDBOX_PORT and PORT are both ${port}: give the Amazon sandbox another port (default 4010).`)
  const amazon = amazonSettings(defaults, sandboxPort)
  const adminEmail = process.env.JWO_DEMO_ADMIN_EMAIL || "admin@jwo.demo"
  const adminPassword = process.env.JWO_DEMO_ADMIN_PASSWORD || "supersecret"

  // PostgreSQL
  const userDatabaseUrl = process.env.DATABASE_URL
  let databaseUrl
  let databaseNote
  try {
    const pg = await ensurePostgres({ dataDir: path.join(root, ".demo-data", "pg"), log })
    embedded = pg.embedded
    if (userDatabaseUrl) {
      databaseUrl = userDatabaseUrl
      databaseNote = ""
    } else {
      const auth = pg.password ? `${encodeURIComponent(pg.user)}:${encodeURIComponent(pg.password)}` : encodeURIComponent(pg.user)
      databaseUrl = `postgres://${auth}@${pg.host}:${pg.port}/${DEFAULT_DATABASE}`
      databaseNote = pg.embedded ? "(embedded PostgreSQL, data in .demo-data/pg)" : `(PostgreSQL found on ${pg.host}:${pg.port})`
    }
  } catch (error) {
    if (error instanceof Fix) throw error
    if (/DATABASE_URL/.test(error.message)) throw new Fix(error.message)
    throw new Fix(
      `no PostgreSQL: none answers on localhost:5432 and the embedded one did not start (${error.message}). Start a PostgreSQL and set DATABASE_URL, or remove .demo-data/pg if it is damaged.`
    )
  }
  await checkStopping()

  // Redis
  const redisUrl = await findRedis()
  if (!redisUrl && process.env.REDIS_URL) {
    throw new Fix(`REDIS_URL is set (${redactUrl(process.env.REDIS_URL)}) but nothing answers there: start that Redis, or unset REDIS_URL to run without one.`)
  }

  // What the app reads, and what it gets.
  const childEnv = { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port) }
  if (redisUrl) childEnv.REDIS_URL = redisUrl
  if (amazon.source === "env") {
    // The plugin and the sandbox get the same endpoints and the same credentials, spelled out.
    childEnv.JWO_CHECKOUT_ENDPOINT = amazon.checkoutEndpoint
    childEnv.JWO_CATALOG_ENDPOINT = amazon.catalogEndpoint
    childEnv.AWS_ACCESS_KEY_ID = amazon.accessKeyId
    childEnv.AWS_SECRET_ACCESS_KEY = amazon.secretAccessKey
    // What "default" means for the endpoints when JWO_SANDBOX_PORT moves the sandbox.
    defaults.JWO_CHECKOUT_ENDPOINT = amazon.sandboxEndpoint
    defaults.JWO_CATALOG_ENDPOINT = amazon.sandboxEndpoint
    // Catalog upload notifications: on by default, from the sandbox's SQS queue, when the catalog is the sandbox's
    // (the sandbox publishes them); off by default when the catalog endpoint is elsewhere.
    defaults.JWO_CATALOG_NOTIFICATIONS_QUEUE_URL = isLocalSandboxEndpoint(amazon.catalogEndpoint, sandboxPort)
      ? `http://localhost:${sandboxPort}/sqs/000000000000/jwo-catalog-notifications`
      : "off"
    childEnv.JWO_CATALOG_NOTIFICATIONS_QUEUE_URL = process.env.JWO_CATALOG_NOTIFICATIONS_QUEUE_URL || defaults.JWO_CATALOG_NOTIFICATIONS_QUEUE_URL
  }
  const origin = `http://localhost:${port}`
  if (port !== 9000) {
    // The admin is served from this origin: allow it unless the user chose the CORS settings.
    childEnv.ADMIN_CORS = process.env.ADMIN_CORS || `${origin},http://localhost:5173`
    childEnv.AUTH_CORS = process.env.AUTH_CORS || `${origin},http://localhost:5173,http://localhost:8000`
  }
  const pluginOptionsReplaced = Boolean(process.env.JWO_PLUGIN_OPTIONS)
  const settings = [
    describe("PORT", "9000"),
    {
      name: "DATABASE_URL",
      value: userDatabaseUrl ? redactUrl(userDatabaseUrl) : `${redactUrl(databaseUrl)} (default)`,
      note: databaseNote,
    },
    {
      name: "REDIS_URL",
      value: process.env.REDIS_URL ? redactUrl(process.env.REDIS_URL) : redisUrl ? `${redisUrl} (default: it answers)` : "(not set; none on localhost:6379)",
    },
    describe("JWO_REDIS_URL", undefined, process.env.JWO_REDIS_URL ? "" : "(the plugin's queues use REDIS_URL)"),
    describe("JWO_DEMO_ADMIN_EMAIL", "admin@jwo.demo"),
    describe("JWO_DEMO_ADMIN_PASSWORD", "supersecret"),
    describe("JWO_SANDBOX_PORT", "4010", "(the Amazon sandbox the demo starts; JWO_SANDBOX_HOST binds it, default 127.0.0.1)"),
    ...Object.entries(defaults).map(([name, value]) =>
      describe(name, value, settingNote(name, process.env[name] || value, sandboxPort))
    ),
    describe("AWS_SESSION_TOKEN", undefined),
    describe("JWO_QUEUE_PREFIX", "jwo"),
    describe("JWO_PLUGIN_OPTIONS", undefined, pluginOptionsReplaced ? "(replaces all the JWO_* / AWS_* plugin settings above)" : ""),
    describe("JWT_SECRET", "supersecret"),
    describe("COOKIE_SECRET", "supersecret"),
    describe("STORE_CORS", "http://localhost:8000"),
    { name: "ADMIN_CORS", value: process.env.ADMIN_CORS || `${childEnv.ADMIN_CORS || "http://localhost:9000,http://localhost:5173"} (default)` },
    {
      name: "AUTH_CORS",
      value: process.env.AUTH_CORS || `${childEnv.AUTH_CORS || "http://localhost:9000,http://localhost:5173,http://localhost:8000"} (default)`,
    },
    describe("MEDUSA_WORKER_MODE", "shared"),
    describe("MEDUSA_ADMIN_DISABLE", "false"),
  ]
  printSettings(settings)
  if (!redisUrl) {
    log("no Redis: the plugin's queues run in-process and lose pending work on restart (demo only). Start Redis on localhost:6379 or set REDIS_URL to use it.")
  } else {
    log(`Redis ${redisUrl}: the plugin's queues use it`)
  }

  // The Amazon sandbox, before anything else takes long: a taken port shows at once.
  const sandboxState = await prepareSandbox(amazon, sandboxPort)
  await checkStopping()

  const database = await prepareDatabase(databaseUrl, { reset })
  await checkStopping()

  // Migrations
  log(`medusa db:migrate (${database})...`)
  const migrate = await run(MEDUSA, ["db:migrate", "--execute-safe-links"], { env: childEnv })
  await checkStopping()
  if (migrate.code !== 0) {
    throw new Fix(
      `medusa db:migrate failed (exit ${migrate.code ?? migrate.signal}); its output above says why. Check that DATABASE_URL (${redactUrl(databaseUrl)}) is reachable and its user may create tables; to start over: npm run demo -- --reset.`
    )
  }

  // Demo data, first run only (the seed checks again itself: it is also safe to run by hand).
  const seeded = await queryDemo(databaseUrl, "SELECT id FROM jwo_store WHERE amazon_store_id = $1 AND deleted_at IS NULL", [DEMO_STORE_ID])
  if (seeded && seeded.length) {
    log(`demo data already seeded (JWO store ${DEMO_STORE_ID} is ${seeded[0].id}): skipping the seed`)
  } else {
    log("seeding the demo data: medusa exec ./demo/seed.ts ...")
    const seed = await run(MEDUSA, ["exec", "./demo/seed.ts"], { env: childEnv })
    await checkStopping()
    if (seed.code !== 0) {
      throw new Fix(`the demo seed failed (exit ${seed.code ?? seed.signal}); its output above says why. To start over with an empty database: npm run demo -- --reset.`)
    }
  }

  // Admin user, first run only.
  const users = await queryDemo(
    databaseUrl,
    `SELECT u.id, (SELECT count(*) FROM provider_identity p WHERE p.provider = 'emailpass' AND p.entity_id = u.email AND p.deleted_at IS NULL) AS logins
       FROM "user" u WHERE u.email = $1 AND u.deleted_at IS NULL`,
    [adminEmail]
  )
  if (users && users.length && Number(users[0].logins) > 0) {
    log(`admin user ${adminEmail} exists`)
  } else if (users && users.length) {
    throw new Fix(`the admin user ${adminEmail} exists but has no email/password login: set JWO_DEMO_ADMIN_EMAIL to another address, or start over with npm run demo -- --reset.`)
  } else {
    log(`creating the admin user ${adminEmail}: medusa user ...`)
    const user = await run(MEDUSA, ["user", "-e", adminEmail, "-p", adminPassword], { env: childEnv, capture: true })
    await checkStopping()
    if (user.code !== 0) {
      if (/already exists/i.test(user.output)) log(`admin user ${adminEmail} already exists`)
      else throw new Fix(`creating the admin user failed (exit ${user.code ?? user.signal}); see above. Check JWO_DEMO_ADMIN_EMAIL (${adminEmail}) is an email address.`)
    }
  }

  const keys = await queryDemo(
    databaseUrl,
    "SELECT token FROM api_key WHERE title = $1 AND type = 'publishable' AND deleted_at IS NULL AND revoked_at IS NULL ORDER BY created_at LIMIT 1",
    [DEMO_STORE_NAME]
  )
  const publishableKey = keys && keys[0] ? keys[0].token : undefined

  // The app.
  if (await answers("localhost", port)) {
    throw new Fix(`port ${port} was taken while the demo prepared: stop what listens on localhost:${port}, or set PORT to a free port.`)
  }
  log(`medusa develop on ${origin} (the admin compiles on its first page load, which takes a while)...`)
  const developStartedAt = Date.now()
  const develop = run(MEDUSA, ["develop"], { env: childEnv })
  let exited = false
  develop.then(() => {
    exited = true
  })
  waitForHealth(origin, () => exited || stopping).then((healthy) => {
    if (!healthy) return
    printNextSteps({
      origin,
      adminEmail,
      adminPassword: process.env.JWO_DEMO_ADMIN_PASSWORD ? "<your JWO_DEMO_ADMIN_PASSWORD>" : adminPassword,
      inboundSecret: pluginOptionsReplaced
        ? "<an inbound secret from JWO_PLUGIN_OPTIONS>"
        : process.env.JWO_INBOUND_SECRETS
          ? "<one of your JWO_INBOUND_SECRETS>"
          : defaults.JWO_INBOUND_SECRETS.split(",")[0],
      publishableKey,
      sandboxUrl: sandboxState.started || sandboxState.reused ? `http://localhost:${sandboxPort}` : undefined,
      timing: `${seconds()} after npm run demo started, ${seconds(developStartedAt)} after medusa develop started`,
    })
  })
  const result = await develop
  if (stopping) return exit(0)
  throw new Fix(
    `medusa develop exited (${result.code !== null ? `exit ${result.code}` : result.signal}); its output above says why. If the port is taken set PORT; if the database is in a bad state: npm run demo -- --reset.`
  )
}

main().catch(async (error) => {
  if (error instanceof Fix) console.error(`[jwo-demo] ${error.message}`)
  else console.error("[jwo-demo] unexpected failure:", error)
  signalGroup(current, "SIGTERM")
  await exit(1)
})
