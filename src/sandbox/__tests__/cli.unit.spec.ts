import { spawn } from "node:child_process"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { CliError, DEMO_ACCESS_KEY_ID, DEMO_SECRET_ACCESS_KEY, parseCliArgs, runCli } from "../cli"
import { signedPost } from "./helpers"

describe("sandbox CLI", () => {
  it("defaults: port 4010, 127.0.0.1, any store, the demo's credentials (same as demo/defaults.json)", () => {
    const parsed = parseCliArgs([], {})
    expect(parsed).toEqual({
      help: false,
      config: {
        port: 4010,
        host: "127.0.0.1",
        storeIds: "any",
        credentials: { accessKeyId: DEMO_ACCESS_KEY_ID, secretAccessKey: DEMO_SECRET_ACCESS_KEY },
        demoCredentials: true,
        quiet: false,
        notifications: true,
        rawDelivery: false,
      },
    })
    expect(parseCliArgs(["--no-notifications", "--raw-delivery"], {})).toMatchObject({ config: { notifications: false, rawDelivery: true } })
    expect(parseCliArgs([], { JWO_SANDBOX_NOTIFICATIONS: "false" })).toMatchObject({ config: { notifications: false } })
    const demo = JSON.parse(readFileSync(join(__dirname, "../../../demo/defaults.json"), "utf8"))
    expect([demo.AWS_ACCESS_KEY_ID, demo.AWS_SECRET_ACCESS_KEY]).toEqual([DEMO_ACCESS_KEY_ID, DEMO_SECRET_ACCESS_KEY])
    expect(demo.JWO_CHECKOUT_ENDPOINT).toBe("http://localhost:4010/v1")
  })

  it("reads flags (after an optional 'sandbox' sub-command) and the environment", () => {
    const env = { JWO_SANDBOX_PORT: "5000", AWS_ACCESS_KEY_ID: "AKIAENV", AWS_SECRET_ACCESS_KEY: "env-secret", JWO_SANDBOX_STORE_IDS: "S1, S2" }
    const fromEnv = parseCliArgs([], env)
    expect(fromEnv).toMatchObject({ config: { port: 5000, storeIds: ["S1", "S2"], credentials: { accessKeyId: "AKIAENV", secretAccessKey: "env-secret" }, demoCredentials: false } })
    const flags = parseCliArgs(["sandbox", "--port", "4020", "--store-ids=any", "--host", "0.0.0.0", "--quiet"], env)
    expect(flags).toMatchObject({ config: { port: 4020, storeIds: "any", host: "0.0.0.0", quiet: true } })
    expect(parseCliArgs(["--help"], {})).toEqual({ help: true })
  })

  it("refuses bad arguments with a clear message", () => {
    expect(() => parseCliArgs(["--port", "http"], {})).toThrow(CliError)
    expect(() => parseCliArgs(["--port"], {})).toThrow("--port needs a value")
    expect(() => parseCliArgs(["--bogus"], {})).toThrow(/Unknown argument "--bogus"/)
    expect(() => parseCliArgs([], { AWS_ACCESS_KEY_ID: "AKIA" })).toThrow(/Set both AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/)
  })

  it("starts a working sandbox, prints where it is and how to point the plugin at it, never a secret the user set", async () => {
    const out: string[] = []
    const sandbox = await runCli(["--port", "0"], { AWS_ACCESS_KEY_ID: "AKIAENV", AWS_SECRET_ACCESS_KEY: "users-own-secret" }, { out: (l) => out.push(l), err: (l) => out.push(l) })
    try {
      const text = out.join("\n")
      expect(text).toContain(`Amazon sandbox listening on ${sandbox!.url}`)
      expect(text).toContain(`JWO_CHECKOUT_ENDPOINT=${sandbox!.url}/v1`)
      expect(text).toContain("AWS_ACCESS_KEY_ID=AKIAENV")
      expect(text).not.toContain("users-own-secret")
      expect(text).toContain(`JWO_CATALOG_NOTIFICATIONS_QUEUE_URL=${sandbox!.url}/sqs/000000000000/jwo-catalog-notifications`)
      const res = await signedPost(sandbox!.url, "/v1/checkout/carts", {}, { credentials: { accessKeyId: "AKIAENV", secretAccessKey: "users-own-secret" } })
      expect(res.status).toBe(400) // signed correctly: past the 403, refused by validation
      expect(out.at(-1)).toMatch(/^\[jwo-sandbox\] POST \/v1\/checkout\/carts -> 400 \d+ms$/)
    } finally {
      await sandbox!.close()
    }
  })

  it("prints usage for --help and starts nothing", async () => {
    const out: string[] = []
    expect(await runCli(["sandbox", "--help"], {}, { out: (l) => out.push(l), err: (l) => out.push(l) })).toBeUndefined()
    expect(out.join("\n")).toMatch(/^Usage: medusa-plugin-jwo sandbox/)
  })

  it.each(["SIGINT", "SIGTERM"] as const)("runs as a process and stops gracefully on %s", async (signal) => {
    // ts-node stands in for the compiled .medusa/server/src/sandbox/cli.js.
    const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", join(__dirname, "../cli.ts"), "sandbox", "--port", "0", "--quiet"], {
      cwd: join(__dirname, "../../.."),
      env: { ...process.env, AWS_ACCESS_KEY_ID: "", AWS_SECRET_ACCESS_KEY: "" },
    })
    let out = ""
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()))
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.on("exit", (code, sig) => resolve({ code, signal: sig })))
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", () => {
        const m = /listening on (http:\/\/\S+)/.exec(out)
        if (m && out.includes("Stop with Ctrl-C.")) resolve(m[1])
      })
      child.on("exit", () => reject(new Error(`exited early: ${out}`)))
    })
    expect((await signedPost(url, "/v1/catalog/upload", {}, { credentials: { accessKeyId: DEMO_ACCESS_KEY_ID, secretAccessKey: DEMO_SECRET_ACCESS_KEY } })).status).toBe(400)
    child.kill(signal)
    expect(await exited).toEqual({ code: 0, signal: null })
    expect(out).toContain(`${signal}: stopping`)
  }, 20_000)
})
