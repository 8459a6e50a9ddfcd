import { availableParallelism } from "node:os"
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

/**
 * An http(s) base URL without a trailing slash, its error showing `example` (each endpoint its own). Plain http is
 * allowed only for loopback hosts (the sandbox).
 */
const baseUrl = (example: string) =>
  z
    .string()
    .url(`must be an absolute URL such as ${example}`)
    .refine((value) => {
      if (!URL.canParse(value)) return true // already reported as not a URL
      const url = new URL(value)
      if (url.protocol === "https:") return true
      return url.protocol === "http:" && ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname)
    }, "must use https (plain http is accepted only for localhost, e.g. the plugin's sandbox)")
    .transform((value) => value.replace(/\/+$/, ""))

/** The examples in the endpoint errors: Amazon's Checkout host, and a Catalog host as Amazon gives it at onboarding. */
export const ENDPOINT_EXAMPLES = {
  checkoutEndpoint: "https://us-east-1.checkout.amazonphysicalstores.com/v1",
  catalogEndpoint: "https://<the Catalog API host Amazon gave you at onboarding>/v1",
  stsEndpoint: "https://sts.us-east-1.amazonaws.com",
}

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

/**
 * Trips (and Checkout submissions) one worker process works on at once, by default: two per core, from 2 to 8. A
 * Node process runs its JavaScript on one core and a trip spends about half its time waiting on PostgreSQL, Redis
 * and Amazon, so two jobs per core keep the process busy (one job per core left a 2-core worker at 86 % of a core in
 * the chaos run, and its backlog drained slower); more only stretch every trip, and with it the store stock lock's
 * section that all of a store's trips wait for. Scale out with worker instances.
 */
export const DEFAULT_QUEUE_CONCURRENCY = Math.min(8, Math.max(2, 2 * availableParallelism()))

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

/** Every option on its own: types, ranges, formats, defaults. The checks across options are `crossOptionIssues`. */
const jwoOptionsFields = z
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
        checkoutEndpoint: baseUrl(ENDPOINT_EXAMPLES.checkoutEndpoint),
        catalogEndpoint: baseUrl(ENDPOINT_EXAMPLES.catalogEndpoint),
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
        stsEndpoint: baseUrl(ENDPOINT_EXAMPLES.stsEndpoint).optional(),
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
        /**
         * The fulfillment provider of the stores' "Just Walk Out" pickup option (docs/orders.md); Medusa's manual
         * provider, registered in every app by default, unless the app replaced it.
         */
        fulfillmentProviderId: z.string().min(1).default("manual_manual"),
        /** Failed runs of a trip's work (errors, not crashes) before it needs attention. */
        maxAttempts: z.number().int().min(1).max(30).default(6),
        /** First delay after a failed run; doubles each failure, with jitter. */
        retryBaseMs: z.number().int().min(10).max(60_000).default(2000),
        /** Longest delay between two runs after failures. */
        retryMaxMs: z.number().int().min(100).max(3_600_000).default(120_000),
        /** How often each worker's dispatcher looks for due work in Postgres (the delay across instances). */
        dispatchIntervalMs: z.number().int().min(50).max(60_000).default(1000),
        /** Trips one worker process prices at once (`DEFAULT_QUEUE_CONCURRENCY`: follows the cores). */
        concurrency: z.number().int().min(1).max(64).default(DEFAULT_QUEUE_CONCURRENCY),
      })
      .strict()
      .default({
        chargeAssociates: false,
        reconcileAfterSeconds: 120,
        paymentProviderId: "pp_jwo_jwo",
        fulfillmentProviderId: "manual_manual",
        maxAttempts: 6,
        retryBaseMs: 2000,
        retryMaxMs: 120_000,
        dispatchIntervalMs: 1000,
        concurrency: DEFAULT_QUEUE_CONCURRENCY,
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
        /** Checkout submissions one worker process makes at once (`DEFAULT_QUEUE_CONCURRENCY`). */
        concurrency: z.number().int().min(1).max(64).default(DEFAULT_QUEUE_CONCURRENCY),
      })
      .strict()
      .default({ maxAttempts: 8, retryBaseMs: 2000, retryMaxMs: 300_000, concurrency: DEFAULT_QUEUE_CONCURRENCY }),
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
    /**
     * Receipts (retailer-managed for app entry, docs/orders.md). With `channel`, each finished trip order with an
     * email sends one notification through Medusa's notification module on that channel (template `template`,
     * data `{ receipt }`); without it the plugin sends nothing and the receipt is read from the admin API.
     */
    receipts: z
      .object({
        channel: z
          .string()
          .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be a notification channel name such as "email"')
          .optional(),
        template: z
          .string()
          .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'must be a template name such as "jwo-receipt"')
          .default("jwo-receipt"),
      })
      .strict()
      .default({ template: "jwo-receipt" }),
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

type Issue = { path: string[]; message: string }
type Loose = Record<string, unknown>

const section = (value: unknown, key: string): Loose => {
  const v = value && typeof value === "object" ? (value as Loose)[key] : undefined
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Loose) : {}
}
const text = (value: unknown): string | undefined => (typeof value === "string" && value ? value : undefined)
/** A list option as it stands: parsed (an array), or a comma-separated string not parsed yet. */
const listLength = (value: unknown): number | undefined =>
  Array.isArray(value) ? value.length : typeof value === "string" ? value.split(",").filter((p) => p.trim()).length : undefined

/**
 * The checks that span several options. They run on whatever parsed, also when other options are wrong, so one boot
 * lists every problem: each check reads its options defensively and skips what is missing or of the wrong type
 * (already reported by that option's own check).
 */
export function crossOptionIssues(options: unknown): Issue[] {
  const issues: Issue[] = []
  const add = (path: string[], message: string) => issues.push({ path, message })
  const production = process.env.NODE_ENV === "production"

  const auth = section(options, "inboundAuth")
  const unauthenticated = auth.allowUnauthenticated === true
  if (!unauthenticated && (auth.secrets === undefined || listLength(auth.secrets) === 0)) {
    add(
      ["inboundAuth", "secrets"],
      "needs at least one secret (Amazon's gateway must prove itself); for local development only, set inboundAuth.allowUnauthenticated: true instead"
    )
  }
  if (unauthenticated && production) add(["inboundAuth", "allowUnauthenticated"], "must not be true when NODE_ENV is production")

  const amazon = section(options, "amazon")
  const hasAmazon = Boolean(options && typeof options === "object" && (options as Loose).amazon)
  if (hasAmazon) {
    const accessKeyId = text(amazon.accessKeyId)
    const secretAccessKey = text(amazon.secretAccessKey)
    if (Boolean(accessKeyId) !== Boolean(secretAccessKey)) {
      add(["amazon", accessKeyId ? "secretAccessKey" : "accessKeyId"], "accessKeyId and secretAccessKey go together")
    }
    // Amazon's SigV4 signing region is read from the host's first label; say so at boot when it cannot be.
    for (const key of ["checkoutEndpoint", "catalogEndpoint"] as const) {
      const endpoint = text(amazon[key])
      if (text(amazon.region) || !endpoint || !URL.canParse(endpoint)) continue
      try {
        signingRegionFor(endpoint)
      } catch {
        add(
          ["amazon", "region"],
          `is required: the signing region cannot be read from the host of amazon.${key} (${new URL(endpoint).hostname}); set it, e.g. "us-east-1"`
        )
      }
    }
    const envCredentials = process.env.AWS_ACCESS_KEY_ID && process.env.AWS_SECRET_ACCESS_KEY
    if (!accessKeyId && !secretAccessKey && amazon.roleArn === undefined && !envCredentials) {
      add(
        ["amazon", "accessKeyId"],
        "no AWS credentials: set amazon.accessKeyId and amazon.secretAccessKey, or amazon.roleArn, or the AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY environment variables"
      )
    }
  }

  const catalog = section(options, "catalog")
  const number = (value: unknown, fallback: number) => (value === undefined ? fallback : typeof value === "number" ? value : undefined)
  const [retryBase, retryMax] = [number(catalog.retryBaseMs, CATALOG_DEFAULTS.retryBaseMs), number(catalog.retryMaxMs, CATALOG_DEFAULTS.retryMaxMs)]
  if (retryBase !== undefined && retryMax !== undefined && retryBase > retryMax) add(["catalog", "retryBaseMs"], "must not be more than catalog.retryMaxMs")
  const [pollFirst, pollMax] = [number(catalog.pollFirstMs, CATALOG_DEFAULTS.pollFirstMs), number(catalog.pollMaxMs, CATALOG_DEFAULTS.pollMaxMs)]
  if (pollFirst !== undefined && pollMax !== undefined && pollFirst > pollMax) add(["catalog", "pollFirstMs"], "must not be more than catalog.pollMaxMs")
  const notifications = section(catalog, "notifications")
  if (Object.keys(notifications).length) {
    const accessKeyId = text(notifications.accessKeyId)
    if (Boolean(accessKeyId) !== Boolean(text(notifications.secretAccessKey))) {
      add(["catalog", "notifications", accessKeyId ? "secretAccessKey" : "accessKeyId"], "accessKeyId and secretAccessKey go together")
    }
    const queueUrl = text(notifications.queueUrl)
    if (queueUrl && URL.canParse(queueUrl) && !text(notifications.region) && !queueUrlRegion(queueUrl) && !text(amazon.region)) {
      add(
        ["catalog", "notifications", "region"],
        `is required: the region cannot be read from the queue URL's host (${new URL(queueUrl).hostname}) and amazon.region is not set; set it, e.g. "us-east-1"`
      )
    }
  }

  const redisUrl = options && typeof options === "object" ? (options as Loose).redisUrl : undefined
  if (!redisUrl && production) {
    add(["redisUrl"], "is required in production (the in-process queue loses work on restart and is for demos only)")
  }
  return issues
}

/** The whole schema: every option, then the checks across them (for a value whose options all parsed). */
export const jwoOptionsSchema = jwoOptionsFields.superRefine((options, ctx) => {
  for (const issue of crossOptionIssues(options)) ctx.addIssue({ code: "custom", ...issue })
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
  // The options' own checks, then the checks across them on whatever parsed (also when some options are wrong), so
  // a merchant sees every problem in one boot.
  let seen: unknown = input ?? {}
  const result = jwoOptionsFields
    .refine(
      (value) => {
        seen = value
        return true
      },
      { when: () => true }
    )
    .safeParse(input ?? {})
  const cross = crossOptionIssues(seen)
  if (result.success && !cross.length) return result.data as JwoOptions
  const own = result.success ? [] : result.error.issues
  const problems = own.map((issue) => {
    const option = issue.path.map(String).join(".") || "(options)"
    let message = issue.message
    if (issue.code === "unrecognized_keys") {
      message = `unknown option${issue.keys.length > 1 ? "s" : ""} ${issue.keys.join(", ")}`
    } else if (issue.code === "invalid_type" && /received undefined/.test(issue.message)) {
      message = "is required"
    }
    return { option, message }
  })
  for (const issue of cross) {
    const option = issue.path.join(".")
    // One line per option: a cross check on an option that already failed its own check adds nothing.
    if (!problems.some((p) => p.option === option)) problems.push({ option, message: issue.message })
  }
  throw new JwoOptionsError(problems)
}
