#!/usr/bin/env node
/**
 * The test command: `npm test`. Runs, in order, the unit tests, the module tests, the HTTP tests (the repository
 * as a Medusa app), the built-plugin tests (the build loaded by a fixture app, and the bin), the deploy tests (the
 * npm package installed into a fresh Medusa app, built and run as production: integration-tests/deploy) and the
 * browser tests (Medusa Admin in headless Chromium), against real PostgreSQL and Redis. Prints one closing line
 * "N passed, N failed" and exits non-zero on any failure.
 *
 *   npm test                 all suites
 *   npm test -- unit http    only those suites (unit, modules, http, built, deploy, browser)
 *   npm test -- http -- integration-tests/http/shopper-exit.spec.ts -t "weighed"   jest arguments after a second --
 */
const { spawnSync } = require("node:child_process")
const fs = require("node:fs")
const os = require("node:os")
const path = require("node:path")
const { ensurePostgres, findRedis } = require("./services")
const { prepareBrowserSuite } = require("./browser-admin")

const root = path.resolve(__dirname, "..")
const SUITES = {
  unit: "unit",
  modules: "integration:modules",
  http: "integration:http",
  built: "integration:built",
  deploy: "integration:deploy",
  browser: "integration:browser",
}

function log(message) {
  console.log(`[jwo-test] ${message}`)
}

async function main() {
  // `npm test -- http -- -t "name"`: suites, then arguments for jest after a second "--".
  const argv = process.argv.slice(2)
  const split = argv.indexOf("--")
  const jestArgs = split >= 0 ? argv.slice(split + 1) : []
  const asked = (split >= 0 ? argv.slice(0, split) : argv).filter((a) => !a.startsWith("-"))
  const unknown = asked.filter((name) => !SUITES[name])
  if (unknown.length) {
    console.error(`Unknown suite(s): ${unknown.join(", ")}. Choose from: ${Object.keys(SUITES).join(", ")}.`)
    process.exit(2)
  }
  const suites = asked.length ? asked : Object.keys(SUITES)
  const needsServices = suites.some((s) => s !== "unit")

  const env = { ...process.env, NODE_ENV: "test", LOG_LEVEL: process.env.LOG_LEVEL || "error", NODE_OPTIONS: `${process.env.NODE_OPTIONS || ""} --experimental-vm-modules`.trim() }
  let pg = null
  if (needsServices) {
    pg = await ensurePostgres({ dataDir: path.join(root, ".test-data", "pg"), log })
    Object.assign(env, { DB_HOST: pg.host, DB_PORT: String(pg.port), DB_USERNAME: pg.user, DB_PASSWORD: pg.password })
    const redisUrl = await findRedis()
    if (redisUrl) {
      env.JWO_REDIS_URL = redisUrl
      log(`PostgreSQL ${pg.host}:${pg.port}${pg.embedded ? " (embedded)" : ""}; Redis ${redisUrl}`)
    } else {
      log(`PostgreSQL ${pg.host}:${pg.port}${pg.embedded ? " (embedded)" : ""}; no Redis answers: queue tests use the in-process runner`)
    }
  }

  if ((suites.includes("built") || suites.includes("deploy")) && !fs.existsSync(path.join(root, ".medusa/server/src/modules/jwo/index.js"))) {
    log("the built-plugin and deploy suites need the build: running medusa plugin:build")
    const build = spawnSync("npx", ["medusa", "plugin:build"], { cwd: root, stdio: "inherit", env })
    if (build.status !== 0) process.exit(1)
  }

  if (suites.includes("browser")) {
    const ready = prepareBrowserSuite({ root, env, log })
    if (!ready) process.exit(1)
  }

  let passed = 0
  let failed = 0
  let broken = false
  for (const suite of suites) {
    const resultFile = path.join(os.tmpdir(), `jwo-jest-${process.pid}-${suite}.json`)
    log(`suite ${suite}`)
    const run = spawnSync(
      "npx",
      ["jest", "--runInBand", "--forceExit", "--passWithNoTests", "--json", `--outputFile=${resultFile}`, ...jestArgs],
      { cwd: root, stdio: "inherit", env: { ...env, TEST_TYPE: SUITES[suite] } }
    )
    let result = null
    try {
      result = JSON.parse(fs.readFileSync(resultFile, "utf8"))
    } catch {}
    if (result) {
      passed += result.numPassedTests
      failed += result.numFailedTests
      if (result.numRuntimeErrorTestSuites > 0) broken = true
    }
    if (run.status !== 0 || !result) broken = true
  }
  if (pg?.embedded) await pg.embedded.stop()
  console.log("")
  console.log(`jwo-tests: ${passed} passed, ${failed} failed`)
  process.exit(broken || failed > 0 || passed === 0 ? 1 : 0)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
