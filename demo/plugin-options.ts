/**
 * The plugin options used by the demo and the test app, read from environment variables with printed defaults.
 * The defaults point at the plugin's sandbox (which plays Amazon) and are for local use only.
 */
export const DEMO_DEFAULTS = {
  JWO_INBOUND_SECRETS: "demo-inbound-secret-change-me",
  JWO_CHECKOUT_ENDPOINT: "http://localhost:4010/v1",
  JWO_CATALOG_ENDPOINT: "http://localhost:4010/v1",
  AWS_ACCESS_KEY_ID: "AKIAJWOSANDBOX000001",
  AWS_SECRET_ACCESS_KEY: "jwo-sandbox-secret-access-key-0000000001",
  AWS_REGION: "us-east-1",
  JWO_SCAN_KEY_SECRETS: "demo-scan-key-secret-change-me-0123456789",
  JWO_SCAN_KEY_PREFIX: "JWO",
  JWO_SCAN_KEY_FRESHNESS_SECONDS: "60",
} as const

export type DemoEnvName = keyof typeof DEMO_DEFAULTS

export function demoEnv(name: DemoEnvName): string {
  return process.env[name] || DEMO_DEFAULTS[name]
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
    },
    scanKey: {
      prefix: demoEnv("JWO_SCAN_KEY_PREFIX"),
      secrets: demoEnv("JWO_SCAN_KEY_SECRETS"),
      freshnessSeconds: Number(demoEnv("JWO_SCAN_KEY_FRESHNESS_SECONDS")),
    },
    redisUrl,
    queuePrefix: process.env.JWO_QUEUE_PREFIX || undefined,
  }
}
