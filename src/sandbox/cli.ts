#!/usr/bin/env node
/**
 * `medusa-plugin-jwo sandbox [--port 4010]` (or `node .medusa/server/src/sandbox/cli.js`): runs the Amazon sandbox
 * until Ctrl-C. Credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, defaulting to the demo's (the same
 * defaults as demo/defaults.json), so the demo's plugin options and the sandbox agree without any setup.
 */
import { Sandbox, startSandbox } from "./server"

export const DEFAULT_PORT = 4010
export const DEFAULT_HOST = "127.0.0.1"
export const DEMO_ACCESS_KEY_ID = "AKIAJWOSANDBOX000001"
export const DEMO_SECRET_ACCESS_KEY = "jwo-sandbox-secret-access-key-0000000001"

export const USAGE = `Usage: medusa-plugin-jwo sandbox [options]

Runs a local stand-in for Amazon Just Walk Out's Checkout and Catalog APIs (SigV4-checked), with a control API
under /_sandbox/ for tests.

Options:
  --port <n>              port to listen on (env JWO_SANDBOX_PORT, default ${DEFAULT_PORT})
  --host <address>        address to bind (env JWO_SANDBOX_HOST, default ${DEFAULT_HOST}; the control API has no auth)
  --store-ids <a,b|any>   Amazon store ids this retailer has (env JWO_SANDBOX_STORE_IDS, default any)
  --report-base-url <url> base of catalog report links (default the sandbox URL)
  --no-notifications      do not publish catalog upload results to the SQS queue (env JWO_SANDBOX_NOTIFICATIONS=false);
                          uploads then advance one step per status poll instead of by time
  --raw-delivery          deliver the bare message instead of the SNS envelope (SNS raw message delivery)
  --quiet                 do not print one line per call
  -h, --help              this text

Credentials accepted: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (default the demo's ${DEMO_ACCESS_KEY_ID}).`

export type CliConfig = {
  port: number
  host: string
  storeIds: string[] | "any"
  reportBaseUrl?: string
  credentials: { accessKeyId: string; secretAccessKey: string }
  demoCredentials: boolean
  quiet: boolean
  /** Publish SNS-shaped catalog notifications to the sandbox's SQS queue (uploads then progress by time). */
  notifications: boolean
  rawDelivery: boolean
}

export class CliError extends Error {}

/** Parses the command line; a leading "sandbox" (the bin's sub-command) is accepted and ignored. */
export function parseCliArgs(argv: readonly string[], env: NodeJS.ProcessEnv): { help: true } | { help: false; config: CliConfig } {
  const args = argv[0] === "sandbox" ? argv.slice(1) : [...argv]
  const values: Record<string, string> = {}
  let quiet = false
  let notifications = !/^(false|0|no|off)$/i.test(env.JWO_SANDBOX_NOTIFICATIONS ?? "")
  let rawDelivery = false
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]
    if (arg === "-h" || arg === "--help") return { help: true }
    if (arg === "--quiet") {
      quiet = true
      continue
    }
    if (arg === "--no-notifications") {
      notifications = false
      continue
    }
    if (arg === "--raw-delivery") {
      rawDelivery = true
      continue
    }
    const m = /^--(port|host|store-ids|report-base-url)(?:=(.*))?$/.exec(arg)
    if (!m) throw new CliError(`Unknown argument ${JSON.stringify(arg)}. Try --help.`)
    const value = m[2] ?? args[++i]
    if (value === undefined || value === "") throw new CliError(`--${m[1]} needs a value`)
    values[m[1]] = value
  }

  const portText = values.port ?? env.JWO_SANDBOX_PORT ?? String(DEFAULT_PORT)
  const port = Number(portText)
  if (!/^\d+$/.test(portText) || port > 65535) throw new CliError(`--port must be a port number (0-65535), got ${JSON.stringify(portText)}`)

  const storeText = (values["store-ids"] ?? env.JWO_SANDBOX_STORE_IDS ?? "any").trim()
  const storeIds =
    storeText === "any"
      ? ("any" as const)
      : storeText
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean)
  if (storeIds !== "any" && storeIds.length === 0) throw new CliError("--store-ids needs at least one id, or 'any'")

  const reportBaseUrl = values["report-base-url"]
  if (reportBaseUrl !== undefined && !/^https?:\/\/[^/]/.test(reportBaseUrl)) {
    throw new CliError("--report-base-url must be an http(s) URL")
  }

  const accessKeyId = env.AWS_ACCESS_KEY_ID || undefined
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY || undefined
  if (Boolean(accessKeyId) !== Boolean(secretAccessKey)) {
    throw new CliError("Set both AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or neither (to use the demo's credentials)")
  }
  return {
    help: false,
    config: {
      port,
      host: values.host ?? env.JWO_SANDBOX_HOST ?? DEFAULT_HOST,
      storeIds,
      ...(reportBaseUrl ? { reportBaseUrl } : {}),
      credentials: {
        accessKeyId: accessKeyId ?? DEMO_ACCESS_KEY_ID,
        secretAccessKey: secretAccessKey ?? DEMO_SECRET_ACCESS_KEY,
      },
      demoCredentials: !accessKeyId,
      quiet,
      notifications,
      rawDelivery,
    },
  }
}

/** What to tell the user once the sandbox listens. Never prints a secret the user set (the demo's is public). */
export function describeSandbox(sandbox: Pick<Sandbox, "url" | "notificationsQueueUrl">, config: CliConfig): string[] {
  const endpoint = `${sandbox.url}/v1`
  const secret = config.demoCredentials ? config.credentials.secretAccessKey : "<the AWS_SECRET_ACCESS_KEY given to the sandbox>"
  return [
    `Amazon sandbox listening on ${sandbox.url}`,
    `  Checkout and Catalog API: ${endpoint}  (SigV4, service execute-api, any region)`,
    `  Control API (no auth):    ${sandbox.url}/_sandbox/  (calls, faults, trips, catalog/reject, uploads, reset)`,
    `  Access key accepted:      ${config.credentials.accessKeyId}${config.demoCredentials ? " (demo default)" : " (from AWS_ACCESS_KEY_ID)"}`,
    `  Store ids:                ${config.storeIds === "any" ? "any" : config.storeIds.join(", ")}`,
    config.notifications
      ? `  Catalog notifications:    ${sandbox.notificationsQueueUrl}  (SQS, SigV4 service sqs; SNS envelopes${config.rawDelivery ? ", raw delivery" : ""}; uploads finish ~2 s after upload)`
      : `  Catalog notifications:    off (uploads advance one step per status poll)`,
    "Point the plugin at it (plugin options amazon.*; the demo reads these environment variables):",
    `  JWO_CHECKOUT_ENDPOINT=${endpoint}    (amazon.checkoutEndpoint)`,
    `  JWO_CATALOG_ENDPOINT=${endpoint}     (amazon.catalogEndpoint)`,
    "  AWS_REGION=us-east-1                 (amazon.region; any region works, the sandbox reads it from the signature)",
    `  AWS_ACCESS_KEY_ID=${config.credentials.accessKeyId}`,
    `  AWS_SECRET_ACCESS_KEY=${secret}`,
    ...(config.notifications ? [`  JWO_CATALOG_NOTIFICATIONS_QUEUE_URL=${sandbox.notificationsQueueUrl}  (catalog.notifications.queueUrl)`] : []),
    "Stop with Ctrl-C.",
  ]
}

export type CliIo = { out: (line: string) => void; err: (line: string) => void }

/** Starts the sandbox as the command line asks. Returns undefined after --help. */
export async function runCli(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  io: CliIo = { out: (l) => console.log(l), err: (l) => console.error(l) }
): Promise<Sandbox | undefined> {
  const parsed = parseCliArgs(argv, env)
  if (parsed.help) {
    io.out(USAGE)
    return undefined
  }
  const { config } = parsed
  let sandbox: Sandbox
  try {
    sandbox = await startSandbox({
      port: config.port,
      host: config.host,
      credentials: [config.credentials],
      storeIds: config.storeIds,
      notifications: { enabled: config.notifications, rawDelivery: config.rawDelivery },
      ...(config.reportBaseUrl ? { reportBaseUrl: config.reportBaseUrl } : {}),
      ...(config.quiet ? {} : { log: (line: string) => io.out(`[jwo-sandbox] ${line}`) }),
    })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
      throw new CliError(`Port ${config.port} on ${config.host} is in use; pass --port <n> (or set JWO_SANDBOX_PORT)`)
    }
    throw error
  }
  for (const line of describeSandbox(sandbox, config)) io.out(`[jwo-sandbox] ${line}`)
  return sandbox
}

/** The process entry: run until SIGINT/SIGTERM, then close the server (a second signal exits at once). */
export async function main(argv: readonly string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env) {
  let sandbox: Sandbox | undefined
  let stopping = false
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1)
    stopping = true
    console.log(`[jwo-sandbox] ${signal}: stopping`)
    if (!sandbox) process.exit(0)
    sandbox.close().then(() => process.exit(0))
  }
  // Installed before anything is printed, so a signal sent as soon as the banner appears is handled.
  process.on("SIGINT", stop)
  process.on("SIGTERM", stop)
  try {
    sandbox = await runCli(argv, env)
  } catch (error) {
    console.error(`[jwo-sandbox] ${error instanceof CliError ? error.message : (error as Error).stack}`)
    process.exit(error instanceof CliError ? 2 : 1)
  }
}

if (require.main === module) {
  void main()
}
