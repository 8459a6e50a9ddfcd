/**
 * The app the browser suite drives: this repository started with `medusa start` (the built admin at /app, served
 * the way production serves it), on its own database and port, with the Amazon sandbox beside it.
 *
 * Medusa's integration test runner always disables the admin, so the suite boots the app itself: a fresh database,
 * `medusa db:migrate`, the seed (`medusa exec ./integration-tests/browser/seed.ts`), then `medusa start`. The admin
 * bundle must have been built into public/admin first (`npm test -- browser` does it, see scripts/test.js).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process"
import { createWriteStream, existsSync, mkdirSync, readFileSync } from "node:fs"
import { createServer } from "node:net"
import { join, resolve } from "node:path"
import { Client } from "pg"
import { startSandbox, type Sandbox } from "../../../src/sandbox/server"
import { INBOUND_SECRET, INBOUND_SECRET_NEXT } from "../../helpers/env"
import { BROWSER_ADMIN } from "./constants"

export const ROOT = resolve(__dirname, "../../..")
const MEDUSA = join(ROOT, "node_modules", ".bin", "medusa")
export const SANDBOX_CREDENTIALS = { accessKeyId: "AKIAJWOBROWSERTEST01", secretAccessKey: "browser-test-secret-access-key-000001" }

export type BrowserSeed = {
  user_id: string
  jwo_store_id: string
  amazon_store_id: string
  region_id: string
  sales_channel_id: string
  stock_location_id: string
  customers: { id: string; email: string; first_name: string; last_name: string }[]
}

export type BrowserApp = {
  baseUrl: string
  admin: typeof BROWSER_ADMIN
  seed: BrowserSeed
  sandbox: Sandbox
  /** Bearer headers of the admin user, for setting things up through the admin API. */
  adminHeaders: Record<string, string>
  logFile: string
  stop(): Promise<void>
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolvePort(port))
    })
  })
}

function pgConfig(database = "postgres") {
  return {
    host: process.env.DB_HOST || "localhost",
    port: Number(process.env.DB_PORT || 5432),
    user: process.env.DB_USERNAME || "postgres",
    password: process.env.DB_PASSWORD || undefined,
    database,
  }
}

async function withPg<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client(pgConfig())
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

function databaseUrl(database: string) {
  const { host, port, user, password } = pgConfig()
  const auth = password ? `${encodeURIComponent(user)}:${encodeURIComponent(password)}` : encodeURIComponent(user)
  return `postgres://${auth}@${host}:${port}/${database}`
}

function runMedusa(args: string[], env: NodeJS.ProcessEnv, logFile: string) {
  const result = spawnSync(MEDUSA, args, { cwd: ROOT, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 })
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`
  require("node:fs").appendFileSync(logFile, `\n$ medusa ${args.join(" ")}\n${output}`)
  if (result.status !== 0) {
    throw new Error(`medusa ${args.join(" ")} failed (exit ${result.status ?? result.signal}); see ${logFile}:\n${output.slice(-3000)}`)
  }
}

async function waitForHealth(baseUrl: string, child: ChildProcess, logFile: string, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`medusa start exited with ${child.exitCode}; see ${logFile}`)
    try {
      const response = await fetch(`${baseUrl}/health`)
      if (response.ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300))
  }
  throw new Error(`medusa start did not answer /health within ${timeoutMs / 1000} s; see ${logFile}`)
}

/** Boots the app (database, migrations, seed, `medusa start`) and the sandbox. Call `stop()` in afterAll. */
export async function startBrowserApp(extraEnv: Record<string, string> = {}): Promise<BrowserApp> {
  if (!existsSync(join(ROOT, "public/admin/index.html"))) {
    throw new Error("No built admin in public/admin: run the suite with `npm test -- browser`, which builds it (scripts/test.js).")
  }
  const runId = `${process.pid}_${Date.now()}`
  const logDir = join(ROOT, ".test-data", "browser")
  mkdirSync(logDir, { recursive: true })
  const logFile = join(logDir, `medusa-${runId}.log`)
  const database = `jwo_browser_${runId}`
  await withPg((c) => c.query(`CREATE DATABASE "${database}"`))

  const [port, sandboxPort] = [await freePort(), await freePort()]
  const baseUrl = `http://localhost:${port}`
  const sandbox = await startSandbox({
    port: sandboxPort,
    host: "127.0.0.1",
    credentials: [SANDBOX_CREDENTIALS],
    storeIds: "any",
    region: "us-east-1",
  })
  const seedFile = join(logDir, `seed-${runId}.json`)
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "test",
    DATABASE_URL: databaseUrl(database),
    PORT: String(port),
    MEDUSA_ADMIN_DISABLE: "false",
    ADMIN_CORS: baseUrl,
    AUTH_CORS: baseUrl,
    STORE_CORS: baseUrl,
    JWO_INBOUND_SECRETS: `${INBOUND_SECRET},${INBOUND_SECRET_NEXT}`,
    JWO_QUEUE_PREFIX: `jwo-browser-${runId}`,
    JWO_CHECKOUT_ENDPOINT: `${sandbox.url}/v1`,
    JWO_CATALOG_ENDPOINT: `${sandbox.url}/v1`,
    AWS_ACCESS_KEY_ID: SANDBOX_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: SANDBOX_CREDENTIALS.secretAccessKey,
    JWO_CATALOG_NOTIFICATIONS_QUEUE_URL: "off",
    JWO_AMAZON_TIMEOUT_MS: "2000",
    JWO_TRIP_RETRY_BASE_MS: "200",
    JWO_CHECKOUT_MAX_ATTEMPTS: "3",
    JWO_CHECKOUT_RETRY_BASE_MS: "100",
    JWO_CHECKOUT_RETRY_MAX_MS: "400",
    JWO_BROWSER_SEED_OUT: seedFile,
    LOG_LEVEL: process.env.LOG_LEVEL || "error",
    ...extraEnv,
  }
  delete env.REDIS_URL // Medusa's own modules stay in-process; the plugin's queues use JWO_REDIS_URL when set.

  let child: ChildProcess | undefined
  const stop = async () => {
    if (child && child.exitCode === null && child.pid) {
      const exited = new Promise((r) => child!.once("exit", r))
      try {
        process.kill(-child.pid, "SIGTERM")
      } catch {
        // already gone
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))])
      if (child.exitCode === null) {
        try {
          process.kill(-child.pid, "SIGKILL")
        } catch {
          // already gone
        }
      }
    }
    await sandbox.close().catch(() => undefined)
    if (!process.env.JWO_BROWSER_KEEP_DB) {
      await withPg((c) => c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`)).catch(() => undefined)
    }
  }

  try {
    runMedusa(["db:migrate", "--execute-safe-links"], env, logFile)
    runMedusa(["exec", "./integration-tests/browser/seed.ts"], env, logFile)
    const seed = JSON.parse(readFileSync(seedFile, "utf8")) as BrowserSeed

    const out = createWriteStream(logFile, { flags: "a" })
    await new Promise((r) => out.once("open", r))
    child = spawn(MEDUSA, ["start", "--port", String(port)], { cwd: ROOT, env, detached: true, stdio: ["ignore", out, out] })
    await waitForHealth(baseUrl, child, logFile)

    const login = await fetch(`${baseUrl}/auth/user/emailpass`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: BROWSER_ADMIN.email, password: BROWSER_ADMIN.password }),
    })
    const { token } = (await login.json()) as { token?: string }
    if (!token) throw new Error(`the admin user could not log in (${login.status})`)

    return { baseUrl, admin: BROWSER_ADMIN, seed, sandbox, adminHeaders: { authorization: `Bearer ${token}` }, logFile, stop }
  } catch (error) {
    await stop()
    throw error
  }
}
