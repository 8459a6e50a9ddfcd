#!/usr/bin/env node
/**
 * The demo's production profile: `npm run demo -- --production [--workers N] [--reset]` (or JWO_DEMO_PRODUCTION=true,
 * JWO_DEMO_WORKERS=N). The plugin as a merchant runs it in production, exactly as docs/deploy.md says:
 *
 *   1. `medusa plugin:build` and `npm pack` of this repository; a merchant's Medusa app in .demo-data/production/app
 *      with only Medusa's packages, `npm install <tarball>`, and the README's medusa-config.ts (Medusa's packages are
 *      installed once and reused while their versions stay the same).
 *   2. `medusa build`, then `npm ci --omit=dev` in .medusa/server.
 *   3. PostgreSQL as for `npm run demo` (database medusa_jwo_demo_production unless DATABASE_URL); Redis: REDIS_URL,
 *      else a redis-server of its own on a free port (Medusa's Redis modules must not share another app's Redis).
 *   4. The Amazon sandbox from the installed package's bin (`medusa-plugin-jwo sandbox`), with the app's AWS keys.
 *   5. `medusa db:migrate` from .medusa/server (NODE_ENV=production); the demo data (first run only: the repository's
 *      demo/seed.ts through `medusa exec`); an admin user.
 *   6. One server instance (MEDUSA_WORKER_MODE=server, PORT) and N worker instances (MEDUSA_WORKER_MODE=worker,
 *      DISABLE_MEDUSA_ADMIN=true), all `medusa start` from .medusa/server with NODE_ENV=production, on Medusa's Redis
 *      event bus, workflow engine, locking and cache; then the catalog sent with the README's sync command.
 *
 * It prints each instance's role, port and log file (.demo-data/production/logs/). Ctrl-C or SIGTERM stops all of
 * it; so does killing the demo's process group (each child runs under scripts/lib/guard.js).
 *
 * JWO_DEMO_PRODUCTION_DIR moves the work folder (app and logs); JWO_DEMO_PRODUCTION_APP names an app this profile or
 * the deploy suite built already, and skips steps 1 and 2 (the deploy suite runs the profile that way).
 *
 *   npm run demo -- --production                 one server, one worker
 *   npm run demo -- --production --workers 2     one server, two workers
 *   JWO_DEMO_PRODUCTION=true JWO_DEMO_WORKERS=2 PORT=9100 JWO_SANDBOX_PORT=4110 npm run demo
 */
const fs = require("node:fs")
const path = require("node:path")
const { answers, ensurePostgres } = require("./services")
const {
  DEMO_STORE_ID,
  DEMO_STORE_NAME,
  Fix,
  describe,
  log,
  prepareDatabase,
  printNextSteps,
  printSettings,
  queryDemo,
  readDemoDefaults,
  redactUrl,
  seconds,
} = require("./lib/demo-lib")
const { MedusaInstance, RedisServer, freePort, hasRedisServer, httpOk, killChildren, launch, pgServerUrl, redisPing, runStep, stopChildren, waitFor } = require("./lib/processes")
const { appEnv, buildHostApp, createHostApp, packPlugin } = require("./lib/host-app")

const root = path.resolve(__dirname, "..")
// JWO_DEMO_PRODUCTION_DIR: where the app and the logs go (default .demo-data/production).
const WORK = path.resolve(process.env.JWO_DEMO_PRODUCTION_DIR || path.join(root, ".demo-data", "production"))
const LOGS = path.join(WORK, "logs")
const DEFAULT_DATABASE = "medusa_jwo_demo_production"
const DEMO_STRIPE_KEY = "sk_test_jwo_demo_not_a_real_key"

let stopping = false
let embedded = null
let instances = []
let ownRedis = null

function parseArgs(argv) {
  const opts = { reset: false, workers: undefined }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === "--reset") opts.reset = true
    else if (arg === "--workers" || arg.startsWith("--workers=")) {
      const value = arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : argv[++i]
      opts.workers = value
    } else throw new Fix(`unknown argument ${arg}: the production profile takes --workers N, --reset or --help.`)
  }
  const text = String(opts.workers ?? process.env.JWO_DEMO_WORKERS ?? "1")
  const workers = Number(text)
  if (!/^\d+$/.test(text) || workers < 1 || workers > 16) throw new Fix(`--workers / JWO_DEMO_WORKERS must be 1 to 16, got "${text}"`)
  return { reset: opts.reset, workers }
}

function portOf(name, fallback) {
  const text = process.env[name] || String(fallback)
  const port = Number(text)
  if (!/^\d+$/.test(text) || port < 1 || port > 65535) throw new Fix(`${name}=${text} is not a TCP port.`)
  return port
}

/** Ports for the workers: the next free ones after the server's. */
async function workerPorts(after, count, taken) {
  const ports = []
  for (let port = after + 1; ports.length < count && port < 65535; port++) {
    if (!taken.includes(port) && !(await answers("localhost", port))) ports.push(port)
  }
  return ports
}

async function stopAll(code) {
  stopping = true
  for (const instance of instances) instance.stopping = true
  log("stopping the instances, the sandbox and Redis...")
  await stopChildren(15_000)
  if (embedded) {
    log("stopping the embedded PostgreSQL")
    await embedded.stop().catch(() => {})
  }
  log("stopped")
  process.exit(code)
}

async function main(argv) {
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(fs.readFileSync(__filename, "utf8").match(/\/\*\*([\s\S]*?)\*\//)[1].replace(/^ \* ?/gm, ""))
    process.exit(0)
  }
  const opts = parseArgs(argv)
  process.on("SIGINT", () => (stopping ? killChildren() : stopAll(130)))
  process.on("SIGTERM", () => (stopping ? killChildren() : stopAll(143)))
  process.on("exit", () => killChildren())
  fs.mkdirSync(LOGS, { recursive: true })
  const setupLog = path.join(LOGS, "setup.log")
  fs.writeFileSync(setupLog, "")
  require("@medusajs/framework/utils").loadEnv(process.env.NODE_ENV || "development", root)
  const defaults = readDemoDefaults()

  // Ports: the server on PORT, the workers on the next free ones, the sandbox on JWO_SANDBOX_PORT.
  const port = portOf("PORT", 9000)
  const sandboxPort = portOf("JWO_SANDBOX_PORT", 4010)
  if (sandboxPort === port) throw new Fix(`JWO_SANDBOX_PORT and PORT are both ${port}: give the sandbox another port.`)
  for (const [name, p] of [["PORT", port], ["JWO_SANDBOX_PORT", sandboxPort]]) {
    if (await answers("localhost", p)) throw new Fix(`port ${p} (${name}) is taken: stop what listens there, or set ${name} to a free port.`)
  }
  const ports = await workerPorts(port, opts.workers, [sandboxPort])
  const origin = `http://localhost:${port}`
  const sandboxUrl = `http://localhost:${sandboxPort}`
  const adminEmail = process.env.JWO_DEMO_ADMIN_EMAIL || "admin@jwo.demo"
  const adminPassword = process.env.JWO_DEMO_ADMIN_PASSWORD || "supersecret"

  // PostgreSQL, and the profile's own database.
  const pg = await ensurePostgres({ dataDir: path.join(root, ".demo-data", "pg"), log })
  embedded = pg.embedded
  const databaseUrl = process.env.DATABASE_URL || `${pgServerUrl(pg)}/${DEFAULT_DATABASE}`
  const database = await prepareDatabase(databaseUrl, { reset: opts.reset })

  // Redis: the user's, or one of our own (Medusa's Redis modules must not share another app's Redis).
  let redisUrl = process.env.REDIS_URL
  if (redisUrl) {
    const url = new URL(redisUrl)
    if (!(await redisPing(Number(url.port || 6379), url.hostname))) throw new Fix(`REDIS_URL is set (${redactUrl(redisUrl)}) but it does not answer PING.`)
  } else {
    if (!hasRedisServer()) throw new Fix("the production profile needs Redis: set REDIS_URL, or install redis-server (it then starts one of its own).")
    ownRedis = new RedisServer(await freePort(), path.join(LOGS, "redis.log"))
    await ownRedis.start()
    redisUrl = ownRedis.url
  }

  const env = appEnv({
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    STORE_CORS: process.env.STORE_CORS || "http://localhost:8000",
    ADMIN_CORS: process.env.ADMIN_CORS || origin,
    AUTH_CORS: process.env.AUTH_CORS || `${origin},http://localhost:8000`,
    JWT_SECRET: process.env.JWT_SECRET || "supersecret",
    COOKIE_SECRET: process.env.COOKIE_SECRET || "supersecret",
    MEDUSA_BACKEND_URL: origin,
    STRIPE_API_KEY: process.env.STRIPE_API_KEY || DEMO_STRIPE_KEY,
    JWO_INBOUND_SECRETS: process.env.JWO_INBOUND_SECRETS || defaults.JWO_INBOUND_SECRETS,
    JWO_CHECKOUT_ENDPOINT: process.env.JWO_CHECKOUT_ENDPOINT || `${sandboxUrl}/v1`,
    JWO_CATALOG_ENDPOINT: process.env.JWO_CATALOG_ENDPOINT || `${sandboxUrl}/v1`,
    JWO_AWS_REGION: process.env.JWO_AWS_REGION || defaults.AWS_REGION,
    ...(process.env.JWO_AWS_ROLE_ARN ? { JWO_AWS_ROLE_ARN: process.env.JWO_AWS_ROLE_ARN } : {}),
    AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID || defaults.AWS_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY || defaults.AWS_SECRET_ACCESS_KEY,
    ...(process.env.AWS_SESSION_TOKEN ? { AWS_SESSION_TOKEN: process.env.AWS_SESSION_TOKEN } : {}),
    JWO_SCAN_KEY_PREFIX: process.env.JWO_SCAN_KEY_PREFIX || defaults.JWO_SCAN_KEY_PREFIX,
    JWO_SCAN_KEY_SECRETS: process.env.JWO_SCAN_KEY_SECRETS || defaults.JWO_SCAN_KEY_SECRETS,
  })
  printSettings([
    describe("PORT", "9000", "(the server instance; the workers take the next free ports)"),
    describe("JWO_DEMO_WORKERS", "1", `(worker instances: ${opts.workers})`),
    { name: "DATABASE_URL", value: process.env.DATABASE_URL ? redactUrl(process.env.DATABASE_URL) : `${redactUrl(databaseUrl)} (default)` },
    { name: "REDIS_URL", value: process.env.REDIS_URL ? redactUrl(process.env.REDIS_URL) : `${redisUrl} (default: a redis-server of its own)` },
    describe("JWO_SANDBOX_PORT", "4010"),
    describe("JWO_DEMO_ADMIN_EMAIL", "admin@jwo.demo"),
    describe("JWO_DEMO_ADMIN_PASSWORD", "supersecret"),
    ...["JWO_INBOUND_SECRETS", "JWO_SCAN_KEY_PREFIX", "JWO_SCAN_KEY_SECRETS", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"].map((n) => describe(n, defaults[n])),
    describe("JWO_CHECKOUT_ENDPOINT", `${sandboxUrl}/v1`, "(the sandbox)"),
    describe("JWO_CATALOG_ENDPOINT", `${sandboxUrl}/v1`, "(the sandbox)"),
    describe("JWO_AWS_REGION", defaults.AWS_REGION),
    describe("STRIPE_API_KEY", DEMO_STRIPE_KEY, "(the README's config keeps Stripe beside the jwo provider)"),
    { name: "NODE_ENV", value: "production (the instances)" },
  ])

  // 1-2. The package in a merchant's app, built and installed for production; or (JWO_DEMO_PRODUCTION_APP) an app
  // this profile or the deploy suite built already.
  const started = Date.now()
  let appDir, serverDir, medusa
  if (process.env.JWO_DEMO_PRODUCTION_APP) {
    appDir = path.resolve(process.env.JWO_DEMO_PRODUCTION_APP)
    serverDir = path.join(appDir, ".medusa", "server")
    medusa = path.join(serverDir, "node_modules", ".bin", "medusa")
    if (!fs.existsSync(medusa)) throw new Fix(`JWO_DEMO_PRODUCTION_APP=${appDir} is not a built app (no ${medusa}): unset it to build one.`)
    log(`using the app built in ${appDir} (JWO_DEMO_PRODUCTION_APP): no pack, install or build`)
  } else {
    const tarball = packPlugin(WORK, { logFile: setupLog, log })
    ;({ appDir } = createHostApp({ appDir: path.join(WORK, "app"), tarball, logFile: setupLog, log, reuse: true, name: "jwo-demo-production" }))
    ;({ serverDir, medusa } = buildHostApp({ appDir, tarball, logFile: setupLog, log }))
    log(`app built in ${seconds(started)}: ${path.relative(root, serverDir)}`)
  }
  if (stopping) return

  // 4. The sandbox, from the installed package's bin.
  const sandbox = launch(path.join(appDir, "node_modules", ".bin", "medusa-plugin-jwo"), ["sandbox", "--port", String(sandboxPort)], {
    cwd: appDir,
    env,
    logFile: path.join(LOGS, "sandbox.log"),
  })
  await waitFor("the sandbox answering", () => httpOk(`${sandboxUrl}/_sandbox/health`), 60_000, sandbox)

  // 5. Migrations, demo data, admin.
  const step = (label, args, cwd = serverDir, stepEnv = env) => runStep(label, medusa, args, { cwd, env: stepEnv, logFile: setupLog, log, root })
  step(`medusa db:migrate (${database})`, ["db:migrate"])
  const seeded = await queryDemo(databaseUrl, "SELECT id FROM jwo_store WHERE amazon_store_id = $1 AND deleted_at IS NULL", [DEMO_STORE_ID])
  if (seeded && seeded.length) {
    log(`demo data already seeded (JWO store ${DEMO_STORE_ID})`)
  } else {
    // The seed is this repository's TypeScript (demo/seed.ts), run by the repository's own app on the same database.
    const seedEnv = { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: "development", MEDUSA_ADMIN_DISABLE: "true", JWO_CATALOG_NOTIFICATIONS_QUEUE_URL: "off" }
    delete seedEnv.REDIS_URL
    delete seedEnv.JWO_PLUGIN_OPTIONS
    runStep("the demo data (medusa exec ./demo/seed.ts)", path.join(root, "node_modules", ".bin", "medusa"), ["exec", "./demo/seed.ts"], {
      cwd: root,
      env: seedEnv,
      logFile: setupLog,
      log,
      root,
    })
  }
  const users = await queryDemo(databaseUrl, `SELECT id FROM "user" WHERE email = $1 AND deleted_at IS NULL`, [adminEmail])
  if (!users || !users.length) step(`the admin user ${adminEmail} (medusa user)`, ["user", "-e", adminEmail, "-p", adminPassword])
  if (stopping) return

  // 6. One server, N workers.
  const instance = (name, role, p, extra = {}) =>
    new MedusaInstance({ name, role, port: p, env: { ...env, ...extra }, cwd: serverDir, logFile: path.join(LOGS, `${name}.log`), medusa, log })
  instances = [instance("server", "server", port), ...ports.map((p, i) => instance(`worker-${i + 1}`, "worker", p, { DISABLE_MEDUSA_ADMIN: "true" }))]
  log(`starting ${instances.length} instances: ${instances.map((i) => `${i.name} (${i.role}) :${i.port}`).join(", ")}...`)
  await Promise.all(instances.map((i) => i.start()))
  if (stopping) return

  // The README's customer groups, so its options do something; then the catalog, with the README's command.
  const login = await fetch(`${origin}/auth/user/emailpass`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: adminEmail, password: adminPassword }) })
  const { token } = await login.json()
  const adminCall = (method, pathname, body) =>
    fetch(`${origin}${pathname}`, { method, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: body && JSON.stringify(body) }).then((r) => r.json())
  for (const warning of (await adminCall("GET", "/admin/jwo/stores?limit=1")).warnings || []) {
    const name = /no customer group "([^"]+)"/.exec(warning)
    if (name) {
      await adminCall("POST", "/admin/customer-groups", { name: name[1] })
      log(`created the customer group "${name[1]}" the README's options name`)
    }
  }
  const pub = await queryDemo(databaseUrl, "SELECT token FROM api_key WHERE title = $1 AND type = 'publishable' AND deleted_at IS NULL AND revoked_at IS NULL LIMIT 1", [DEMO_STORE_NAME])
  const syncLog = path.join(LOGS, "catalog-sync.log")
  const sync = launch(medusa, ["exec", "./node_modules/medusa-plugin-jwo/.medusa/server/src/scripts/jwo-catalog-sync.js", "wait"], { cwd: serverDir, env, logFile: syncLog })
  sync.exited.then(({ code }) => !stopping && log(`catalog sync (the README's command) ${code === 0 ? "done" : `failed (exit ${code})`}: ${path.relative(root, syncLog)}`))

  printNextSteps({
    origin,
    adminEmail,
    adminPassword,
    inboundSecret: process.env.JWO_INBOUND_SECRETS ? "<one of your JWO_INBOUND_SECRETS>" : defaults.JWO_INBOUND_SECRETS.split(",")[0],
    publishableKey: pub && pub[0] ? pub[0].token : undefined,
    sandboxUrl,
    timing: `${seconds()} after npm run demo -- --production started`,
    instances: [
      ...instances.map((i) => ({ name: i.name, role: i.role, port: i.port, log: path.relative(root, i.logFile) })),
      { name: "sandbox", role: "Amazon", port: sandboxPort, log: path.relative(root, path.join(LOGS, "sandbox.log")) },
      ...(ownRedis ? [{ name: "redis", role: "redis-server", port: ownRedis.port, log: path.relative(root, ownRedis.logFile) }] : []),
    ],
    stopHint: "stops every instance, the sandbox and Redis",
  })
  await new Promise(() => {})
}

/** Runs the profile; a failure is printed (without a stack when it says what to fix) and stops what started. */
function run(argv) {
  return main(argv).catch(async (error) => {
    console.error(`[jwo-demo] ${error instanceof Fix ? error.message : error.stack}`)
    await stopAll(1)
  })
}

module.exports = { run }

if (require.main === module) run(process.argv.slice(2))
