/**
 * Starting and stopping the processes of a production-shaped run: Medusa instances (`medusa start`, one role each),
 * a redis-server of its own, one-off steps (`medusa db:migrate`, `medusa exec`), PostgreSQL helpers. Shared by the
 * chaos run (scripts/chaos.js), the demo's production profile (scripts/demo-production.js), the scale-out bench and
 * the deploy suite (integration-tests/deploy). Plain CommonJS; only Node, undici and pg.
 *
 * Every long-running child is started through scripts/lib/guard.js, in its own process group: a signal to the group
 * reaches the whole tree (npx, medusa, what it forks), and when the script that started it dies in any way (Ctrl-C,
 * SIGTERM, SIGKILL, a kill of its process group) the guard stops the group, so nothing is left running.
 */
const { spawn, spawnSync } = require("node:child_process")
const fs = require("node:fs")
const net = require("node:net")
const path = require("node:path")
const { request } = require("undici")

const { Fix } = require("../bench-lib")

const GUARD = path.join(__dirname, "guard.js")

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.unref()
    server.on("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

/** Every child started by `launch` that has not exited yet. */
const children = new Set()

/**
 * Starts `command args` under the guard, in its own process group. Its output goes to `logFile` (appended), or to
 * this process's terminal with `inherit: true`. Returns the child (the guard), with `exited`: a promise of
 * { code, signal }.
 */
function launch(command, args, { env = process.env, cwd, logFile, inherit = false }) {
  let out
  if (!inherit) out = fs.openSync(logFile, "a")
  const child = spawn(process.execPath, [GUARD, command, ...args], {
    cwd,
    env,
    detached: true,
    stdio: ["pipe", inherit ? "inherit" : out, inherit ? "inherit" : out],
  })
  if (out !== undefined) fs.closeSync(out)
  children.add(child)
  child.exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })))
  child.exited.then(() => children.delete(child))
  return child
}

const running = (child) => Boolean(child) && child.exitCode === null && child.signalCode === null

function killGroup(child, signal = "SIGKILL") {
  if (!running(child)) return
  try {
    process.kill(-child.pid, signal)
  } catch {}
}

/** SIGTERM to every child's group, then SIGKILL to what is left after `graceMs`. */
async function stopChildren(graceMs = 15000) {
  const all = [...children]
  for (const child of all) killGroup(child, "SIGTERM")
  await Promise.race([Promise.all(all.map((c) => c.exited)), sleep(graceMs)])
  for (const child of all) killGroup(child, "SIGKILL")
  await Promise.race([Promise.all(all.map((c) => c.exited)), sleep(2000)])
}

/** SIGKILL to every child's group, now (for a script that must exit at once). */
function killChildren() {
  for (const child of children) killGroup(child, "SIGKILL")
}

async function waitFor(what, check, timeoutMs, child) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (await check().catch(() => false)) return
    if (child && !running(child)) throw new Fix(`${what}: the process exited (${child.exitCode ?? child.signalCode}); see its log`)
    if (Date.now() > deadline) throw new Fix(`${what} did not happen within ${timeoutMs / 1000} s`)
    await sleep(250)
  }
}

async function httpOk(url) {
  const res = await request(url, { headersTimeout: 2000, bodyTimeout: 2000 })
  await res.body.text()
  return res.statusCode === 200
}

/**
 * Runs one step to its end (`medusa db:migrate`, `medusa exec ...`, `npm ci`), its output appended to `logFile`.
 * Throws a Fix naming the log when it fails.
 */
function runStep(label, command, args, { cwd, env = process.env, logFile, log = () => {}, root = process.cwd() }) {
  log(`${label}...`)
  const started = Date.now()
  fs.appendFileSync(logFile, `\n===== ${label}: ${command} ${args.join(" ")} (in ${cwd || process.cwd()}) =====\n`)
  const result = spawnSync(command, args, { cwd, env, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 })
  fs.appendFileSync(logFile, `${result.stdout || ""}${result.stderr || ""}`)
  if (result.status !== 0) {
    throw new Fix(`${label} failed (exit ${result.status ?? result.signal ?? result.error?.message}); see ${path.relative(root, logFile) || logFile}`)
  }
  log(`${label} done in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  return result
}

/**
 * A Medusa instance (`medusa start`) in one role (`server`, `worker`, `shared`), that can be killed and started
 * again on the same port. `medusa` is the path of the medusa bin to run, `cwd` where (the app, or its `.medusa/server`
 * build). With `restartOnExit`, an exit nobody asked for is restarted, as a process manager would.
 */
class MedusaInstance {
  constructor({ name, role, port, env, cwd, logFile, medusa, restartOnExit = false, log = () => {}, at = () => "" }) {
    Object.assign(this, { name, role, port, env, cwd, logFile, medusa, restartOnExit, log, at, child: null, starts: 0, unexpectedExits: 0, stopping: false })
  }
  get url() {
    return `http://127.0.0.1:${this.port}`
  }
  async start(timeoutMs = 180_000) {
    this.starts++
    fs.appendFileSync(this.logFile, `\n===== ${this.name} (${this.role}) start #${this.starts}${this.at() ? ` at ${this.at()}` : ""} =====\n`)
    const child = launch(this.medusa, ["start", "--port", String(this.port)], {
      cwd: this.cwd,
      env: { ...this.env, MEDUSA_WORKER_MODE: this.role, PORT: String(this.port) },
      logFile: this.logFile,
    })
    this.child = child
    child.exited.then(({ code, signal }) => {
      if (this.child !== child || child.killedOnPurpose || this.stopping) return
      this.unexpectedExits++
      this.child = null
      if (this.restartOnExit) {
        this.log(`${this.name} exited by itself (${code ?? signal})${this.at() ? ` at ${this.at()}` : ""}: restarting it, as a process manager would`)
        this.start().catch((error) => this.log(`${this.name} restart failed: ${error.message}`))
      } else {
        this.log(`${this.name} (${this.role}, port ${this.port}) exited by itself (${code ?? signal}); see ${this.logFile}`)
      }
    })
    await waitFor(`${this.name} answering /health`, () => httpOk(`${this.url}/health`), timeoutMs, child)
    return Date.now()
  }
  /** SIGKILL (a crash); resolves when it is gone. */
  kill(signal = "SIGKILL") {
    if (!this.child) return Promise.resolve()
    this.child.killedOnPurpose = true
    killGroup(this.child, signal)
    const exited = this.child.exited
    this.child = null
    return exited
  }
  /** SIGTERM (Medusa's graceful shutdown), SIGKILL after `graceMs`. */
  async stop(graceMs = 15000) {
    this.stopping = true
    const child = this.child
    if (!child) return
    child.killedOnPurpose = true
    killGroup(child, "SIGTERM")
    const timer = setTimeout(() => killGroup(child, "SIGKILL"), graceMs)
    await child.exited
    clearTimeout(timer)
    this.child = null
  }
}

function redisPing(port, host = "127.0.0.1") {
  return new Promise((resolve) => {
    const socket = net.connect(port, host)
    socket.setTimeout(1000)
    socket.on("connect", () => socket.write("PING\r\n"))
    socket.on("data", (data) => {
      socket.destroy()
      resolve(String(data).startsWith("+PONG"))
    })
    socket.on("error", () => resolve(false))
    socket.on("timeout", () => {
      socket.destroy()
      resolve(false)
    })
  })
}

/** A redis-server of our own on `port`, without persistence (it comes back empty after a stop). */
class RedisServer {
  constructor(port, logFile) {
    Object.assign(this, { port, logFile, child: null })
  }
  get url() {
    return `redis://127.0.0.1:${this.port}`
  }
  async start() {
    this.child = launch("redis-server", ["--port", String(this.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
      logFile: this.logFile,
    })
    await waitFor("redis-server answering", () => redisPing(this.port), 10_000, this.child)
    return Date.now()
  }
  async stop() {
    if (!this.child) return
    const exited = this.child.exited
    killGroup(this.child, "SIGKILL")
    this.child = null
    await exited
  }
}

/** True when redis-server is on the PATH. */
function hasRedisServer() {
  return spawnSync("redis-server", ["--version"], { encoding: "utf8" }).status === 0
}

/* ------------------------------------------------------------------ */
/* PostgreSQL                                                          */
/* ------------------------------------------------------------------ */

function pgClient(connectionString) {
  const { Client } = require("pg")
  return new Client({ connectionString, connectionTimeoutMillis: 5000 })
}

async function withPg(url, fn) {
  const client = pgClient(url)
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end().catch(() => {})
  }
}

/** postgres://user[:password]@host:port (no database) for what `ensurePostgres` found. */
function pgServerUrl(pg) {
  return `postgres://${encodeURIComponent(pg.user)}${pg.password ? `:${encodeURIComponent(pg.password)}` : ""}@${pg.host}:${pg.port}`
}

module.exports = {
  Fix,
  MedusaInstance,
  RedisServer,
  children,
  freePort,
  hasRedisServer,
  httpOk,
  killChildren,
  killGroup,
  launch,
  pgClient,
  pgServerUrl,
  redisPing,
  runStep,
  running,
  sleep,
  stopChildren,
  waitFor,
  withPg,
}
