/**
 * A merchant's Medusa app with the plugin installed from its npm package, built and installed the way
 * docs/deploy.md says: `npm pack` of this repository, a Medusa 2.21 app with only Medusa's packages, `npm install
 * <tarball>`, `medusa-config.ts` taken from the README (so the README and what runs cannot drift), `medusa build`,
 * then `npm ci --omit=dev` in `.medusa/server`, which is what runs in production (NODE_ENV=production).
 *
 * Used by the demo's production profile (scripts/demo-production.js) and the deploy suite (integration-tests/deploy).
 * Installs use npm's cache first (--prefer-offline), so a warm machine needs the registry only for what is missing.
 */
const crypto = require("node:crypto")
const fs = require("node:fs")
const path = require("node:path")
const { Fix, runStep } = require("./processes")

const root = path.resolve(__dirname, "..", "..")
const NPM = process.platform === "win32" ? "npm.cmd" : "npm"
const NPM_FLAGS = ["--prefer-offline", "--no-audit", "--no-fund", "--loglevel=warn"]

/** The README's marker before the code block a merchant copies as medusa-config.ts. */
const CONFIG_MARKER = "<!-- medusa-config.ts: the deploy suite and the production profile run this block -->"

/** The code block after `marker` in `markdown`, dedented (it may sit in a list item). */
function snippetAfter(markdown, marker) {
  const at = markdown.indexOf(marker)
  if (at < 0) throw new Fix(`README.md has no ${marker}`)
  const rest = markdown.slice(at + marker.length)
  const m = /\n([ \t]*)```(?:ts|typescript)\n([\s\S]*?)\n[ \t]*```/.exec(rest)
  if (!m) throw new Fix(`README.md has no \`\`\`ts block after ${marker}`)
  const indent = m[1]
  return m[2]
    .split("\n")
    .map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line.trimStart()))
    .join("\n")
}

/** medusa-config.ts exactly as the README shows it. */
function readmeMedusaConfig() {
  return `${snippetAfter(fs.readFileSync(path.join(root, "README.md"), "utf8"), CONFIG_MARKER)}\n`
}

/** The version of a package installed in this repository (the app gets the same, so npm's cache has it). */
function installedVersion(name) {
  return JSON.parse(fs.readFileSync(path.join(root, "node_modules", name, "package.json"), "utf8")).version
}

/** package.json of a fresh Medusa 2.21 app: Medusa's packages (as the starter has them), nothing of the plugin's. */
function appPackageJson(name) {
  const pin = (names) => Object.fromEntries(names.map((n) => [n, installedVersion(n)]))
  return {
    name,
    version: "0.0.1",
    private: true,
    scripts: { build: "medusa build", start: "medusa start", dev: "medusa develop", predeploy: "medusa db:migrate" },
    dependencies: pin(["@medusajs/admin-sdk", "@medusajs/cli", "@medusajs/draft-order", "@medusajs/framework", "@medusajs/medusa"]),
    devDependencies: pin(["@swc/core", "@types/node", "react", "react-dom", "ts-node", "typescript", "vite"]),
    engines: { node: ">=20" },
  }
}

/** tsconfig.json of Medusa's starter. */
const APP_TSCONFIG = {
  compilerOptions: {
    target: "ES2021",
    esModuleInterop: true,
    module: "Node16",
    moduleResolution: "Node16",
    emitDecoratorMetadata: true,
    experimentalDecorators: true,
    skipLibCheck: true,
    skipDefaultLibCheck: true,
    declaration: false,
    sourceMap: false,
    inlineSourceMap: true,
    outDir: "./.medusa/server",
    rootDir: "./",
    jsx: "react-jsx",
    forceConsistentCasingInFileNames: true,
    resolveJsonModule: true,
    checkJs: false,
    strict: true,
  },
  "ts-node": { swc: true },
  include: ["**/*", ".medusa/types/*"],
  exclude: ["node_modules", ".medusa/server", ".medusa/admin", ".cache"],
}

/**
 * `medusa plugin:build` (unless `build: false`) and `npm pack` of this repository into `dir`; returns the tarball's
 * path. The build is checked: a TypeScript that writes nothing must not ship an empty package.
 */
function packPlugin(dir, { logFile, log, build = true }) {
  fs.mkdirSync(dir, { recursive: true })
  if (build) runStep("medusa plugin:build", path.join(root, "node_modules", ".bin", "medusa"), ["plugin:build"], { cwd: root, logFile, log, root })
  if (!fs.existsSync(path.join(root, ".medusa/server/src/modules/jwo/index.js"))) throw new Fix("the plugin's build is missing (.medusa/server): run npm run build")
  const packed = runStep("npm pack", NPM, ["pack", "--json", "--pack-destination", dir], { cwd: root, logFile, log, root })
  const [{ filename }] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf("[")))
  return path.join(dir, filename)
}

const sha = (text) => crypto.createHash("sha256").update(text).digest("hex").slice(0, 16)

/**
 * The app in `appDir`: package.json with Medusa's packages, installed; then `npm install <tarball>`, as a merchant
 * does; then medusa-config.ts from the README. With `reuse`, Medusa's packages are installed again only when the
 * app's package.json changed (the production profile's second start); the deploy suite starts from an empty folder.
 */
function createHostApp({ appDir, tarball, logFile, log, reuse = false, name = "jwo-merchant-app" }) {
  fs.mkdirSync(path.join(appDir, "src"), { recursive: true })
  const pkg = appPackageJson(name)
  const pkgText = `${JSON.stringify(pkg, null, 2)}\n`
  const stamp = path.join(appDir, "node_modules", ".jwo-medusa-packages")
  const fresh = !reuse || !fs.existsSync(stamp) || fs.readFileSync(stamp, "utf8") !== sha(pkgText)
  if (fresh) {
    fs.rmSync(path.join(appDir, "node_modules"), { recursive: true, force: true })
    fs.rmSync(path.join(appDir, "package-lock.json"), { force: true })
    fs.writeFileSync(path.join(appDir, "package.json"), pkgText)
    runStep("npm install (Medusa's packages)", NPM, ["install", ...NPM_FLAGS], { cwd: appDir, logFile, log, root })
    fs.writeFileSync(stamp, sha(pkgText))
  } else {
    log("Medusa's packages are installed already (same package.json)")
  }
  // As a merchant: npm install <the plugin>. The tarball lies beside the app: package.json says file:../<tarball>.
  const relative = path.relative(appDir, tarball)
  const install = runStep(`npm install ${relative}`, NPM, ["install", ...NPM_FLAGS, relative], { cwd: appDir, logFile, log, root })
  fs.writeFileSync(path.join(appDir, "tsconfig.json"), `${JSON.stringify(APP_TSCONFIG, null, 2)}\n`)
  fs.writeFileSync(path.join(appDir, "medusa-config.ts"), readmeMedusaConfig())
  return { appDir, installOutput: `${install.stdout}${install.stderr}` }
}

/**
 * `medusa build` in the app, then `npm ci --omit=dev` in `.medusa/server` (docs/deploy.md). Returns the server
 * directory, from which `medusa db:migrate` and `medusa start` run with NODE_ENV=production.
 */
function buildHostApp({ appDir, tarball, logFile, log, env = process.env }) {
  const medusa = path.join(appDir, "node_modules", ".bin", "medusa")
  runStep("medusa build", medusa, ["build"], { cwd: appDir, env: { ...env, NODE_ENV: "production" }, logFile, log, root })
  const serverDir = path.join(appDir, ".medusa", "server")
  if (!fs.existsSync(path.join(serverDir, "medusa-config.js")) || !fs.existsSync(path.join(serverDir, "public", "admin", "index.html"))) {
    throw new Fix(`medusa build wrote no ${path.join(serverDir, "medusa-config.js")} or admin index.html; see ${logFile}`)
  }
  // The build copies package.json and the lock, whose file:../<tarball> now points from .medusa/server: put the
  // tarball there too (an app that installs the plugin from the registry has nothing to do here).
  const spec = JSON.parse(fs.readFileSync(path.join(serverDir, "package.json"), "utf8")).dependencies["medusa-plugin-jwo"]
  if (spec && spec.startsWith("file:")) fs.copyFileSync(tarball, path.resolve(serverDir, spec.slice("file:".length)))
  runStep("npm ci --omit=dev (.medusa/server)", NPM, ["ci", "--omit=dev", ...NPM_FLAGS], { cwd: serverDir, env: { ...env, NODE_ENV: "production" }, logFile, log, root })
  return { serverDir, medusa: path.join(serverDir, "node_modules", ".bin", "medusa") }
}

/**
 * The environment of the app's instances: what docs/deploy.md lists, with `values` filled in. Starts from a clean
 * environment (PATH, HOME and npm's cache only), so nothing of the calling process (a test runner's NODE_OPTIONS,
 * JWO_PLUGIN_OPTIONS) leaks into what is meant to be the merchant's production.
 */
function appEnv(values) {
  const keep = ["PATH", "HOME", "TMPDIR", "LANG", "npm_config_cache", "NPM_CONFIG_CACHE"]
  const base = Object.fromEntries(keep.filter((k) => process.env[k] !== undefined).map((k) => [k, process.env[k]]))
  return {
    ...base,
    NODE_ENV: "production",
    MEDUSA_DISABLE_TELEMETRY: "true",
    LOG_LEVEL: "info",
    ...values,
  }
}

module.exports = { CONFIG_MARKER, appEnv, appPackageJson, buildHostApp, createHostApp, packPlugin, readmeMedusaConfig, snippetAfter }
