/**
 * `medusa-plugin-jwo walk ...`: plays Amazon's gateways for one shopper against a running plugin and the sandbox it
 * submits Checkout to — entry (Identity), exit (Create Purchases), and the charge awaited at the sandbox.
 */
import { walkShopper, type CartItemInput, type WalkShopperResult } from "./driver"
import { CliError, DEFAULT_PORT, type CliIo } from "./cli"

export const WALK_USAGE = `Usage: medusa-plugin-jwo walk --store-id <id> --scan-key-code <code> --item <SKU[=qty[:unit]]> [...] [options]

Walks one shopper through a Just Walk Out store as Amazon's gateways would: scans the Scan Key Code at the gate
(Identity Connector), sends the cart when the shopper leaves (Ordering Connector, the trip registered with the
sandbox first), and waits until the plugin's Checkout call has charged the trip at the sandbox.

Options:
  --store-id <id>         the Amazon store id of a JWO store in Medusa (env JWO_STORE_ID)
  --scan-key-code <code>  the shopper's code, as POST /store/jwo/scan-keys returns it (what the QR code holds)
  --item <SKU[=qty[:unit]]>  one per cart line, e.g. --item JWO-BEV-003 --item JWO-PRD-001=0.455:kg (default qty 1)
  --secret <s>            the plugin's inbound secret (env JWO_INBOUND_SECRET; inboundAuth.secrets)
  --header-name <name>    the inbound secret header (default x-jwo-connector-secret; inboundAuth.headerName)
  --plugin-url <url>      where Medusa listens (env JWO_PLUGIN_URL, default http://localhost:9000)
  --sandbox-url <url>     the sandbox the plugin submits to (env JWO_SANDBOX_URL, default http://127.0.0.1:${DEFAULT_PORT})
  --timeout <seconds>     how long to wait for the charge (default 60)
  -h, --help              this text

Exit status: 0 charged; 1 the walk stopped before a charge (the output says where); 2 bad arguments.`

export type WalkConfig = {
  pluginBaseUrl: string
  sandboxUrl: string
  storeId: string
  scanCode: string
  secret: string
  headerName?: string
  cartItems: CartItemInput[]
  chargeTimeoutMs: number
}

/** "SKU", "SKU=2", "SKU=0.455:kg" → a cart line (quantities stay decimal strings, as Amazon sends them). */
export function parseItem(text: string): CartItemInput {
  const m = /^([^=\s]+)(?:=(\d+(?:\.\d+)?)(?::([A-Za-z]+))?)?$/.exec(text)
  if (!m) throw new CliError(`--item ${JSON.stringify(text)}: write SKU, SKU=QUANTITY or SKU=QUANTITY:UNIT (e.g. JWO-PRD-001=0.455:kg)`)
  return { id: m[1], type: "SKU", quantity: { value: m[2] ?? "1", unit: m[3] ?? "unit" } }
}

const httpUrl = (name: string, value: string) => {
  if (!/^https?:\/\/[^/]/.test(value)) throw new CliError(`--${name} must be an http(s) URL, got ${JSON.stringify(value)}`)
  return value
}

/** Parses the command line; a leading "walk" (the bin's sub-command) is accepted and ignored. */
export function parseWalkArgs(argv: readonly string[], env: NodeJS.ProcessEnv): { help: true } | { help: false; config: WalkConfig } {
  const args = argv[0] === "walk" ? argv.slice(1) : [...argv]
  const values: Record<string, string> = {}
  const items: CartItemInput[] = []
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]
    if (arg === "-h" || arg === "--help") return { help: true }
    const m = /^--(store-id|scan-key-code|item|secret|header-name|plugin-url|sandbox-url|timeout)(?:=(.*))?$/.exec(arg)
    if (!m) throw new CliError(`Unknown argument ${JSON.stringify(arg)}. Try --help.`)
    const value = m[2] ?? args[++i]
    if (value === undefined || value === "") throw new CliError(`--${m[1]} needs a value`)
    if (m[1] === "item") items.push(parseItem(value))
    else values[m[1]] = value
  }
  const storeId = values["store-id"] ?? env.JWO_STORE_ID
  if (!storeId) throw new CliError("--store-id is required (the Amazon store id of a JWO store in Medusa)")
  const scanCode = values["scan-key-code"]
  if (!scanCode) throw new CliError("--scan-key-code is required (POST /store/jwo/scan-keys as the logged-in customer returns one)")
  const secret = values.secret ?? env.JWO_INBOUND_SECRET
  if (!secret) throw new CliError("--secret (or JWO_INBOUND_SECRET) is required: one of the plugin's inboundAuth.secrets")
  if (items.length === 0) throw new CliError("at least one --item is required (the shopper takes something)")
  const timeoutText = values.timeout ?? "60"
  if (!/^\d+$/.test(timeoutText) || Number(timeoutText) < 1) throw new CliError(`--timeout must be a whole number of seconds, got ${JSON.stringify(timeoutText)}`)
  return {
    help: false,
    config: {
      pluginBaseUrl: httpUrl("plugin-url", values["plugin-url"] ?? env.JWO_PLUGIN_URL ?? "http://localhost:9000"),
      sandboxUrl: httpUrl("sandbox-url", values["sandbox-url"] ?? env.JWO_SANDBOX_URL ?? `http://127.0.0.1:${DEFAULT_PORT}`),
      storeId,
      scanCode,
      secret,
      ...(values["header-name"] ? { headerName: values["header-name"] } : {}),
      cartItems: items,
      chargeTimeoutMs: Number(timeoutText) * 1000,
    },
  }
}

/** What the user is told when the walk stopped before a charge, with the fix to look for. */
export function explainStop(result: WalkShopperResult): string {
  if (result.outcome === "refused_at_gate") {
    return `The gate did not open: ${result.entry.status} ${JSON.stringify(result.entry.body)}. A 401 "Unauthorized" means a wrong --secret; a reason code (EXPIRED, REVOKED, ...) is about the Scan Key Code: ask the app for a fresh one.`
  }
  if (result.outcome === "purchase_refused") {
    return `Create Purchases was refused: ${result.exit?.status} ${JSON.stringify(result.exit?.body)}.`
  }
  return `No charge at the sandbox in time. Look at the trip in Medusa Admin (JWO → Trips): it may need attention (an unknown SKU, a missing price) or the plugin may submit Checkout to another endpoint than --sandbox-url.`
}

/** Runs the walk; resolves to the exit status. */
export async function runWalk(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  io: CliIo = { out: (l) => console.log(l), err: (l) => console.error(l) }
): Promise<{ code: number; result?: WalkShopperResult }> {
  let parsed: ReturnType<typeof parseWalkArgs>
  try {
    parsed = parseWalkArgs(argv, env)
  } catch (error) {
    if (!(error instanceof CliError)) throw error
    io.err(`[jwo-walk] ${error.message}`)
    return { code: 2 }
  }
  if (parsed.help) {
    io.out(WALK_USAGE)
    return { code: 0 }
  }
  const result = await walkShopper({ ...parsed.config, onStep: (line) => io.out(`[jwo-walk] ${line}`) })
  if (result.outcome === "charged") return { code: 0, result }
  io.err(`[jwo-walk] ${explainStop(result)}`)
  return { code: 1, result }
}

export async function main(argv: readonly string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env) {
  try {
    process.exitCode = (await runWalk(argv, env)).code
  } catch (error) {
    console.error(`[jwo-walk] ${(error as Error).message} (is the plugin at --plugin-url and the sandbox at --sandbox-url running?)`)
    process.exitCode = 1
  }
}

if (require.main === module) {
  void main()
}
