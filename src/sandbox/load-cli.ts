/** `medusa-plugin-jwo load ...`: Amazon's load-testing phase (issue 16). See `load.ts` and docs/benchmarks.md. */
import { readFileSync, writeFileSync } from "node:fs"
import { CliError, DEFAULT_PORT, type CliIo } from "./cli"
import { runLoad, type LoadConfig, type LoadShopperFile } from "./load"
import { loadExitCode, type LoadReport } from "./load-report"

export const LOAD_USAGE = `Usage: medusa-plugin-jwo load --store-id <id> --secret <s> --publishable-key <pk> --sku <A,B,...> [options]

Amazon's load-testing phase, run by the merchant against staging before Amazon's own load test. Shoppers arrive
open loop at --rate per second for --duration seconds: each is a real Medusa customer (registered through the store
API, or logged in from --shoppers), gets a Scan Key Code, passes the gate, shops, walks out with 1 to 15 lines (some
weighed), and is followed until the sandbox charged the trip. A share of exits is delivered twice, as Amazon may.

Options:
  --store-id <id>          the Amazon store id of a JWO store (env JWO_STORE_ID)
  --secret <s>             the plugin's inbound secret (env JWO_INBOUND_SECRET)
  --publishable-key <pk>   a publishable API key of the store API (env JWO_PUBLISHABLE_KEY)
  --sku <A,B,...>          SKUs sold by the unit that shoppers take
  --weighed-sku <A,...>    SKUs sold by weight (kg)
  --rate <n>               shoppers per second (default 1)
  --duration <s>           seconds of arrivals (default 60)
  --ramp <s>               seconds to reach --rate (default 0)
  --burst <n>              extra shoppers all at once, at --burst-at seconds (default 0)
  --burst-at <s>           (default 0)
  --duplicates <share>     share of exits delivered twice, 0..1 (default 0.05)
  --shop <min-max>         seconds in the shop (default 5-20)
  --shoppers <file>        JSON array of {"email","password"} of existing customers, used in turn
  --charge-timeout <s>     how long to wait for each charge (default 120)
  --plugin-url <url>       (env JWO_PLUGIN_URL, default http://localhost:9000)
  --sandbox-url <url>      (env JWO_SANDBOX_URL, default http://127.0.0.1:${DEFAULT_PORT})
  --out <file>             write the JSON report there
  -h, --help               this text

Exit status: 0 passed; 3 a lost trip, a trip charged twice or gate p99 over 2 s; 1 the run failed; 2 bad arguments.`

const FLAGS = [
  "store-id", "secret", "publishable-key", "sku", "weighed-sku", "rate", "duration", "ramp", "burst", "burst-at",
  "duplicates", "shop", "shoppers", "charge-timeout", "plugin-url", "sandbox-url", "out", "header-name",
] as const

function number(name: string, text: string | undefined, fallback: number, min = 0): number {
  if (text === undefined) return fallback
  const n = Number(text)
  if (!Number.isFinite(n) || n < min) throw new CliError(`--${name} must be a number ≥ ${min}, got ${JSON.stringify(text)}`)
  return n
}

export function parseLoadArgs(argv: readonly string[], env: NodeJS.ProcessEnv): { help: true } | { help: false; config: LoadConfig; out?: string } {
  const args = argv[0] === "load" ? argv.slice(1) : [...argv]
  const v: Record<string, string> = {}
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "-h" || args[i] === "--help") return { help: true }
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(args[i])
    if (!m || !(FLAGS as readonly string[]).includes(m[1])) throw new CliError(`Unknown argument ${JSON.stringify(args[i])}. Try --help.`)
    const value = m[2] ?? args[++i]
    if (value === undefined || value === "") throw new CliError(`--${m[1]} needs a value`)
    v[m[1]] = value
  }
  const list = (text?: string) => (text ? text.split(",").map((s) => s.trim()).filter(Boolean) : [])
  const storeId = v["store-id"] ?? env.JWO_STORE_ID
  const secret = v.secret ?? env.JWO_INBOUND_SECRET
  const publishableKey = v["publishable-key"] ?? env.JWO_PUBLISHABLE_KEY
  if (!storeId) throw new CliError("--store-id is required")
  if (!secret) throw new CliError("--secret (or JWO_INBOUND_SECRET) is required")
  if (!publishableKey) throw new CliError("--publishable-key (or JWO_PUBLISHABLE_KEY) is required: shoppers get their codes through the store API")
  const skus = list(v.sku)
  const weighedSkus = list(v["weighed-sku"])
  if (!skus.length && !weighedSkus.length) throw new CliError("--sku is required (what shoppers take)")
  const shop = /^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)$/.exec(v.shop ?? "5-20")
  if (!shop || Number(shop[1]) > Number(shop[2])) throw new CliError(`--shop must be MIN-MAX seconds, got ${JSON.stringify(v.shop)}`)
  const duplicateShare = number("duplicates", v.duplicates, 0.05)
  if (duplicateShare > 1) throw new CliError("--duplicates is a share between 0 and 1")
  let shoppers: LoadShopperFile | undefined
  if (v.shoppers) {
    shoppers = JSON.parse(readFileSync(v.shoppers, "utf8"))
    if (!Array.isArray(shoppers) || !shoppers.every((s) => s && typeof s.email === "string" && typeof s.password === "string")) {
      throw new CliError(`--shoppers ${v.shoppers}: expected a JSON array of {"email","password"}`)
    }
  }
  return {
    help: false,
    ...(v.out ? { out: v.out } : {}),
    config: {
      pluginBaseUrl: v["plugin-url"] ?? env.JWO_PLUGIN_URL ?? "http://localhost:9000",
      sandboxUrl: v["sandbox-url"] ?? env.JWO_SANDBOX_URL ?? `http://127.0.0.1:${DEFAULT_PORT}`,
      secret,
      ...(v["header-name"] ? { headerName: v["header-name"] } : {}),
      storeId,
      publishableKey,
      ratePerS: number("rate", v.rate, 1),
      durationS: number("duration", v.duration, 60),
      rampS: number("ramp", v.ramp, 0),
      burst: number("burst", v.burst, 0),
      burstAtS: number("burst-at", v["burst-at"], 0),
      skus,
      weighedSkus,
      duplicateShare,
      shopS: [Number(shop[1]), Number(shop[2])],
      ...(shoppers ? { shoppers } : {}),
      chargeTimeoutS: number("charge-timeout", v["charge-timeout"], 120, 1),
    },
  }
}

export async function runLoadCli(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  io: CliIo = { out: (l) => console.log(l), err: (l) => console.error(l) }
): Promise<{ code: number; report?: LoadReport }> {
  let parsed: ReturnType<typeof parseLoadArgs>
  try {
    parsed = parseLoadArgs(argv, env)
  } catch (error) {
    if (!(error instanceof CliError)) throw error
    io.err(`[jwo-load] ${error.message}`)
    return { code: 2 }
  }
  if (parsed.help) {
    io.out(LOAD_USAGE)
    return { code: 0 }
  }
  const { report } = await runLoad({ ...parsed.config, onProgress: (line) => io.err(`[jwo-load] ${line}`) })
  const json = JSON.stringify(report, null, 2)
  if (parsed.out) writeFileSync(parsed.out, json)
  io.out(json)
  for (const { kind, count } of report.error_kinds) io.err(`[jwo-load] error ×${count}: ${kind}`)
  for (const failure of report.failures) io.err(`[jwo-load] FAIL: ${failure}`)
  return { code: loadExitCode(report), report }
}

export async function main(argv: readonly string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env) {
  try {
    process.exitCode = (await runLoadCli(argv, env)).code
  } catch (error) {
    console.error(`[jwo-load] ${(error as Error).message}`)
    process.exitCode = 1
  }
}

if (require.main === module) {
  void main()
}
