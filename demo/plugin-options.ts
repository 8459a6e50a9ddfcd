/**
 * The plugin options used by the demo and the test app, read from environment variables with printed defaults.
 * The defaults point at the plugin's sandbox (which plays Amazon) and are for local use only.
 */
import { readFileSync } from "node:fs"
import { join } from "node:path"

/** demo/defaults.json is the one list of defaults: scripts/demo.js prints it, this file applies it. */
export const DEMO_DEFAULTS: Record<DemoEnvName, string> = JSON.parse(readFileSync(join(__dirname, "defaults.json"), "utf8"))

export type DemoEnvName =
  | "JWO_INBOUND_SECRETS"
  | "JWO_CHECKOUT_ENDPOINT"
  | "JWO_CATALOG_ENDPOINT"
  | "AWS_ACCESS_KEY_ID"
  | "AWS_SECRET_ACCESS_KEY"
  | "AWS_REGION"
  | "JWO_SCAN_KEY_SECRETS"
  | "JWO_SCAN_KEY_PREFIX"
  | "JWO_SCAN_KEY_FRESHNESS_SECONDS"
  | "JWO_ASSOCIATE_GROUPS"
  | "JWO_CASH_SHOPPER_GROUPS"
  | "JWO_BLOCKED_GROUPS"
  | "JWO_CATALOG_NOTIFICATIONS_QUEUE_URL"

export function demoEnv(name: DemoEnvName): string {
  return process.env[name] || DEMO_DEFAULTS[name]
}

function optionalNumber(name: string): number | undefined {
  return process.env[name] ? Number(process.env[name]) : undefined
}

function optionalBoolean(name: string): boolean | undefined {
  return process.env[name] ? process.env[name] === "true" : undefined
}

/** The catalog notifications block: on with a queue URL ("off" turns the demo's default off). */
function catalogNotifications() {
  const queueUrl = demoEnv("JWO_CATALOG_NOTIFICATIONS_QUEUE_URL")
  if (!queueUrl || queueUrl === "off") return undefined
  return { queueUrl, waitTimeSeconds: optionalNumber("JWO_CATALOG_NOTIFICATIONS_WAIT_SECONDS") }
}

export function demoPluginOptions(redisUrl: string | undefined) {
  return {
    inboundAuth: { secrets: demoEnv("JWO_INBOUND_SECRETS") },
    amazon: {
      checkoutEndpoint: demoEnv("JWO_CHECKOUT_ENDPOINT"),
      catalogEndpoint: demoEnv("JWO_CATALOG_ENDPOINT"),
      region: demoEnv("AWS_REGION"),
      accessKeyId: demoEnv("AWS_ACCESS_KEY_ID"),
      secretAccessKey: demoEnv("AWS_SECRET_ACCESS_KEY"),
      sessionToken: process.env.AWS_SESSION_TOKEN,
      requestTimeoutMs: optionalNumber("JWO_AMAZON_TIMEOUT_MS"),
    },
    scanKey: {
      prefix: demoEnv("JWO_SCAN_KEY_PREFIX"),
      secrets: demoEnv("JWO_SCAN_KEY_SECRETS"),
      freshnessSeconds: Number(demoEnv("JWO_SCAN_KEY_FRESHNESS_SECONDS")),
    },
    customerGroups: {
      associates: demoEnv("JWO_ASSOCIATE_GROUPS"),
      cashShoppers: demoEnv("JWO_CASH_SHOPPER_GROUPS"),
      blocked: demoEnv("JWO_BLOCKED_GROUPS"),
    },
    // Not printed by the demo: the tests boot with associates charged through this one.
    trips: {
      chargeAssociates: optionalBoolean("JWO_CHARGE_ASSOCIATES"),
      // Tuning, not printed by the demo: the chaos test and the tests shorten these.
      retryBaseMs: optionalNumber("JWO_TRIP_RETRY_BASE_MS"),
      dispatchIntervalMs: optionalNumber("JWO_DISPATCH_INTERVAL_MS"),
      concurrency: optionalNumber("JWO_TRIP_CONCURRENCY"),
    },
    // Tuning, not printed by the demo: the tests shorten the retry delays with these.
    checkout: {
      maxAttempts: optionalNumber("JWO_CHECKOUT_MAX_ATTEMPTS"),
      retryBaseMs: optionalNumber("JWO_CHECKOUT_RETRY_BASE_MS"),
      retryMaxMs: optionalNumber("JWO_CHECKOUT_RETRY_MAX_MS"),
      concurrency: optionalNumber("JWO_CHECKOUT_CONCURRENCY"),
    },
    // Catalog upload notifications (SNS → SQS): the sandbox's queue by default. The other catalog tuning comes from
    // the JWO_CATALOG_* environment variables (catalogSettings).
    catalog: { notifications: catalogNotifications() },
    // Receipts of finished trips on Medusa's notification "email" channel (the local provider logs them); "off": none.
    receipts: { channel: process.env.JWO_RECEIPTS_CHANNEL === "off" ? undefined : process.env.JWO_RECEIPTS_CHANNEL || "email" },
    redisUrl,
    queuePrefix: process.env.JWO_QUEUE_PREFIX || undefined,
  }
}
