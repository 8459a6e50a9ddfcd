/**
 * The Amazon sandbox: an HTTP server (node:http) that plays Amazon's Checkout and Catalog APIs for local, CI and demo
 * use, with a control API under /_sandbox/ for tests (call record, fault injection, trips, catalog outcomes).
 *
 * Everything is in memory and per process. Amazon-facing endpoints (under /v1) check SigV4 first, exactly like the
 * API Gateway in front of Amazon's services would, then Amazon's own validation (contract §6–§8).
 */
import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto"
import { createServer, IncomingMessage, STATUS_CODES, ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import {
  buildReport,
  CatalogReport,
  CatalogTiming,
  progress,
  ProcessingStatus,
  UploadedItem,
  validateCatalogUpload,
} from "./catalog"
import { CartItem, CheckoutProblem, DepositsRule, formatCents, matchCart, validateCheckoutCart } from "./checkout"
import { SandboxCredential, verifySigV4 } from "./sigv4"
import {
  confirmSubscriptionXml,
  handleSqsAction,
  snsErrorXml,
  snsNotification,
  snsSubscriptionConfirmation,
  SQS_CONTENT_TYPE,
  SQS_TARGET_PREFIX,
  SqsError,
  SqsQueue,
} from "./sqs"

export type { SandboxCredential } from "./sigv4"
export type { CatalogTiming } from "./catalog"
export type { DepositsRule } from "./checkout"

export type StartSandboxOptions = {
  /** Default 0 (any free port); the CLI uses 4010. */
  port?: number
  /** Default 127.0.0.1: the control API has no authentication, so do not expose it. */
  host?: string
  /** The IAM principals allowed to call (SigV4). At least one. */
  credentials: SandboxCredential[]
  /** Amazon store ids of this retailer (catalog `store_id`, trips); default "any". */
  storeIds?: readonly string[] | "any"
  /** Base of report download links; default the sandbox URL. */
  reportBaseUrl?: string
  /** Default `{ mode: "polls", pollsPerStep: 1 }`: INQUEUE, INPROGRESS, DONE on three successive polls. */
  catalogTiming?: CatalogTiming
  /** Validity of report download links (Amazon: S3 presigned, 60 minutes). */
  reportLinkValiditySeconds?: number
  /** Default expiry of a registered trip when none is given (Amazon's pre-authorisation window). Default 24 h. */
  tripTtlSeconds?: number
  /** Largest accepted difference between a request's X-Amz-Date and the sandbox clock. Default 300 (AWS). */
  maxClockSkewSeconds?: number
  /** The signing region every request must be scoped to (Amazon's endpoint region); default: any region. */
  region?: string
  /** Catalog requests admitted per second, across both catalog endpoints; `false` turns the limit off. Default 10. */
  catalogRateLimit?: number | false
  /** How deposits may enter the line identity; see `DepositsRule`. Default "either". */
  checkoutDeposits?: DepositsRule
  /** Most recent calls kept in the call record. Default 10,000. */
  maxCallRecords?: number
  /** The sandbox clock (ms since the epoch), for tests. Default `Date.now`. */
  now?: () => number
  /** Random source of `rate` faults (0 <= x < 1), for tests. Default `Math.random`. */
  random?: () => number
  /** Called with one line per Amazon-facing call once it is answered (the CLI prints them). */
  log?: (line: string) => void
  /**
   * Catalog notifications (SNS → SQS). The sandbox always serves an SQS queue (`notificationsQueueUrl`, SQS JSON
   * protocol, SigV4 service `sqs`); with `enabled`, it publishes an SNS-shaped message to it when an upload's
   * processing ends. Uploads then progress by time (default `catalogTiming` becomes `{ mode: "time" }`), as Amazon's
   * do; in `polls` timing the message goes out at the poll that ends processing.
   */
  notifications?: SandboxNotificationsOptions
}

export type SandboxNotificationsOptions = {
  /** Publish a message when an upload's processing ends. Default false (the CLI turns it on). */
  enabled?: boolean
  /** SNS raw message delivery: the queue gets the bare message instead of the SNS envelope. Default false. */
  rawDelivery?: boolean
  /** Default "jwo-catalog-notifications" (its dead-letter queue: "<name>-dlq"). */
  queueName?: string
  /** Account id in the queue URL and ARNs. Default "000000000000". */
  accountId?: string
  /** Default arn:aws:sns:us-east-1:<accountId>:jwo-catalog-upload-results. */
  topicArn?: string
  /** Default 30. */
  visibilityTimeoutSeconds?: number
  /** Deliveries before the dead-letter queue. Default 5. */
  maxReceiveCount?: number
}

/** One message the sandbox put on the notifications queue. */
export type PublishedNotification = {
  at: string
  kind: "notification" | "subscription-confirmation" | "malformed" | "duplicate"
  ingestionId: string | null
  snsMessageId: string | null
  sqsMessageId: string
  raw: boolean
  body: string
}

export type NotificationsState = {
  queue: SqsQueue
  deadLetter: SqsQueue
  topicArn: string
  published: PublishedNotification[]
  /** While true, upload notifications are held back (SNS delivery delayed); `resume` delivers them in order. */
  paused: boolean
  held: { message: unknown; ingestionId: string | null }[]
  /** The last SubscriptionConfirmation sent, and whether (when) its SubscribeURL was visited. */
  subscription: { token: string; topicArn: string; sentAt: string; confirmedAt: string | null; confirmations: number; subscriptionArn: string } | null
}

export type Money = { amount: string; currencyCode: string }

export type TripSubmission = { at: string; status: number; errorMsg?: string; priceTotal?: Money }

export type Trip = {
  idempotentShoppingTripId: string
  storeId: string
  cartItems: CartItem[]
  registeredAt: string
  expiresAt: string
  /** Set by the first successful Checkout; the same id answers every later one. */
  orderId: string | null
  /** Successful charges: 0 or 1. */
  charges: number
  /** Successful Checkout calls after the first (answered with the same orderId, nothing charged). */
  duplicates: number
  /** What the charge was for (`orderTotals.priceTotal` of the first successful Checkout). */
  priceTotal: Money | null
  chargedAt: string | null
  /** Every Checkout call that named this trip, in order. */
  submissions: TripSubmission[]
}

export type RegisterTripInput = {
  idempotentShoppingTripId: string
  storeId: string
  cartItems: CartItem[]
  /** ISO-8601; default now + tripTtlSeconds. */
  expiresAt?: string
}

export type Upload = {
  ingestionId: string
  receivedAt: string
  receivedAtMs: number
  accessKeyId: string
  items: UploadedItem[]
  polls: number
  processingStatus: ProcessingStatus
  /** Where it ends: DONE unless a catalog failure was configured. */
  finalStatus: "DONE" | "FATAL" | "CANCELLED"
  report: CatalogReport | null
  /** When the sandbox published this upload's notification (null: not yet, or notifications off). */
  notifiedAt: string | null
}

export type PublishNotificationInput =
  /** An upload's notification (again: a new SNS message id); `message` replaces the default message body. */
  | { kind: "notification"; ingestionId?: string; message?: unknown; raw?: boolean }
  /** SNS's SubscriptionConfirmation, with a SubscribeURL served by the sandbox. */
  | { kind: "subscription-confirmation" }
  /** A body that is not an SNS message nor JSON. */
  | { kind: "malformed"; body?: string }
  /** The last notification (of `ingestionId`, or any) delivered again: same SNS MessageId, new SQS message. */
  | { kind: "duplicate"; ingestionId?: string }

export type FaultInput = {
  /** Path prefix to match (e.g. "/v1/checkout/carts", "/v1/catalog"); default every Amazon-facing path. */
  path?: string
  /** Answer this status (with Amazon's error body) instead of handling the call. */
  status?: number
  /** How many matching calls; default 1. */
  count?: number
  /** Hold the call this long without answering, then drop the connection (a client timeout). */
  timeoutMs?: number
  /** Delay the call this long, then answer it (with `status`, or normally: the work is then done late). */
  latencyMs?: number
  /** Retry-After header on a `status` answer. */
  retryAfterSeconds?: number
  /**
   * Share (0 < rate <= 1) of matching calls that get this fault, at random; calls it spares pass on to the next fault
   * or are handled normally. Default 1 (every matching call until `count` is used). The chaos run's "30 % of calls fail".
   */
  rate?: number
}

export type Fault = FaultInput & { id: number; count: number; remaining: number }

export type CallRecord = {
  seq: number
  time: string
  method: string
  /** Path without the query (report links carry their signature in the query). */
  path: string
  /** null while pending, and for a call dropped by a timeout fault. */
  status: number | null
  durationMs: number | null
  /** Who signed it (when the signature was valid). The Authorization header itself is never recorded. */
  accessKeyId?: string
  region?: string
  fault?: string
  requestBody: string
  responseBody: string
}

export type SandboxState = {
  calls: CallRecord[]
  trips: Map<string, Trip>
  uploads: Map<string, Upload>
  faults: Fault[]
  /** SKU → rejection message in reports. */
  rejectedSkus: Map<string, string>
  /** Final statuses forced on the next uploads (FIFO). */
  catalogFailures: { status: "FATAL" | "CANCELLED"; remaining: number }[]
  /** Admission times of recent catalog calls (rate limit). */
  catalogWindow: number[]
  /** The next this many report links are issued already expired (signed 61 minutes before their validity ends). */
  expiredLinks: number
  notifications: NotificationsState
}

export type Sandbox = {
  /** e.g. http://127.0.0.1:4010 — the plugin's endpoints are `${url}/v1`. */
  url: string
  port: number
  state: SandboxState
  registerTrip(input: RegisterTripInput): Trip
  addFault(input: FaultInput): Fault
  rejectSkus(skus: string[], message?: string): void
  /** The SQS queue the sandbox's SNS topic delivers to (point `catalog.notifications.queueUrl` here). */
  notificationsQueueUrl: string
  /** Puts a message on the notifications queue (see the control route POST /_sandbox/notifications). */
  publishNotification(input: PublishNotificationInput): PublishedNotification
  /** Holds upload notifications back (SNS delivery delayed) until `resumeNotifications`. */
  pauseNotifications(): void
  /** Publishes the held notifications; returns how many. */
  resumeNotifications(): number
  reset(): void
  close(): Promise<void>
}

const MAX_BODY_BYTES = 64 * 1024 * 1024
const EXCERPT_CHARS = 2000
const UNKNOWN_TRIP = "UnknownShoppingTripException"

class InputError extends Error {
  constructor(readonly status: number, message: string) {
    super(message)
  }
}

type Reply = { status: number; body?: unknown; headers?: Record<string, string>; /** sent as is instead of JSON */ text?: string }

type Obj = Record<string, unknown>
const isObj = (x: unknown): x is Obj => typeof x === "object" && x !== null && !Array.isArray(x)
const isoOf = (ms: number) => new Date(ms).toISOString()
const errorReply = (status: number, errorMsg: string, extra: Obj = {}): Reply => ({ status, body: { errorMsg, ...extra } })

/** A stable, Amazon-looking order id derived from the trip id: the same trip always gets the same id. */
export function orderIdFor(tripId: string): string {
  const digits = BigInt(`0x${createHash("sha256").update(tripId, "utf8").digest("hex").slice(0, 32)}`)
    .toString()
    .padStart(17, "0")
    .slice(-17)
  return `${digits.slice(0, 3)}-${digits.slice(3, 10)}-${digits.slice(10)}`
}

export async function startSandbox(options: StartSandboxOptions): Promise<Sandbox> {
  const credentials = new Map<string, SandboxCredential>()
  if (!Array.isArray(options.credentials) || options.credentials.length === 0) {
    throw new Error("startSandbox: at least one credential { accessKeyId, secretAccessKey } is required")
  }
  for (const c of options.credentials) {
    if (!c?.accessKeyId || !c?.secretAccessKey) throw new Error("startSandbox: each credential needs accessKeyId and secretAccessKey")
    credentials.set(c.accessKeyId, c)
  }
  const now = options.now ?? Date.now
  const random = options.random ?? Math.random
  const storeIds = options.storeIds ?? "any"
  const notify = options.notifications ?? {}
  const notifyOn = notify.enabled === true
  const timing: CatalogTiming = options.catalogTiming ?? (notifyOn ? { mode: "time" } : { mode: "polls", pollsPerStep: 1 })
  const accountId = notify.accountId ?? "000000000000"
  const queueName = notify.queueName ?? "jwo-catalog-notifications"
  const topicArn = notify.topicArn ?? `arn:aws:sns:us-east-1:${accountId}:jwo-catalog-upload-results`
  const linkValiditySeconds = options.reportLinkValiditySeconds ?? 3600
  const tripTtlMs = (options.tripTtlSeconds ?? 24 * 3600) * 1000
  const maxSkewMs = (options.maxClockSkewSeconds ?? 300) * 1000
  const catalogLimit = options.catalogRateLimit ?? 10
  const deposits = options.checkoutDeposits ?? "either"
  const maxCalls = options.maxCallRecords ?? 10_000
  const reportKey = randomBytes(32) // signs report links; new per process, like a presigning credential

  const state: SandboxState = {
    calls: [],
    trips: new Map(),
    uploads: new Map(),
    faults: [],
    rejectedSkus: new Map(),
    catalogFailures: [],
    catalogWindow: [],
    expiredLinks: 0,
    // The queues' URLs need the listening address: set once the server listens.
    notifications: null as unknown as NotificationsState,
  }
  let callSeq = 0
  let closing = false
  let faultSeq = 0
  let baseUrl = ""
  let reportBase = ""

  // Timers of held calls, cleared on close so the process (and jest) can exit.
  const timers = new Set<NodeJS.Timeout>()
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t)
        resolve()
      }, ms)
      timers.add(t)
    })

  /* -------------------------------------------------------------------------------------------------------- */
  /* State operations (also used by the control API)                                                          */
  /* -------------------------------------------------------------------------------------------------------- */

  function registerTrip(input: RegisterTripInput): Trip {
    const created = registerTripChecked(input)
    return created.trip
  }

  function registerTripChecked(input: unknown): { trip: Trip; created: boolean } {
    if (!isObj(input)) throw new InputError(400, "Body must be a JSON object")
    const id = input.idempotentShoppingTripId
    const storeId = input.storeId
    if (typeof id !== "string" || id === "" || id.length > 255) throw new InputError(400, "idempotentShoppingTripId must be 1 to 255 characters")
    if (typeof storeId !== "string" || storeId === "" || storeId.length > 255) throw new InputError(400, "storeId must be 1 to 255 characters")
    if (storeIds !== "any" && !storeIds.includes(storeId)) throw new InputError(400, `Unknown storeId ${storeId}`)
    if (!Array.isArray(input.cartItems)) throw new InputError(400, "cartItems must be an array (Create Purchases' cartItems)")
    const cartItems: CartItem[] = input.cartItems.map((item: unknown, i: number) => {
      const q = isObj(item) ? item.quantity : undefined
      if (!isObj(item) || typeof item.id !== "string" || !isObj(q) || typeof q.value !== "string" || typeof q.unit !== "string") {
        throw new InputError(400, `cartItems[${i}] must be { id, type?, quantity: { value, unit } }`)
      }
      if (item.type !== undefined && typeof item.type !== "string") throw new InputError(400, `cartItems[${i}].type must be a string`)
      return { id: item.id, ...(item.type ? { type: item.type as string } : {}), quantity: { value: q.value, unit: q.unit } }
    })
    let expiresAtMs = now() + tripTtlMs
    if (input.expiresAt !== undefined) {
      const parsed = typeof input.expiresAt === "string" ? Date.parse(input.expiresAt) : NaN
      if (Number.isNaN(parsed)) throw new InputError(400, "expiresAt must be an ISO-8601 date-time")
      expiresAtMs = parsed
    }

    const existing = state.trips.get(id)
    if (existing) {
      // Amazon replays Create Purchases: the same cart again is a no-op, a different one is refused.
      if (JSON.stringify(existing.cartItems) !== JSON.stringify(cartItems) || existing.storeId !== storeId) {
        throw new InputError(409, `Trip ${id} is already registered with a different store or cart`)
      }
      return { trip: existing, created: false }
    }
    const trip: Trip = {
      idempotentShoppingTripId: id,
      storeId,
      cartItems,
      registeredAt: isoOf(now()),
      expiresAt: isoOf(expiresAtMs),
      orderId: null,
      charges: 0,
      duplicates: 0,
      priceTotal: null,
      chargedAt: null,
      submissions: [],
    }
    state.trips.set(id, trip)
    return { trip, created: true }
  }

  function addFault(input: FaultInput): Fault {
    const x = input as unknown
    if (!isObj(x)) throw new InputError(400, "Body must be a JSON object")
    const int = (name: string, min: number, max: number): number | undefined => {
      const v = x[name]
      if (v === undefined) return undefined
      if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
        throw new InputError(400, `${name} must be an integer from ${min} to ${max}`)
      }
      return v
    }
    const status = int("status", 400, 599)
    const count = int("count", 1, 1_000_000) ?? 1
    const timeoutMs = int("timeoutMs", 0, 600_000)
    const latencyMs = int("latencyMs", 0, 600_000)
    const retryAfterSeconds = int("retryAfterSeconds", 0, 86_400)
    if (x.path !== undefined && (typeof x.path !== "string" || !x.path.startsWith("/"))) {
      throw new InputError(400, 'path must start with "/" (e.g. "/v1/checkout/carts")')
    }
    if (status === undefined && timeoutMs === undefined && latencyMs === undefined) {
      throw new InputError(400, "a fault needs status, timeoutMs or latencyMs")
    }
    const rate = x.rate
    if (rate !== undefined && (typeof rate !== "number" || !(rate > 0 && rate <= 1))) {
      throw new InputError(400, "rate must be a number above 0 and at most 1 (the share of matching calls)")
    }
    const fault: Fault = {
      id: ++faultSeq,
      ...(x.path !== undefined ? { path: x.path as string } : {}),
      ...(status !== undefined ? { status } : {}),
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      ...(latencyMs !== undefined ? { latencyMs } : {}),
      ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
      ...(rate !== undefined && rate < 1 ? { rate: rate as number } : {}),
      count,
      remaining: count,
    }
    state.faults.push(fault)
    return fault
  }

  function takeFault(path: string): Fault | undefined {
    const fault = state.faults.find(
      (f) => f.remaining > 0 && (f.path === undefined || path.startsWith(f.path)) && (f.rate === undefined || random() < f.rate)
    )
    if (!fault) return undefined
    fault.remaining--
    if (fault.remaining === 0) state.faults.splice(state.faults.indexOf(fault), 1)
    return fault
  }

  function rejectSkus(skus: string[], message = "Rejected by the sandbox (configured through /_sandbox/catalog/reject)") {
    for (const sku of skus) state.rejectedSkus.set(sku, message)
  }

  function reset() {
    state.expiredLinks = 0
    state.notifications.queue.clear()
    state.notifications.deadLetter.clear()
    state.notifications.published.length = 0
    state.notifications.subscription = null
    state.notifications.paused = false
    state.notifications.held.length = 0
    state.calls.length = 0
    state.trips.clear()
    state.uploads.clear()
    state.faults.length = 0
    state.rejectedSkus.clear()
    state.catalogFailures.length = 0
    state.catalogWindow.length = 0
  }

  /* -------------------------------------------------------------------------------------------------------- */
  /* Amazon endpoints                                                                                          */
  /* -------------------------------------------------------------------------------------------------------- */

  function checkout(json: unknown): Reply {
    const tripId = isObj(json) && typeof json.idempotentShoppingTripId === "string" ? json.idempotentShoppingTripId : undefined
    const trip = tripId === undefined ? undefined : state.trips.get(tripId)
    const answer = (reply: Reply, priceTotal?: Money): Reply => {
      const errorMsg = isObj(reply.body) && typeof reply.body.errorMsg === "string" ? reply.body.errorMsg : undefined
      trip?.submissions.push({ at: isoOf(now()), status: reply.status, ...(errorMsg ? { errorMsg } : {}), ...(priceTotal ? { priceTotal } : {}) })
      return reply
    }
    const reject = (problems: CheckoutProblem[]) => answer(errorReply(400, problems[0].message, { errors: problems }))

    const checked = validateCheckoutCart(json, deposits)
    if (!checked.ok) return reject(checked.problems)
    const cart = checked.cart
    if (!trip || trip.storeId !== cart.storeId) {
      const why = trip ? `trip ${cart.idempotentShoppingTripId} belongs to store ${trip.storeId}, not ${cart.storeId}` : `no trip ${cart.idempotentShoppingTripId} was sent to this retailer`
      return reject([{ rule: "unknown-trip", path: "idempotentShoppingTripId", message: UNKNOWN_TRIP }, { rule: "unknown-trip", path: "idempotentShoppingTripId", message: why }])
    }
    const priceTotal: Money = { amount: formatCents(cart.priceTotalCents), currencyCode: cart.currencyCode }
    // Idempotency wins over expiry: a retry of a charged trip gets its order id back, whenever it arrives.
    if (trip.orderId === null && Date.parse(trip.expiresAt) < now()) {
      return reject([{ rule: "expired-trip", path: "idempotentShoppingTripId", message: `Shopping trip ${trip.idempotentShoppingTripId} has expired (at ${trip.expiresAt})` }])
    }
    const mismatch = matchCart(cart.lines, trip.cartItems)
    if (mismatch.length > 0) return reject(mismatch)

    if (trip.orderId !== null) {
      trip.duplicates++
      return answer({ status: 201, body: { orderId: trip.orderId } }, priceTotal)
    }
    trip.orderId = orderIdFor(trip.idempotentShoppingTripId)
    trip.charges = 1
    trip.priceTotal = priceTotal
    trip.chargedAt = isoOf(now())
    return answer({ status: 201, body: { orderId: trip.orderId } }, priceTotal)
  }

  function admitCatalogCall(): boolean {
    if (catalogLimit === false) return true
    const t = now()
    const window = state.catalogWindow
    while (window.length > 0 && window[0] <= t - 1000) window.shift()
    if (window.length >= catalogLimit) return false
    window.push(t)
    return true
  }

  function catalogUpload(json: unknown, accessKeyId: string): Reply {
    const checked = validateCatalogUpload(json, storeIds)
    if (!checked.ok) return errorReply(400, checked.message)
    const failure = state.catalogFailures[0]
    let finalStatus: Upload["finalStatus"] = "DONE"
    if (failure) {
      finalStatus = failure.status
      if (--failure.remaining === 0) state.catalogFailures.shift()
    }
    const upload: Upload = {
      ingestionId: randomUUID(),
      receivedAt: isoOf(now()),
      receivedAtMs: now(),
      accessKeyId,
      items: checked.items,
      polls: 0,
      processingStatus: "INQUEUE",
      finalStatus,
      report: null,
      notifiedAt: null,
    }
    state.uploads.set(upload.ingestionId, upload)
    if (notifyOn && timing.mode === "time") {
      // Processing ends by itself (no poll needed), and then the topic publishes the result.
      const endsInMs = (timing.inQueueMs ?? 1000) + (timing.inProgressMs ?? 1000)
      const t = setTimeout(() => {
        timers.delete(t)
        if (state.uploads.get(upload.ingestionId) !== upload) return // reset meanwhile
        endProcessing(upload)
      }, endsInMs)
      timers.add(t)
    }
    return { status: 201, body: { ingestionId: upload.ingestionId } }
  }

  function catalogStatus(json: unknown): Reply {
    const id = isObj(json) ? json.ingestionId : undefined
    if (typeof id !== "string" || id === "" || id.length > 255) return errorReply(400, "Invalid request body: ingestionId must be 1 to 255 characters")
    const upload = state.uploads.get(id)
    if (!upload) return errorReply(400, `No catalog upload with ingestionId ${id}`)
    upload.polls++
    if (!FINAL.includes(upload.processingStatus)) {
      const step = progress(timing, upload.polls, now() - upload.receivedAtMs)
      if (step === "DONE") endProcessing(upload)
      else upload.processingStatus = step
    }
    if (upload.processingStatus !== "DONE") return { status: 200, body: { processingStatus: upload.processingStatus } }
    return { status: 200, body: { processingStatus: "DONE", reportDownloadLink: reportLink(upload.ingestionId) } }
  }

  /** Processing ends (by time, or at a poll): the final status, the report, and the topic's notification. */
  function endProcessing(upload: Upload) {
    if (FINAL.includes(upload.processingStatus)) return
    upload.processingStatus = upload.finalStatus
    // The report is made when processing ends, so rejections configured until then apply.
    if (upload.finalStatus === "DONE") upload.report ??= buildReport(upload.ingestionId, upload.items, state.rejectedSkus)
    if (notifyOn && !upload.notifiedAt) {
      if (state.notifications.paused) {
        state.notifications.held.push({ message: notificationMessage(upload), ingestionId: upload.ingestionId })
        return
      }
      upload.notifiedAt = isoOf(now())
      publishMessage(notificationMessage(upload), { kind: "notification", ingestionId: upload.ingestionId })
    }
  }

  /** What the sandbox's topic says about an upload (Amazon does not publish its format; the plugin must not rely on it). */
  function notificationMessage(upload: Upload) {
    return {
      eventType: "CATALOG_UPLOAD_PROCESSED",
      ingestionId: upload.ingestionId,
      processingStatus: upload.processingStatus,
      storeIds: [...new Set(upload.items.map((item) => item.store_id))],
      itemCount: upload.items.length,
      eventTime: isoOf(now()),
    }
  }

  function publishMessage(
    message: unknown,
    info: { kind: PublishedNotification["kind"]; ingestionId: string | null; raw?: boolean; snsMessageId?: string }
  ): PublishedNotification {
    const n = state.notifications
    const raw = info.raw ?? notify.rawDelivery === true
    const envelope = snsNotification(n.topicArn, message, {
      nowMs: now(),
      unsubscribeUrl: `${baseUrl}/sns/?Action=Unsubscribe&SubscriptionArn=${encodeURIComponent(`${n.topicArn}:sandbox`)}`,
      messageId: info.snsMessageId,
    })
    const body = raw ? envelope.Message : JSON.stringify(envelope)
    const sent = n.queue.send(body, now(), info.kind)
    const record: PublishedNotification = {
      at: isoOf(now()),
      kind: info.kind,
      ingestionId: info.ingestionId,
      snsMessageId: envelope.MessageId,
      sqsMessageId: sent.messageId,
      raw,
      body,
    }
    n.published.push(record)
    return record
  }

  /** Ends a pause: the held notifications are published now, in order. Returns how many. */
  function resumeNotifications(): number {
    const n = state.notifications
    n.paused = false
    const held = n.held.splice(0)
    for (const h of held) {
      const upload = h.ingestionId ? state.uploads.get(h.ingestionId) : undefined
      if (upload) upload.notifiedAt = isoOf(now())
      publishMessage(h.message, { kind: "notification", ingestionId: h.ingestionId })
    }
    return held.length
  }

  function publishNotification(input: PublishNotificationInput): PublishedNotification {
    const n = state.notifications
    if (!isObj(input)) throw new InputError(400, "Body must be a JSON object")
    if (input.kind === "subscription-confirmation") {
      const token = randomBytes(32).toString("hex")
      const subscribeUrl = `${baseUrl}/sns/?Action=ConfirmSubscription&TopicArn=${encodeURIComponent(n.topicArn)}&Token=${token}`
      const envelope = snsSubscriptionConfirmation(n.topicArn, token, { nowMs: now(), subscribeUrl })
      n.subscription = { token, topicArn: n.topicArn, sentAt: isoOf(now()), confirmedAt: null, confirmations: 0, subscriptionArn: `${n.topicArn}:${randomUUID()}` }
      const body = JSON.stringify(envelope)
      const sent = n.queue.send(body, now(), "subscription-confirmation")
      const record: PublishedNotification = { at: isoOf(now()), kind: "subscription-confirmation", ingestionId: null, snsMessageId: envelope.MessageId, sqsMessageId: sent.messageId, raw: false, body }
      n.published.push(record)
      return record
    }
    if (input.kind === "malformed") {
      const body = typeof input.body === "string" && input.body ? input.body : "this is not an SNS message {"
      const sent = n.queue.send(body, now(), "malformed")
      const record: PublishedNotification = { at: isoOf(now()), kind: "malformed", ingestionId: null, snsMessageId: null, sqsMessageId: sent.messageId, raw: true, body }
      n.published.push(record)
      return record
    }
    if (input.kind === "duplicate") {
      const original = [...n.published]
        .reverse()
        .find((p) => p.kind === "notification" && (input.ingestionId === undefined || p.ingestionId === input.ingestionId))
      if (!original) throw new InputError(404, `No notification${input.ingestionId ? ` of ${input.ingestionId}` : ""} was published yet`)
      // SNS delivers at least once: a duplicate is the same message (same body, same SNS MessageId) again.
      const sent = n.queue.send(original.body, now(), "duplicate")
      const record: PublishedNotification = { ...original, at: isoOf(now()), kind: "duplicate", sqsMessageId: sent.messageId }
      n.published.push(record)
      return record
    }
    if (input.kind === "notification") {
      if (input.ingestionId !== undefined && typeof input.ingestionId !== "string") throw new InputError(400, "ingestionId must be a string")
      const upload = input.ingestionId ? state.uploads.get(input.ingestionId) : undefined
      if (input.ingestionId && !upload && input.message === undefined) throw new InputError(404, `No upload ${input.ingestionId}`)
      const message = input.message !== undefined ? input.message : upload ? notificationMessage(upload) : undefined
      if (message === undefined) throw new InputError(400, "a notification needs ingestionId or message")
      return publishMessage(message, { kind: "notification", ingestionId: input.ingestionId ?? null, raw: input.raw })
    }
    throw new InputError(400, 'kind must be "notification", "subscription-confirmation", "malformed" or "duplicate"')
  }

  /** SNS's side of a SubscribeURL (Action=ConfirmSubscription): the subscription becomes confirmed. */
  function snsEndpoint(query: URLSearchParams): Reply {
    const xml = (status: number, text: string): Reply => ({ status, text, headers: { "content-type": "text/xml" } })
    const action = query.get("Action")
    const sub = state.notifications.subscription
    if (action === "Unsubscribe") return xml(200, `<UnsubscribeResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"/>`)
    if (action !== "ConfirmSubscription") return xml(400, snsErrorXml("InvalidAction", `Unknown action ${action ?? "(none)"}`))
    if (!sub || query.get("Token") !== sub.token || query.get("TopicArn") !== sub.topicArn) {
      return xml(400, snsErrorXml("InvalidParameter", "Invalid token"))
    }
    sub.confirmations++
    sub.confirmedAt ??= isoOf(now())
    return xml(200, confirmSubscriptionXml(sub.subscriptionArn))
  }

  /** One SQS action (JSON 1.0), SigV4-checked for service "sqs". */
  async function sqs(req: IncomingMessage, action: string, body: Buffer, parse: () => unknown, call: CallRecord): Promise<Reply> {
    const json = (status: number, value: unknown, extra: Record<string, string> = {}): Reply => ({ status, body: value, headers: { "content-type": SQS_CONTENT_TYPE, ...extra } })
    const fail = (error: SqsError) =>
      json(error.status, { __type: `com.amazonaws.sqs#${error.type}`, message: error.message }, { "x-amzn-query-error": `${error.queryCode};Sender` })
    const auth = verifySigV4({ method: req.method ?? "POST", url: req.url ?? "/", rawHeaders: req.rawHeaders, body }, (id) => credentials.get(id), {
      now: now(),
      maxSkewMs,
      service: "sqs",
    })
    if (!auth.ok) return fail(new SqsError(403, auth.message.includes("signature") ? "SignatureDoesNotMatch" : "InvalidClientTokenId", auth.message))
    call.accessKeyId = auth.accessKeyId
    call.region = auth.region
    const input = parse()
    if (input === InvalidJson) return fail(new SqsError(400, "SerializationException", "The request body is not valid JSON"))
    const n = state.notifications
    try {
      const out = await handleSqsAction(
        {
          queueByUrl: (url) => [n.queue, n.deadLetter].find((q) => q.url === url || url.endsWith(`/${q.name}`) && url.includes(`/${accountId}/`)),
          queueByName: (name) => [n.queue, n.deadLetter].find((q) => q.name === name),
          nowMs: now,
          cancelled: () => req.socket.destroyed,
          waitFor: async (ms, ready) => {
            const deadline = Date.now() + ms
            while (!ready() && Date.now() < deadline && !closing) await sleep(Math.min(50, deadline - Date.now()))
          },
        },
        action,
        input
      )
      return json(200, out)
    } catch (error) {
      if (error instanceof SqsError) return fail(error)
      throw error
    }
  }

  function reportSignature(id: string, amzDate: string, expires: string): Buffer {
    return createHmac("sha256", reportKey).update(`${id}\n${amzDate}\n${expires}`).digest()
  }

  /** A link in the shape of an S3 presigned URL: anyone holding it may read the report until it expires. */
  function reportLink(id: string): string {
    // A link handed out late (e.g. read from a cache) is already past its validity when it is used.
    const expired = state.expiredLinks > 0
    if (expired) state.expiredLinks--
    const signedAtMs = expired ? now() - (linkValiditySeconds + 60) * 1000 : now()
    const amzDate = isoOf(signedAtMs).replace(/[-:]|\.\d{3}/g, "")
    const expires = String(linkValiditySeconds)
    const signature = reportSignature(id, amzDate, expires).toString("hex")
    return `${reportBase}/reports/${encodeURIComponent(id)}?X-Amz-Date=${amzDate}&X-Amz-Expires=${expires}&X-Amz-Signature=${signature}`
  }

  function report(req: IncomingMessage, id: string, query: URLSearchParams): Reply {
    // S3 refuses a presigned URL that also carries an Authorization header: the report must be fetched unsigned.
    if (req.headers.authorization) {
      return errorReply(400, "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified")
    }
    const amzDate = query.get("X-Amz-Date") ?? ""
    const expires = query.get("X-Amz-Expires") ?? ""
    const given = Buffer.from(query.get("X-Amz-Signature") ?? "", "hex")
    const expected = reportSignature(id, amzDate, expires)
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return errorReply(403, "AccessDenied: the link's signature does not match")
    const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate)
    const signedAt = m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : NaN
    if (!(now() <= signedAt + Number(expires) * 1000)) return errorReply(403, "Request has expired")
    const upload = state.uploads.get(id)
    if (!upload?.report) return errorReply(404, "NoSuchKey: the specified key does not exist")
    return { status: 200, body: upload.report }
  }

  /* -------------------------------------------------------------------------------------------------------- */
  /* Control API                                                                                              */
  /* -------------------------------------------------------------------------------------------------------- */

  function control(method: string, path: string, query: URLSearchParams, json: () => unknown): Reply {
    const parts = path.split("/").filter(Boolean).slice(1).map(safeDecode) // drop "_sandbox"
    const route = `${method} /${parts.join("/")}`
    const [first, second] = parts

    if (route === "GET /health") return { status: 200, body: { ok: true } }
    if (route === "GET /calls") {
      const prefix = query.get("path")
      return { status: 200, body: { calls: prefix ? state.calls.filter((c) => c.path.startsWith(prefix)) : state.calls } }
    }
    if (route === "DELETE /calls") {
      const cleared = state.calls.length
      state.calls.length = 0
      return { status: 200, body: { cleared } }
    }
    if (route === "GET /faults") return { status: 200, body: { faults: state.faults } }
    if (route === "POST /faults") return { status: 201, body: addFault(json() as FaultInput) }
    if (route === "DELETE /faults") {
      state.faults.length = 0
      return { status: 200, body: { faults: [] } }
    }
    if (route === "GET /trips") return { status: 200, body: { trips: [...state.trips.values()] } }
    if (route === "POST /trips") {
      const { trip, created } = registerTripChecked(json())
      return { status: created ? 201 : 200, body: trip }
    }
    if (method === "GET" && first === "trips" && second !== undefined && parts.length === 2) {
      const trip = state.trips.get(second)
      return trip ? { status: 200, body: trip } : errorReply(404, `No trip ${second}`)
    }
    if (route === "POST /catalog/reject") {
      const body = json()
      const skus = isObj(body) ? body.skus : undefined
      if (!Array.isArray(skus) || !skus.every((s) => typeof s === "string")) throw new InputError(400, "skus must be an array of strings")
      const message = isObj(body) && typeof body.message === "string" && body.message ? body.message : undefined
      rejectSkus(skus as string[], message)
      return { status: 200, body: { rejectedSkus: Object.fromEntries(state.rejectedSkus) } }
    }
    if (route === "DELETE /catalog/reject") {
      state.rejectedSkus.clear()
      return { status: 200, body: { rejectedSkus: {} } }
    }
    if (route === "POST /catalog/fail") {
      const body = json()
      const status = isObj(body) ? body.status : undefined
      const count = isObj(body) && body.count !== undefined ? body.count : 1
      if (status !== "FATAL" && status !== "CANCELLED") throw new InputError(400, 'status must be "FATAL" or "CANCELLED"')
      if (typeof count !== "number" || !Number.isInteger(count) || count < 1) throw new InputError(400, "count must be a positive integer")
      state.catalogFailures.push({ status, remaining: count })
      return { status: 201, body: { catalogFailures: state.catalogFailures } }
    }
    if (route === "POST /catalog/expired-links") {
      const body = json()
      const count = isObj(body) && body.count !== undefined ? body.count : 1
      if (typeof count !== "number" || !Number.isInteger(count) || count < 1) throw new InputError(400, "count must be a positive integer")
      state.expiredLinks += count
      return { status: 201, body: { expiredLinks: state.expiredLinks } }
    }
    if (route === "GET /notifications") return { status: 200, body: notificationsView() }
    if (route === "POST /notifications") return { status: 201, body: publishNotification(json() as PublishNotificationInput) }
    if (route === "POST /notifications/pause") {
      state.notifications.paused = true
      return { status: 200, body: { paused: true, held: state.notifications.held.length } }
    }
    if (route === "POST /notifications/resume") return { status: 200, body: { paused: false, delivered: resumeNotifications() } }
    if (route === "GET /uploads") {
      // Items are left out of the list (an upload may hold 10,000); GET /_sandbox/uploads/:id has them.
      const uploads = [...state.uploads.values()].map(({ items, report, ...rest }) => ({
        ...rest,
        itemCount: items.length,
        reportSummary: report?.summary ?? null,
      }))
      return { status: 200, body: { uploads } }
    }
    if (method === "GET" && first === "uploads" && second !== undefined && parts.length === 2) {
      const upload = state.uploads.get(second)
      return upload ? { status: 200, body: upload } : errorReply(404, `No upload ${second}`)
    }
    if (route === "POST /reset") {
      reset()
      return { status: 200, body: { ok: true } }
    }
    return errorReply(404, `No sandbox control route ${method} ${path}`)
  }

  /* -------------------------------------------------------------------------------------------------------- */
  /* HTTP plumbing                                                                                            */
  /* -------------------------------------------------------------------------------------------------------- */

  /** The notifications queue and its dead-letter queue, what was published, and the subscription. */
  function notificationsView() {
    const n = state.notifications
    const view = (q: SqsQueue) => ({
      url: q.url,
      arn: q.arn,
      ...q.counts(now()),
      messages: q.messages.map((m) => ({ messageId: m.messageId, kind: m.kind, receiveCount: m.receiveCount, body: m.body.slice(0, EXCERPT_CHARS) })),
      deletedMessages: q.deleted.map((m) => ({ messageId: m.messageId, kind: m.kind, receiveCount: m.receiveCount, deletedAt: isoOf(m.deletedAtMs) })),
    })
    return {
      enabled: notifyOn,
      rawDelivery: notify.rawDelivery === true,
      topicArn: n.topicArn,
      queue: view(n.queue),
      deadLetterQueue: view(n.deadLetter),
      published: n.published,
      paused: n.paused,
      held: n.held.length,
      subscription: n.subscription,
    }
  }

  function write(res: ServerResponse, reply: Reply): string {
    const text = reply.text !== undefined ? reply.text : reply.body === undefined ? "" : JSON.stringify(reply.body)
    if (!res.writableEnded && !res.destroyed) {
      res.writeHead(reply.status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...reply.headers })
      res.end(text)
    }
    return text
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const startedAt = Date.now()
    const method = req.method ?? "GET"
    const rawUrl = req.url ?? "/"
    const q = rawUrl.indexOf("?")
    const urlPath = q < 0 ? rawUrl : rawUrl.slice(0, q)
    const query = new URLSearchParams(q < 0 ? "" : rawUrl.slice(q + 1))
    // SQS (JSON 1.0) posts every action to the endpoint's root and names it in X-Amz-Target; the call record and the
    // faults see it as /sqs/<Action>.
    const target = String(req.headers["x-amz-target"] ?? "")
    const sqsAction = method === "POST" && target.startsWith(SQS_TARGET_PREFIX) ? target.slice(SQS_TARGET_PREFIX.length) : null
    const path = sqsAction ? `/sqs/${sqsAction}` : urlPath

    let body: Buffer
    try {
      body = await readBody(req)
    } catch (error) {
      write(res, errorReply(413, (error as Error).message))
      return
    }
    const text = body.toString("utf8")
    const parse = (): unknown => {
      try {
        return text.trim() === "" ? undefined : JSON.parse(text)
      } catch {
        return InvalidJson
      }
    }

    if (path === "/_sandbox" || path.startsWith("/_sandbox/")) {
      try {
        write(res, control(method, path, query, () => {
          const json = parse()
          if (json === InvalidJson) throw new InputError(400, "Body is not valid JSON")
          return json
        }))
      } catch (error) {
        write(res, error instanceof InputError ? errorReply(error.status, error.message) : errorReply(500, (error as Error).message))
      }
      return
    }

    const call: CallRecord = {
      seq: ++callSeq,
      time: isoOf(now()),
      method,
      path,
      status: null,
      durationMs: null,
      requestBody: text.slice(0, EXCERPT_CHARS),
      responseBody: "",
    }
    state.calls.push(call)
    if (state.calls.length > maxCalls) state.calls.splice(0, state.calls.length - maxCalls)
    const finish = (reply: Reply | null) => {
      call.status = reply ? reply.status : null
      call.responseBody = reply ? write(res, reply).slice(0, EXCERPT_CHARS) : ""
      call.durationMs = Date.now() - startedAt
      options.log?.(`${method} ${path} -> ${reply ? reply.status : "dropped (timeout fault)"} ${call.durationMs}ms${call.fault ? ` [fault: ${call.fault}]` : ""}`)
    }

    const fault = takeFault(path)
    if (fault) {
      call.fault = describeFault(fault)
      if (fault.latencyMs) await sleep(fault.latencyMs)
      if (fault.timeoutMs !== undefined) {
        await sleep(fault.timeoutMs)
        req.socket.destroy()
        return finish(null)
      }
      if (fault.status !== undefined) {
        const headers = fault.retryAfterSeconds !== undefined ? { "retry-after": String(fault.retryAfterSeconds) } : undefined
        return finish({ ...errorReply(fault.status, faultMessage(fault.status)), headers })
      }
    }

    try {
      finish(sqsAction ? await sqs(req, sqsAction, body, parse, call) : amazon(req, method, path, query, body, parse, call))
    } catch (error) {
      finish(errorReply(500, `Sandbox error: ${(error as Error).message}`))
    }
  }

  const ROUTES: Record<string, string> = {
    "/v1/checkout/carts": "POST",
    "/v1/catalog/upload": "POST",
    "/v1/catalog/getCatalogUploadStatus": "POST",
  }

  function amazon(
    req: IncomingMessage,
    method: string,
    path: string,
    query: URLSearchParams,
    body: Buffer,
    parse: () => unknown,
    call: CallRecord
  ): Reply {
    if (method === "GET" && path.startsWith("/reports/")) {
      return report(req, safeDecode(path.slice("/reports/".length)), query)
    }
    if (method === "GET" && (path === "/sns" || path === "/sns/")) return snsEndpoint(query)
    const allowed = ROUTES[path.replace(/\/+$/, "")]
    if (!allowed) return errorReply(404, `No such resource: ${method} ${path}`)
    if (method !== allowed) return errorReply(405, `Method ${method} is not allowed on ${path}`)

    const auth = verifySigV4(
      { method, url: req.url ?? path, rawHeaders: req.rawHeaders, body },
      (id) => credentials.get(id),
      { now: now(), maxSkewMs }
    )
    if (!auth.ok) return errorReply(403, auth.message)
    if (options.region && auth.region !== options.region) {
      return errorReply(403, `Credential should be scoped to a valid region, not '${auth.region}'; expected '${options.region}'`)
    }
    call.accessKeyId = auth.accessKeyId
    call.region = auth.region

    const isCatalog = path.startsWith("/v1/catalog/")
    if (isCatalog && !admitCatalogCall()) return errorReply(429, "Too Many Requests")
    const json = parse()
    if (json === InvalidJson) return errorReply(400, isCatalog ? "Invalid request body" : "Invalid request body: not valid JSON")
    if (path.startsWith("/v1/checkout/")) return checkout(json)
    if (path.startsWith("/v1/catalog/upload")) return catalogUpload(json, auth.accessKeyId)
    return catalogStatus(json)
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      write(res, errorReply(500, `Sandbox error: ${(error as Error).message}`))
    })
  })
  // A client that gives up (timeout) resets the socket; that is expected here and must not crash the process.
  server.on("clientError", (_error, socket) => socket.destroy())

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject)
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject)
      resolve()
    })
  })
  const address = server.address() as AddressInfo
  baseUrl = `http://${displayHost(address.address)}:${address.port}`
  reportBase = (options.reportBaseUrl ?? baseUrl).replace(/\/+$/, "")
  {
    const queueUrl = (name: string) => `${baseUrl}/sqs/${accountId}/${name}`
    const queueArn = (name: string) => `arn:aws:sqs:us-east-1:${accountId}:${name}`
    const visibilityTimeoutMs = (notify.visibilityTimeoutSeconds ?? 30) * 1000
    const deadLetter = new SqsQueue({ name: `${queueName}-dlq`, url: queueUrl(`${queueName}-dlq`), arn: queueArn(`${queueName}-dlq`), visibilityTimeoutMs })
    const queue = new SqsQueue({
      name: queueName,
      url: queueUrl(queueName),
      arn: queueArn(queueName),
      visibilityTimeoutMs,
      maxReceiveCount: notify.maxReceiveCount ?? 5,
      deadLetter,
    })
    state.notifications = { queue, deadLetter, topicArn, published: [], subscription: null, paused: false, held: [] }
  }

  let closed: Promise<void> | undefined
  return {
    url: baseUrl,
    port: address.port,
    state,
    registerTrip,
    addFault,
    rejectSkus,
    notificationsQueueUrl: state.notifications.queue.url,
    publishNotification,
    pauseNotifications: () => void (state.notifications.paused = true),
    resumeNotifications,
    reset,
    close() {
      closing = true
      closed ??= new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t)
        timers.clear()
        server.close(() => resolve())
        server.closeAllConnections()
      })
      return closed
    },
  }
}

const InvalidJson = Symbol("invalid JSON")
const FINAL: ProcessingStatus[] = ["DONE", "FATAL", "CANCELLED"]

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on("data", (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) {
        req.removeAllListeners("data")
        req.resume()
        reject(new Error(`Request body is larger than ${MAX_BODY_BYTES} bytes`))
        return
      }
      chunks.push(chunk)
    })
    req.on("end", () => resolve(Buffer.concat(chunks)))
    req.on("error", reject)
  })
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

function faultMessage(status: number): string {
  if (status === 429) return "Too Many Requests"
  return STATUS_CODES[status] ?? "Error"
}

function describeFault(f: Fault): string {
  const parts = [`#${f.id}`]
  if (f.status !== undefined) parts.push(`status ${f.status}`)
  if (f.timeoutMs !== undefined) parts.push(`timeout ${f.timeoutMs}ms`)
  if (f.latencyMs !== undefined) parts.push(`latency ${f.latencyMs}ms`)
  return parts.join(", ")
}

function displayHost(address: string): string {
  if (address === "0.0.0.0" || address === "::") return "127.0.0.1"
  return address.includes(":") ? `[${address}]` : address
}
