/**
 * What the browser suite needs before jest starts (scripts/test.js calls it):
 *
 * - Chromium (Debian's `chromium` package, or JWO_CHROMIUM), driven by playwright-core;
 * - the built Medusa Admin in public/admin, where `medusa start` serves it from at /app. It is built with
 *   `medusa build --admin-only` (the production bundle, about 30 s) only when the admin's sources changed since the
 *   last build: a hash of src/admin, src/types, package-lock.json and medusa-config.ts is kept next to the bundle.
 *
 *   node scripts/browser-admin.js          build when stale, print where
 *   node scripts/browser-admin.js --force  build again
 */
const { spawnSync } = require("node:child_process")
const crypto = require("node:crypto")
const fs = require("node:fs")
const path = require("node:path")

const INPUTS = ["src/admin", "src/types", "package-lock.json", "medusa-config.ts"]
const OUT = "public/admin"
const HASH_FILE = ".jwo-admin-build-hash"

function listFiles(root, rel) {
  const full = path.join(root, rel)
  if (!fs.existsSync(full)) return []
  if (fs.statSync(full).isFile()) return [rel]
  return fs
    .readdirSync(full, { withFileTypes: true })
    .flatMap((entry) => listFiles(root, path.join(rel, entry.name)))
    .sort()
}

function sourceHash(root) {
  const hash = crypto.createHash("sha256")
  for (const file of INPUTS.flatMap((input) => listFiles(root, input))) {
    hash.update(file).update("\0").update(fs.readFileSync(path.join(root, file))).update("\0")
  }
  return hash.digest("hex")
}

function chromiumPath() {
  return process.env.JWO_CHROMIUM || "/usr/bin/chromium"
}

/** Builds the admin when stale; returns false (after saying why) when the suite cannot run. */
function prepareBrowserSuite({ root, env = process.env, log = console.log, force = false }) {
  if (!fs.existsSync(chromiumPath())) {
    log(`the browser suite needs Chromium at ${chromiumPath()}: apt-get install -y chromium (or set JWO_CHROMIUM)`)
    return false
  }
  const out = path.join(root, OUT)
  const hash = sourceHash(root)
  const hashFile = path.join(out, HASH_FILE)
  if (!force && fs.existsSync(path.join(out, "index.html")) && fs.existsSync(hashFile) && fs.readFileSync(hashFile, "utf8") === hash) {
    log(`admin bundle in ${OUT} is up to date`)
    return true
  }
  log(`building the admin bundle (medusa build --admin-only) into ${OUT}...`)
  const started = Date.now()
  const built = path.join(root, ".medusa", "admin")
  fs.rmSync(built, { recursive: true, force: true })
  const run = spawnSync("npx", ["medusa", "build", "--admin-only"], {
    cwd: root,
    stdio: "inherit",
    // The production bundle (React's production build), as a merchant's admin runs.
    env: { ...env, NODE_ENV: "production", MEDUSA_ADMIN_DISABLE: "false", LOG_LEVEL: "warn" },
  })
  if (run.status !== 0 || !fs.existsSync(path.join(built, "index.html"))) {
    log("the admin build failed (its output is above)")
    return false
  }
  fs.rmSync(out, { recursive: true, force: true })
  fs.mkdirSync(path.dirname(out), { recursive: true })
  fs.renameSync(built, out)
  fs.writeFileSync(hashFile, hash)
  log(`admin bundle built in ${Math.round((Date.now() - started) / 1000)} s`)
  return true
}

module.exports = { prepareBrowserSuite, sourceHash }

if (require.main === module) {
  const root = path.resolve(__dirname, "..")
  const ok = prepareBrowserSuite({ root, force: process.argv.includes("--force"), log: (m) => console.log(`[jwo-browser] ${m}`) })
  process.exit(ok ? 0 : 1)
}
