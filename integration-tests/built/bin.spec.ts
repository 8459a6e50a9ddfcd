import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { spawn, spawnSync } from "node:child_process"
import aws4 from "aws4"

/**
 * The package's bin (`npx medusa-plugin-jwo`) as a merchant runs it: from the build, through its real entry point
 * (`bin/medusa-plugin-jwo.js`, what npm links), in a child process.
 */
jest.setTimeout(120_000)

const root = path.resolve(__dirname, "..", "..")
const bin = path.join(root, "bin", "medusa-plugin-jwo.js")
const run = (args: string[], env: NodeJS.ProcessEnv = process.env, cwd = root) =>
  spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", timeout: 30_000, env, cwd })

/** Starts `medusa-plugin-jwo sandbox` on a free port; resolves with its banner once it listens. */
function startSandbox(env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [bin, "sandbox", "--port", "0", "--quiet"], { env, stdio: ["ignore", "pipe", "pipe"] })
  return new Promise<{ child: typeof child; banner: string; url: string }>((resolve, reject) => {
    let banner = ""
    child.stdout.on("data", (chunk) => {
      banner += chunk
      const url = /listening on (http:\/\/\S+)/.exec(banner)
      if (url && banner.includes("Stop with Ctrl-C")) resolve({ child, banner, url: url[1] })
    })
    child.stderr.on("data", (chunk) => (banner += chunk))
    child.on("exit", (code) => reject(new Error(`the sandbox exited (${code}): ${banner}`)))
  })
}

/** A Checkout call for a trip the sandbox does not know, SigV4-signed with `credentials`. */
async function signedCheckout(url: string, credentials: { accessKeyId: string; secretAccessKey: string }) {
  const { host } = new URL(url)
  const money = (amount: string) => ({ amount, currencyCode: "USD" })
  const body = JSON.stringify({
    idempotentShoppingTripId: "unknown-trip",
    storeId: "S",
    lineItems: [
      { productId: "P", type: "SKU", quantity: { value: "1.0", unit: "unit" }, unitPrice: { price: money("0.01"), promotions: [], salesTax: money("0.00"), totalPrice: money("0.01") } },
    ],
    orderTotals: { subTotal: money("0.01"), promotionsTotal: money("0.00"), salesTaxTotal: money("0.00"), priceTotal: money("0.01") },
  })
  const signed = aws4.sign(
    { host, path: "/v1/checkout/carts", method: "POST", service: "execute-api", region: "us-east-1", headers: { "content-type": "application/json" }, body },
    credentials
  )
  const response = await fetch(`${url}/v1/checkout/carts`, { method: "POST", headers: signed.headers as Record<string, string>, body })
  return { status: response.status, body: await response.json() }
}

describe("npx medusa-plugin-jwo", () => {
  it("--help prints every command on stdout and exits 0; each command has its own --help", () => {
    for (const flag of ["--help", "-h", "help"]) {
      const help = run([flag])
      expect(help).toMatchObject({ status: 0, stderr: "" })
      expect(help.stdout).toMatch(/^Usage: medusa-plugin-jwo <command>/)
      for (const command of ["sandbox", "walk", "load"]) expect(help.stdout).toMatch(new RegExp(`^  ${command} `, "m"))
      expect(help.stdout).toContain("jwo-catalog-sync.js [STORE-ID]... [force] [wait]")
    }
    expect(run(["sandbox", "--help"])).toMatchObject({ status: 0, stdout: expect.stringMatching(/^Usage: medusa-plugin-jwo sandbox/) })
    expect(run(["walk", "--help"])).toMatchObject({ status: 0, stdout: expect.stringMatching(/^Usage: medusa-plugin-jwo walk/) })
    expect(run(["load", "--help"])).toMatchObject({ status: 0, stdout: expect.stringMatching(/^Usage: medusa-plugin-jwo load/) })
    expect(run(["walk", "--store-id", "S"])).toMatchObject({ status: 2, stderr: expect.stringMatching(/--scan-key-code is required/) })
    // Nothing, or an unknown command: the usage on stderr, status 2.
    expect(run([])).toMatchObject({ status: 2, stdout: "", stderr: expect.stringMatching(/^Usage: medusa-plugin-jwo <command>/) })
    expect(run(["nonsense"])).toMatchObject({ status: 2, stderr: expect.stringMatching(/unknown command "nonsense"[\s\S]*Commands:/) })
  })

  it("in a checkout that was not built, says to run npm run build (no stack trace); --help still works", () => {
    const checkout = fs.mkdtempSync(path.join(os.tmpdir(), "jwo-unbuilt-"))
    try {
      fs.mkdirSync(path.join(checkout, "bin"))
      fs.copyFileSync(bin, path.join(checkout, "bin", "medusa-plugin-jwo.js"))
      const unbuilt = path.join(checkout, "bin", "medusa-plugin-jwo.js")
      for (const command of ["sandbox", "walk", "load"]) {
        const result = spawnSync(process.execPath, [unbuilt, command, "--help"], { encoding: "utf8", cwd: checkout })
        expect(result.status).toBe(1)
        expect(result.stderr).toContain(`"${command}" runs from the plugin's build`)
        expect(result.stderr).toContain("Build it first: npm run build")
        expect(result.stderr).not.toMatch(/\n\s+at /) // no stack
      }
      expect(spawnSync(process.execPath, [unbuilt, "--help"], { encoding: "utf8" })).toMatchObject({ status: 0 })
    } finally {
      fs.rmSync(checkout, { recursive: true, force: true })
    }
  })

  it("sandbox accepts the AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY it is given, says which key at start, and refuses others", async () => {
    const own = { accessKeyId: "AKIAMERCHANTOWNKEY01", secretAccessKey: "merchant-own-secret-access-key-000001" }
    const { child, banner, url } = await startSandbox({ ...process.env, AWS_ACCESS_KEY_ID: own.accessKeyId, AWS_SECRET_ACCESS_KEY: own.secretAccessKey })
    try {
      expect(banner).toContain(`Access key accepted:      ${own.accessKeyId} (from AWS_ACCESS_KEY_ID)`)
      expect(banner).not.toContain(own.secretAccessKey)
      // Signed with the app's own keys: past SigV4 (Amazon's 400 for an unknown trip, not 403).
      const accepted = await signedCheckout(url, own)
      expect(accepted.status).toBe(400)
      expect(accepted.body.errorMsg).toMatch(/UnknownShoppingTrip/)
      const demoKey = await signedCheckout(url, { accessKeyId: "AKIAJWOSANDBOX000001", secretAccessKey: "jwo-sandbox-secret-access-key-0000000001" })
      expect(demoKey.status).toBe(403)
    } finally {
      child.kill("SIGTERM")
    }
    // Without the variables: the demo key, said so.
    const env = { ...process.env }
    delete env.AWS_ACCESS_KEY_ID
    delete env.AWS_SECRET_ACCESS_KEY
    const demo = await startSandbox(env)
    demo.child.kill("SIGTERM")
    expect(demo.banner).toContain("Access key accepted:      AKIAJWOSANDBOX000001 (demo default)")
  })

  it("running it does not trigger medusa develop's file watcher (it writes nothing in the project)", async () => {
    // The watcher exactly as `medusa develop` sets it up: its chokidar, its ignore list, the project as cwd.
    const develop = fs.readFileSync(path.join(root, "node_modules/@medusajs/medusa/dist/commands/develop.js"), "utf8")
    const ignored = new Function(`return ${/ignored: (\[[\s\S]*?\]),/.exec(develop)![1]}`)()
    const chokidar = require(require.resolve("chokidar", { paths: [path.join(root, "node_modules/@medusajs/medusa")] }))
    const events: string[] = []
    const watcher = chokidar.watch(".", { ignoreInitial: true, cwd: root, ignored })
    watcher.on("all", (event: string, file: string) => events.push(`${event} ${file}`))
    await new Promise((resolve) => watcher.on("ready", resolve))
    try {
      run(["--help"])
      run(["walk", "--help"])
      run(["load", "--help"])
      run(["walk", "--store-id", "S", "--scan-key-code", "JWO1", "--item", "A", "--secret", "x".repeat(16), "--plugin-url", "http://127.0.0.1:9", "--timeout", "1"])
      const sandbox = await startSandbox(process.env)
      sandbox.child.kill("SIGTERM")
      await new Promise((resolve) => sandbox.child.on("exit", resolve))
      await new Promise((resolve) => setTimeout(resolve, 1500))
      expect(events).toEqual([])
    } finally {
      await watcher.close()
    }
  })
})
