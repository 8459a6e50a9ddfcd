import { z } from "@medusajs/framework/zod"
import { signingRegionFor } from "./amazon/sign"
import { queueUrlRegion } from "./catalog-notifications"

/**
 * The plugin's options: one schema, checked when the `jwo` module loads, so a bad configuration stops the boot
 * with one message that names every wrong option and how to fix it. Secrets may be given as a comma-separated
 * string (straight from an environment variable) or as an array.
 */

const csvOrList = (item: z.ZodString) =>
  z.preprocess(
    (value) =>
      typeof value === "string"
        ? value
            .split(",")
            .map((part) => part.trim())
            .filter(Boolean)
        : value,
    z.array(item)
  )

const secret = (minLength: number) =>
  z.string().min(minLength, `each secret must be at least ${minLength} characters`)

/** An http(s) base URL without a trailing slash. Plain http is allowed only for loopback hosts (the sandbox). */
const baseUrl = z
  .string()
  .url("must be an absolute URL such as https://us-east-1.checkout.amazonphysicalstores.com/v1")
  .refine((value) => {
    if (!URL.canParse(value)) return true // already reported as not a URL
    const url = new URL(value)
    if (url.protocol === "https:") return true
    return url.protocol === "http:" && ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname)
  }, "must use https (plain http is accepted only for localhost, e.g. the plugin's sandbox)")
  .transform((value) => value.replace(/\/+$/, ""))

const optionalNonEmpty = z
  .string()
  .optional()
  .transform((value) => (value ? value : undefined))

const LOOPBACK = ["localhost", "127.0.0.1", "[::1]"]

/**
 * An SQS queue URL: https://sqs.<region>.amazonaws.com/<account id>/<queue name> (any https host, e.g. a VPC
 * endpoint), or plain http on a loopback host (the sandbox, whose path may have a prefix).
 */
const sqsQueueUrl = z
  .string()
  .url("must be an SQS queue URL such as https://sqs.us-east-1.amazonaws.com/111122223333/jwo-catalog-notifications")
  .refine((value) => {
    if (!URL.canParse(value)) return true
    const url = new URL(value)
    return url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK.includes(url.hostname))
  }, "must use https (plain http is accepted only for localhost, e.g. the plugin's sandbox)")
  .refine((value) => {
    if (!URL.canParse(value)) return true
    const url = new URL(value)
    return !url.search && /\/\d{12}\/[A-Za-z0-9_-]{1,80}(\.fifo)?\/?$/.test(url.pathname)
  }, "must end with /<12-digit account id>/<queue name> (the QueueUrl output of deploy/jwo-catalog-notifications.yaml)")
  .transform((value) => value.replace(/\/+$/, ""))

/** Defaults of `catalog.notifications` (SNS → SQS upload notifications). */
export const CATALOG_NOTIFICATIONS_DEFAULTS = {
  waitTimeSeconds: 20,
  fallbackPollMs: 300_000,
}

/** Defaults of the `catalog` options block (catalog sync tuning). */
export const CATALOG_DEFAULTS = {
  coalesceMs: 3000,
  pageSize: 250,
  uploadMaxAttempts: 8,
  retryBaseMs: 2000,
  retryMaxMs: 300_000,
  pollFirstMs: 2000,
  pollMaxMs: 60_000,
  pollGiveUpMs: 6 * 3600_000,
  syncLeaseMs: 60_000,
}

export const jwoOptionsSchema = z
  .object({
    inboundAuth: z
      .object({
        headerName: z
          .string()
          .regex(/^[A-Za-z0-9-]+$/, "must be an HTTP header name (letters, digits, dashes)")
          .default("x-jwo-connector-secret")
          .transform((value) => value.toLowerCase()),
        secrets: csvOrList(secret(16)).default([]),
        allowUnauthenticated: z.boolean().default(false),
      })
      .strict()
      .default({ headerName: "x-jwo-connector-secret", secrets: [], allowUnauthenticated: false }),
    amazon: z
      .object({
        checkoutEndpoint: baseUrl,
        catalogEndpoint: baseUrl,
        region: optionalNonEmpty,
        accessKeyId: optionalNonEmpty,
        secretAccessKey: optionalNonEmpty,
        sessionToken: optionalNonEmpty,
        roleArn: z
          .string()
          .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, "must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)")
          .optional(),
        roleExternalId: optionalNonEmpty,
        roleSessionName: z.string().regex(/^[\w+=,.@-]{2,64}$/).default("medusa-plugin-jwo"),
        stsEndpoint: baseUrl.optional(),
        requestTimeoutMs: z.number().int().min(1000).max(60000).default(10000),
      })
      .strict(),
    scanKey: z
      .object({
        prefix: z.string().regex(/^[A-Z0-9]{2,16}$/, "must be 2 to 16 characters A-Z or 0-9"),
        secrets: csvOrList(secret(32)).pipe(z.array(z.string()).min(1, "needs at least one secret")),
        freshnessSeconds: z
          .number()
          .int()
          .min(30, "must be between 30 and 90 seconds (Amazon's freshness window)")
          .max(90, "must be between 30 and 90 seconds (Amazon's freshness window)")
          .default(60),
        /** How far a code's issue time may lie after the gate's clock (a gate clock running behind ours). */
        clockSkewSeconds: z.number().int().min(0).max(30, "must be at most 30 seconds").default(5),
      })
      .strict(),
    /**
     * Who may enter, by Medusa customer group (each entry a group id `cusgrp_...` or an exact group name):
     * associates enter as ASSOCIATE, cash shoppers as CASH_SHOPPER, everyone else as SHOPPER; the blocked groups
     * are refused at the gate. Blocked wins over associate, associate over cash shopper.
     */
    customerGroups: z
      .object({
        associates: csvOrList(z.string().min(1)).default([]),
        cashShoppers: csvOrList(z.string().min(1)).default([]),
        blocked: csvOrList(z.string().min(1)).default([]),
      })
      .strict()
      .default({ associates: [], cashShoppers: [], blocked: [] }),
    /** How shopping trips (Create Purchases) are processed. */
    trips: z
      .object({
        /** Charge trips of associates (ASSOCIATE visitors) through Checkout; by default they are recorded, not charged. */
        chargeAssociates: z.boolean().default(false),
        /** A trip whose due work is this late (seconds) is reported as stuck by the watch job (docs/trips.md). */
        reconcileAfterSeconds: z.number().int().min(30).max(3600).default(120),
        /** The payment provider of JWO orders, as registered by the app (see README). */
        paymentProviderId: z.string().min(1).default("pp_jwo_jwo"),
        /** Failed runs of a trip's work (errors, not crashes) before it needs attention. */
        maxAttempts: z.number().int().min(1).max(30).default(6),
        /** First delay after a failed run; doubles each failure, with jitter. */
        retryBaseMs: z.number().int().min(10).max(60_000).default(2000),
        /** Longest delay between two runs after failures. */
        retryMaxMs: z.number().int().min(100).max(3_600_000).default(120_000),
        /** How often each worker's dispatcher looks for due work in Postgres (the delay across instances). */
        dispatchIntervalMs: z.number().int().min(50).max(60_000).default(1000),
      })
      .strict()
      .default({
        chargeAssociates: false,
        reconcileAfterSeconds: 120,
        paymentProviderId: "pp_jwo_jwo",
        maxAttempts: 6,
        retryBaseMs: 2000,
        retryMaxMs: 120_000,
        dispatchIntervalMs: 1000,
      }),
    /** Submitting priced carts to Amazon's Checkout Service. */
    checkout: z
      .object({
        /** Submissions of one trip (first try and retries on 429/5xx/timeouts) before it needs attention. */
        maxAttempts: z.number().int().min(1).max(30).default(8),
        /** First retry delay; doubles each attempt, with full jitter, never below Amazon's Retry-After. */
        retryBaseMs: z.number().int().min(50).max(60_000).default(2000),
        /** Longest delay between two attempts. */
        retryMaxMs: z.number().int().min(100).max(3_600_000).default(300_000),
      })
      .strict()
      .default({ maxAttempts: 8, retryBaseMs: 2000, retryMaxMs: 300_000 }),
    /**
     * Catalog sync tuning (docs/catalog.md). The JWO_CATALOG_* environment variables, when set, override these
     * (tests, demos, operations).
     */
    catalog: z
      .object({
        /** Product changes of one store within this window go out in one upload. */
        coalesceMs: z.number().int().min(0).max(60_000, "must be at most 60000 ms").default(CATALOG_DEFAULTS.coalesceMs),
        /** Products read per page during a full sync (each with all its variants). */
        pageSize: z.number().int().min(1).max(2000, "must be at most 2000 products").default(CATALOG_DEFAULTS.pageSize),
        /** Upload attempts (first try and retries on 429/5xx/timeouts) before the upload fails. */
        uploadMaxAttempts: z.number().int().min(1).max(30).default(CATALOG_DEFAULTS.uploadMaxAttempts),
        /** First retry delay of an upload (doubling, with jitter, never before Amazon's Retry-After). */
        retryBaseMs: z.number().int().min(50).max(60_000).default(CATALOG_DEFAULTS.retryBaseMs),
        /** Longest delay between two upload attempts. */
        retryMaxMs: z.number().int().min(100).max(3_600_000).default(CATALOG_DEFAULTS.retryMaxMs),
        /** First status poll after this long; each next one 1.5× later, at most pollMaxMs. */
        pollFirstMs: z.number().int().min(50).max(600_000).default(CATALOG_DEFAULTS.pollFirstMs),
        pollMaxMs: z.number().int().min(100).max(3_600_000).default(CATALOG_DEFAULTS.pollMaxMs),
        /** An upload with no final status this long after Amazon accepted it fails (its items are sent again). */
        pollGiveUpMs: z.number().int().min(60_000).max(7 * 24 * 3_600_000).default(CATALOG_DEFAULTS.pollGiveUpMs),
        /** A full sync runner renews its lease every page; one silent this long is taken as dead and resumed. */
        syncLeaseMs: z.number().int().min(5_000).max(3_600_000).default(CATALOG_DEFAULTS.syncLeaseMs),
        /**
         * Upload results pushed by Amazon (its SNS topic → your SQS queue, deploy/jwo-catalog-notifications.yaml).
         * When set, worker instances long-poll the queue and settle an upload as soon as its notification arrives;
         * polling backs off to `fallbackPollMs` meanwhile, and takes over whenever the queue cannot be read.
         */
        notifications: z
          .object({
            queueUrl: sqsQueueUrl,
            /** The queue's region; default: read from the queue URL's host, else amazon.region. */
            region: optionalNonEmpty,
            /** Credentials for SQS; default: the plugin's AWS credentials (amazon.* keys, role, or the AWS_* environment). */
            accessKeyId: optionalNonEmpty,
            secretAccessKey: optionalNonEmpty,
            sessionToken: optionalNonEmpty,
            /** Long-poll duration of each ReceiveMessage call. */
            waitTimeSeconds: z.number().int().min(1).max(20, "must be at most 20 seconds (SQS's limit)").default(CATALOG_NOTIFICATIONS_DEFAULTS.waitTimeSeconds),
            /** While notifications arrive, an upload's status is polled only this often (the fallback for a lost notification). */
            fallbackPollMs: z.number().int().min(10_000, "must be at least 10000 ms").max(3_600_000).default(CATALOG_NOTIFICATIONS_DEFAULTS.fallbackPollMs),
          })
          .strict()
          .optional(),
      })
      .strict()
      .default(CATALOG_DEFAULTS),
    /** Alerts to staff in the admin's notification bell (the notification module's `feed` channel), see README. */
    alerts: z
      .object({
        /** A "many refused entries" alert for a store when, within the last `windowMinutes`, at least `minRefusals` scans and `minShare` of all its scans were refused. */
        refusalSpike: z
          .object({
            windowMinutes: z.number().int().min(1).max(120).default(10),
            minRefusals: z.number().int().min(1).max(100_000).default(10),
            minShare: z.number().min(0).max(1).default(0.5),
          })
          .strict()
          .default({ windowMinutes: 10, minRefusals: 10, minShare: 0.5 }),
      })
      .strict()
      .default({ refusalSpike: { windowMinutes: 10, minRefusals: 10, minShare: 0.5 } }),
    redisUrl: z
      .string()
      .regex(/^rediss?:\/\//, "must be a redis:// or rediss:// URL")
      .optional()
      .or(z.literal("").transform(() => undefined)),
    /** Prefix of the plugin's Redis keys: give each Medusa app sharing one Redis its own. */
    queuePrefix: z
      .string()
      .regex(/^[A-Za-z0-9:_-]{1,64}$/, "must be 1 to 64 characters A-Z, a-z, 0-9, ':', '_' or '-'")
      .default("jwo"),
  })
  .strict()
  .superRefine((options, ctx) => {
    const auth = options.inboundAuth
    if (!auth.allowUnauthenticated && auth.secrets.length === 0) {
      ctx.addIssue({
        code: "custom",
        path: ["inboundAuth", "secrets"],
        message:
          "needs at least one secret (Amazon's gateway must prove itself); for local development only, set inboundAuth.allowUnauthenticated: true instead",
      })
    }
    if (auth.allowUnauthenticated && process.env.NODE_ENV === "production") {
      ctx.addIssue({
        code: "custom",
        path: ["inboundAuth", "allowUnauthenticated"],
        message: "must not be true when NODE_ENV is production",
      })
    }
    const amazon = options.amazon
    if (Boolean(amazon.accessKeyId) !== Boolean(amazon.secretAccessKey)) {
      ctx.addIssue({
        code: "custom",
        path: ["amazon", amazon.accessKeyId ? "secretAccessKey" : "accessKeyId"],
        message: "accessKeyId and secretAccessKey go together",
      })
    }
    // Amazon's SigV4 signing region is read from the host's first label; say so at boot when it cannot be.
    for (const key of ["checkoutEndpoint", "catalogEndpoint"] as const) {
      if (!amazon.region && URL.canParse(amazon[key])) {
        try {
          signingRegionFor(amazon[key])
        } catch {
          ctx.addIssue({
            code: "custom",
            path: ["amazon", "region"],
            message: `is required: the signing region cannot be read from the host of amazon.${key} (${new URL(amazon[key]).hostname}); set it, e.g. "us-east-1"`,
          })
        }
      }
    }
    const envCredentials = process.env.AWS_ACCESS_KEY_ID && process.env.AWS_SECRET_ACCESS_KEY
    if (!amazon.accessKeyId && !amazon.roleArn && !envCredentials) {
      ctx.addIssue({
        code: "custom",
        path: ["amazon", "accessKeyId"],
        message:
          "no AWS credentials: set amazon.accessKeyId and amazon.secretAccessKey, or amazon.roleArn, or the AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY environment variables",
      })
    }
    const catalog = options.catalog
    if (catalog.retryBaseMs > catalog.retryMaxMs) {
      ctx.addIssue({ code: "custom", path: ["catalog", "retryBaseMs"], message: "must not be more than catalog.retryMaxMs" })
    }
    if (catalog.pollFirstMs > catalog.pollMaxMs) {
      ctx.addIssue({ code: "custom", path: ["catalog", "pollFirstMs"], message: "must not be more than catalog.pollMaxMs" })
    }
    const notifications = catalog.notifications
    if (notifications) {
      if (Boolean(notifications.accessKeyId) !== Boolean(notifications.secretAccessKey)) {
        ctx.addIssue({
          code: "custom",
          path: ["catalog", "notifications", notifications.accessKeyId ? "secretAccessKey" : "accessKeyId"],
          message: "accessKeyId and secretAccessKey go together",
        })
      }
      if (URL.canParse(notifications.queueUrl) && !notifications.region && !queueUrlRegion(notifications.queueUrl) && !amazon.region) {
        ctx.addIssue({
          code: "custom",
          path: ["catalog", "notifications", "region"],
          message: `is required: the region cannot be read from the queue URL's host (${new URL(notifications.queueUrl).hostname}) and amazon.region is not set; set it, e.g. "us-east-1"`,
        })
      }
    }
    if (!options.redisUrl && process.env.NODE_ENV === "production") {
      ctx.addIssue({
        code: "custom",
        path: ["redisUrl"],
        message: "is required in production (the in-process queue loses work on restart and is for demos only)",
      })
    }
  })

export type JwoOptionsInput = z.input<typeof jwoOptionsSchema>
export type JwoOptions = z.output<typeof jwoOptionsSchema>

export class JwoOptionsError extends Error {
  constructor(public readonly problems: { option: string; message: string }[]) {
    super(
      [
        `medusa-plugin-jwo cannot start: ${problems.length} plugin option${problems.length > 1 ? "s are" : " is"} wrong.`,
        ...problems.map((p) => `  - ${p.option}: ${p.message}`),
        "Fix: correct these in the options of medusa-plugin-jwo in medusa-config.ts (plugins: [{ resolve: \"medusa-plugin-jwo\", options: {...} }]); see the options table in the plugin's README.",
      ].join("\n")
    )
    this.name = "JwoOptionsError"
  }
}

const MEDUSA_MODULE_OPTION_KEYS = ["database", "scope", "resources", "definition", "moduleName", "providers"]

/** Parses raw plugin options, or throws one JwoOptionsError naming every wrong option. */
export function parseJwoOptions(raw: unknown): JwoOptions {
  // Medusa adds its own keys to every module's options (the database connection); they are not ours to check.
  const input = raw && typeof raw === "object" ? { ...(raw as Record<string, unknown>) } : raw
  if (input && typeof input === "object") {
    for (const key of MEDUSA_MODULE_OPTION_KEYS) delete (input as Record<string, unknown>)[key]
  }
  const result = jwoOptionsSchema.safeParse(input ?? {})
  if (result.success) return result.data
  throw new JwoOptionsError(
    result.error.issues.map((issue) => {
      const option = issue.path.map(String).join(".") || "(options)"
      let message = issue.message
      if (issue.code === "unrecognized_keys") {
        message = `unknown option${issue.keys.length > 1 ? "s" : ""} ${issue.keys.join(", ")}`
      } else if (issue.code === "invalid_type" && /received undefined/.test(issue.message)) {
        message = "is required"
      }
      return { option, message }
    })
  )
}
