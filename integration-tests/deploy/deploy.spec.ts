import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { spawn, spawnSync } from "node:child_process"

/**
 * The deploy suite: the plugin installed like a merchant installs it and run the way docs/deploy.md says, end to end.
 *
 *   npm pack → a fresh Medusa 2.21 app with only Medusa's packages → npm install <tarball> → medusa-config.ts from the
 *   README's own block → medusa build → npm ci --omit=dev in .medusa/server → medusa db:migrate (its own database) →
 *   a server and a worker instance (NODE_ENV=production, Medusa's Redis modules on a redis-server of its own) and the
 *   sandbox from the installed package's bin → a JWO store set up through the admin API as README step 4 says →
 *   the catalog sent with the README's command through Medusa's CLI → one shopper walked with
 *   `npx medusa-plugin-jwo walk` from the installed package until charged.
 *
 * Logs of every step and instance are in the work folder printed at the start (kept when a test fails, or with
 * JWO_DEPLOY_KEEP=1).
 */
const { appEnv, buildHostApp, createHostApp, packPlugin } = require("../../scripts/lib/host-app")
const { MedusaInstance, RedisServer, freePort, hasRedisServer, launch, pgServerUrl, runStep, stopChildren, waitFor, withPg, httpOk } = require("../../scripts/lib/processes")
const { ensurePostgres } = require("../../scripts/services")
const { call, createShopper } = require("../../scripts/bench-lib")

jest.setTimeout(20 * 60_000)

const root = path.resolve(__dirname, "..", "..")
const work = fs.mkdtempSync(path.join(os.tmpdir(), "jwo-deploy-"))
const logFile = path.join(work, "setup.log")
const log = (message: string) => console.log(`[jwo-deploy] ${message}`)
const STORE_ID = "STORE-SEA-1"
const SKU = "JWO-DEPLOY-001"
const INBOUND_SECRET = "deploy-inbound-secret-000000001"
const ADMIN = { email: "admin@jwo.deploy", password: "deploy-admin-password" }
const AWS = { accessKeyId: "AKIAMERCHANTDEPLOY01", secretAccessKey: "merchant-deploy-secret-access-key-00001" }

type Answer = { status: number; body: any }

/** Each test counts itself here as its last line: the work folder is removed only when every test got there. */
let passed = 0
const TESTS = 5
let database = ""
let serverUrl = ""
let appDir = ""
let serverDir = ""
let medusa = ""
let env: NodeJS.ProcessEnv = {}
let server: any
let worker: any
let sandboxUrl = ""
let installOutput = ""
let admin: (method: string, pathname: string, json?: unknown) => Promise<Answer>

beforeAll(async () => {
  log(`work folder ${work}`)
  if (!hasRedisServer()) throw new Error("the deploy suite needs redis-server on the PATH (Medusa's Redis modules run on a Redis of its own)")
  const pg = await ensurePostgres({ dataDir: path.join(root, ".test-data", "pg"), log })
  database = `jwo_deploy_${process.pid}_${Date.now()}`
  serverUrl = pgServerUrl(pg)
  await withPg(`${serverUrl}/postgres`, (c: any) => c.query(`CREATE DATABASE "${database}"`))
  const redis = new RedisServer(await freePort(), path.join(work, "redis.log"))
  await redis.start()

  // 1. The package, and a fresh app that installs it.
  const tarball = packPlugin(work, { logFile, log, build: false })
  ;({ appDir, installOutput } = createHostApp({ appDir: path.join(work, "app"), tarball, logFile, log }))
  ;({ serverDir, medusa } = buildHostApp({ appDir, tarball, logFile, log }))

  // 2. The environment docs/deploy.md lists; the sandbox plays Amazon, with the app's own AWS keys.
  const [port, workerPort, sandboxPort] = [await freePort(), await freePort(), await freePort()]
  sandboxUrl = `http://127.0.0.1:${sandboxPort}`
  env = appEnv({
    DATABASE_URL: `${serverUrl}/${database}`,
    REDIS_URL: redis.url,
    STORE_CORS: "http://localhost:8000",
    ADMIN_CORS: `http://localhost:${port}`,
    AUTH_CORS: `http://localhost:${port},http://localhost:8000`,
    JWT_SECRET: "deploy-jwt-secret",
    COOKIE_SECRET: "deploy-cookie-secret",
    MEDUSA_BACKEND_URL: `http://localhost:${port}`,
    STRIPE_API_KEY: "sk_test_deploy_suite_not_a_real_key",
    JWO_INBOUND_SECRETS: INBOUND_SECRET,
    JWO_CHECKOUT_ENDPOINT: `${sandboxUrl}/v1`,
    JWO_CATALOG_ENDPOINT: `${sandboxUrl}/v1`,
    JWO_AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: AWS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: AWS.secretAccessKey,
    JWO_SCAN_KEY_PREFIX: "ACME",
    JWO_SCAN_KEY_SECRETS: "deploy-scan-key-secret-0123456789abcdef",
  })
  const sandbox = launch(path.join(appDir, "node_modules", ".bin", "medusa-plugin-jwo"), ["sandbox", "--port", String(sandboxPort), "--quiet"], {
    cwd: appDir,
    env,
    logFile: path.join(work, "sandbox.log"),
  })
  await waitFor("the sandbox answering", () => httpOk(`${sandboxUrl}/_sandbox/health`), 30_000, sandbox)

  // 3. Migrations and an admin, from the build, in production.
  const step = (label: string, args: string[]) => runStep(label, medusa, args, { cwd: serverDir, env, logFile, log })
  step("medusa db:migrate", ["db:migrate"])
  step("medusa user", ["user", "-e", ADMIN.email, "-p", ADMIN.password])

  // 4. A server and a worker instance.
  server = new MedusaInstance({ name: "server", role: "server", port, env, cwd: serverDir, logFile: path.join(work, "server.log"), medusa, log })
  worker = new MedusaInstance({
    name: "worker",
    role: "worker",
    port: workerPort,
    env: { ...env, DISABLE_MEDUSA_ADMIN: "true" },
    cwd: serverDir,
    logFile: path.join(work, "worker.log"),
    medusa,
    log,
  })
  await Promise.all([server.start(), worker.start()])
  log(`server on :${port}, worker on :${workerPort}, sandbox on :${sandboxPort}`)

  let token = ""
  const login = async () => {
    const answer = await call(server.url, "POST", "/auth/user/emailpass", { json: ADMIN })
    if (answer.status !== 200) throw new Error(`admin login: ${answer.status} ${JSON.stringify(answer.body)}`)
    token = answer.body.token
  }
  await login()
  admin = async (method, pathname, json) => call(server.url, method, pathname, { json, headers: { authorization: `Bearer ${token}` } })
})

afterAll(async () => {
  for (const instance of [server, worker]) if (instance) instance.stopping = true
  await stopChildren(15_000)
  for (const db of [database, `${database}_profile`].filter(() => database)) {
    await withPg(`${serverUrl}/postgres`, (c: any) => c.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`)).catch(() => {})
  }
  if (passed < TESTS || process.env.JWO_DEPLOY_KEEP) log(`logs kept in ${work}`)
  else fs.rmSync(work, { recursive: true, force: true })
})

const ok = (answer: Answer, what: string) => {
  if (answer.status >= 300) throw new Error(`${what}: HTTP ${answer.status} ${JSON.stringify(answer.body)}`)
  return answer.body
}

describe("the plugin installed from its npm package, in production", () => {
  it("installs without EBADENGINE of its own and without test tools in the production install", () => {
    expect(installOutput).not.toMatch(/EBADENGINE[\s\S]{0,80}medusa-plugin-jwo/)
    const production = path.join(serverDir, "node_modules")
    expect(fs.existsSync(path.join(production, "medusa-plugin-jwo", ".medusa", "server", "src", "modules", "jwo", "index.js"))).toBe(true)
    expect(fs.existsSync(path.join(production, "@medusajs", "test-utils"))).toBe(false)
    // The README's links work in node_modules: the docs ship with it.
    for (const doc of ["docs/deploy.md", "docs/architecture.md", "src/sandbox/README.md", "LICENSE"]) {
      expect(fs.existsSync(path.join(production, "medusa-plugin-jwo", doc))).toBe(true)
    }
    passed++
  })

  let store: any
  let pubKey = ""
  it("sets up a JWO store through the admin API as README step 4 says, with no configuration warning left", async () => {
    const salesChannel = ok(await admin("POST", "/admin/sales-channels", { name: "Seattle 7th Ave" }), "sales channel").sales_channel
    const location = ok(await admin("POST", "/admin/stock-locations", { name: "Seattle backroom" }), "stock location").stock_location
    ok(await admin("POST", `/admin/stock-locations/${location.id}/sales-channels`, { add: [salesChannel.id] }), "link location")
    const region = ok(
      await admin("POST", "/admin/regions", { name: "US", currency_code: "usd", countries: ["us"], automatic_taxes: true, payment_providers: ["pp_jwo_jwo"] }),
      "region"
    ).region
    ok(await admin("POST", "/admin/tax-regions", { country_code: "us", provider_id: "tp_system", default_tax_rate: { name: "US", code: "US", rate: 10 } }), "tax region")
    const key = ok(await admin("POST", "/admin/api-keys", { title: "Seattle app", type: "publishable" }), "publishable key").api_key
    ok(await admin("POST", `/admin/api-keys/${key.id}/sales-channels`, { add: [salesChannel.id] }), "key's sales channel")
    pubKey = key.token
    ok(
      await admin("POST", "/admin/products", {
        title: "Sparkling water 500ml",
        status: "published",
        sales_channels: [{ id: salesChannel.id }],
        options: [{ title: "Size", values: ["500ml"] }],
        variants: [{ title: "500ml", sku: SKU, barcode: "012345678905", manage_inventory: false, options: { Size: "500ml" }, prices: [{ amount: 1.99, currency_code: "usd" }] }],
      }),
      "product"
    )
    // The README's options name two customer groups: until they exist, the stores list says so.
    const before = ok(await admin("GET", "/admin/jwo/stores"), "stores").warnings
    expect(before).toEqual([expect.stringContaining('"Store associates"'), expect.stringContaining('"Blocked at JWO"')])
    for (const name of ["Store associates", "Blocked at JWO"]) ok(await admin("POST", "/admin/customer-groups", { name }), `group ${name}`)

    const created = await admin("POST", "/admin/jwo/stores", {
      amazon_store_id: STORE_ID,
      name: "Seattle 7th Ave",
      sales_channel_id: salesChannel.id,
      region_id: region.id,
      stock_location_id: location.id,
      address_country_code: "us",
      address_province: "us-wa",
      address_city: "Seattle",
      address_postal_code: "98101",
      address_line_1: "2131 7th Ave",
    })
    expect(created.status).toBe(201)
    store = created.body.jwo_store
    expect(store).toMatchObject({ amazon_store_id: STORE_ID, qr_pattern: "^ACME1[0-9]{10}[A-Z2-7]{52}$" })
    expect(ok(await admin("GET", "/admin/jwo/stores"), "stores").warnings).toEqual([])
    passed++
  })

  it("sends the catalog to Amazon (the sandbox) with the README's command, through Medusa's CLI, from the build", async () => {
    const sync = runStep(
      "medusa exec jwo-catalog-sync.js STORE force wait",
      medusa,
      ["exec", "./node_modules/medusa-plugin-jwo/.medusa/server/src/scripts/jwo-catalog-sync.js", STORE_ID, "force", "wait"],
      { cwd: serverDir, env, logFile, log }
    )
    const output = `${sync.stdout}${sync.stderr}`
    expect(output).toMatch(/Starting full catalog sync \S+ \(force\)/)
    expect(output).toMatch(/uploads in flight 0, done [1-9]/)
    const uploads: any[] = (await call(sandboxUrl, "GET", "/_sandbox/uploads")).body.uploads
    const items = []
    for (const upload of uploads) items.push(...(await call(sandboxUrl, "GET", `/_sandbox/uploads/${upload.ingestionId}`)).body.items)
    expect(items).toContainEqual(expect.objectContaining({ item_sku: SKU, external_product_id: "012345678905", store_id: STORE_ID }))
    const state = ok(await admin("GET", `/admin/jwo/catalog/items?jwo_store_id=${store.id}`), "catalog items")
    expect(state.items).toContainEqual(expect.objectContaining({ sku: SKU, status: "accepted" }))
    passed++
  })

  it("walks one shopper with npx medusa-plugin-jwo walk from the installed package until charged", async () => {
    const shopper = await createShopper(server.url, pubKey)
    const issued = await call(server.url, "POST", "/store/jwo/scan-keys", {
      headers: { authorization: `Bearer ${shopper.token}`, "x-publishable-api-key": pubKey },
      json: { device_name: "deploy suite" },
    })
    expect(issued.status).toBe(201)
    const walk = spawnSync(
      "npx",
      ["medusa-plugin-jwo", "walk", "--store-id", STORE_ID, "--scan-key-code", issued.body.scan_key.code, "--secret", INBOUND_SECRET, "--item", `${SKU}=2`, "--plugin-url", server.url, "--sandbox-url", sandboxUrl, "--timeout", "180"],
      { cwd: appDir, env, encoding: "utf8", timeout: 240_000 }
    )
    fs.appendFileSync(logFile, `\n===== walk =====\n${walk.stdout}${walk.stderr}`)
    expect({ status: walk.status, stderr: walk.stderr }).toMatchObject({ status: 0 })
    expect(walk.stdout).toMatch(/charged/i)
    // Amazon charged; Medusa records it once the worker has the answer (order id, payment captured).
    let trips: any[] = []
    await waitFor(
      "the trip charged in Medusa",
      async () => {
        trips = ok(await admin("GET", `/admin/jwo/trips?amazon_store_id=${STORE_ID}`), "trips").trips
        return trips[0]?.status === "charged"
      },
      60_000
    ).catch(() => {})
    expect(trips).toHaveLength(1)
    expect(trips[0]).toMatchObject({ status: "charged", customer_id: shopper.customerId })
    passed++
  })

  it("the demo's production profile runs on the same build, prints commands with its ports that walk a shopper, and a kill of its process group stops everything", async () => {
    const profileDb = `${database}_profile`
    await withPg(`${serverUrl}/postgres`, (c: any) => c.query(`CREATE DATABASE "${profileDb}"`))
    const [port, sandboxPort] = [await freePort(), await freePort()]
    const profileEnv: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: "development",
      NODE_OPTIONS: "",
      PORT: String(port),
      JWO_SANDBOX_PORT: String(sandboxPort),
      JWO_DEMO_PRODUCTION: "true",
      JWO_DEMO_WORKERS: "1",
      JWO_DEMO_PRODUCTION_APP: appDir,
      JWO_DEMO_PRODUCTION_DIR: path.join(work, "profile"),
      DATABASE_URL: `${serverUrl}/${profileDb}`,
    }
    delete profileEnv.REDIS_URL
    delete profileEnv.JWO_PLUGIN_OPTIONS
    const demo = spawn(process.execPath, [path.join(root, "scripts", "demo.js")], { cwd: root, env: profileEnv, detached: true, stdio: ["ignore", "pipe", "pipe"] })
    let output = ""
    demo.stdout.on("data", (chunk) => (output += chunk))
    demo.stderr.on("data", (chunk) => (output += chunk))
    const exited = new Promise((resolve) => demo.on("exit", resolve))
    try {
      await waitFor("the profile's ready line", async () => output.includes("[jwo-demo] ready:"), 10 * 60_000, demo as any)
      fs.writeFileSync(path.join(work, "profile.log"), output)
      // Each instance's role, port and log file.
      expect(output).toMatch(new RegExp(`server\\s+server\\s+${port}\\s+\\S+server\\.log`))
      expect(output).toMatch(/worker-1\s+worker\s+\d+\s+\S+worker-1\.log/)
      expect(output).toMatch(new RegExp(`sandbox\\s+Amazon\\s+${sandboxPort}`))
      // The printed journey command carries both ports; run it as printed.
      const printed = /^\s+(JWO_DEMO_URL=\S+ JWO_SANDBOX_PORT=\d+ )node scripts\/demo-journey\.js$/m.exec(output)
      expect(printed?.[1]).toBe(`JWO_DEMO_URL=http://localhost:${port} JWO_SANDBOX_PORT=${sandboxPort} `)
      const vars = Object.fromEntries(printed![1].trim().split(" ").map((kv) => kv.split("=")))
      const journey = spawnSync(process.execPath, ["scripts/demo-journey.js"], { cwd: root, env: { ...process.env, ...vars }, encoding: "utf8", timeout: 240_000 })
      fs.writeFileSync(path.join(work, "profile-journey.log"), `${journey.stdout}${journey.stderr}`)
      expect(journey.status).toBe(0)
      expect(journey.stdout).toMatch(/charged \(the whole journey took/)
    } finally {
      // The whole process group, by SIGKILL: nothing the profile started may survive it.
      try {
        process.kill(-demo.pid!, "SIGKILL")
      } catch {}
      await exited
    }
    await waitFor(
      "every port of the profile closed",
      async () => {
        const open = await Promise.all([port, sandboxPort].map((p) => httpOk(`http://127.0.0.1:${p}/health`).catch(() => false)))
        return open.every((o) => !o)
      },
      30_000
    )
    // Each guard stops its group (SIGTERM: Medusa's graceful shutdown, SIGKILL after 15 s) once the profile is gone.
    const left = () => spawnSync("ps", ["-eo", "args"], { encoding: "utf8" }).stdout.split("\n").filter((l) => l.includes(`--port ${port}`) || l.includes(`--port ${sandboxPort}`))
    await waitFor("no process of the profile left", async () => left().length === 0, 40_000).catch(() => {})
    expect(left()).toEqual([])
    passed++
  })
})
