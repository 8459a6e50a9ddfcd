/**
 * Catalog notifications (SNS → SQS), the pure part: what a message on the queue says. Amazon does not publish its
 * notification's JSON, so a notification is only a signal naming one or more uploads by `ingestionId`; the plugin
 * then asks Get Catalog Upload Status. Both SNS deliveries are read: the SNS envelope (raw delivery off) and the bare
 * message (raw delivery on). No I/O here: the consumer (notifications-consumer.ts) receives and deletes.
 */
import { regionInHost } from "./amazon/sign"

export type ParsedQueueMessage =
  /** A message naming uploads: settle them. */
  | { kind: "notification"; ingestionIds: string[]; processingStatus: string | null; snsMessageId: string | null; topicArn: string | null; raw: boolean }
  /** SNS asks the subscriber to confirm: fetch `subscribeUrl`. */
  | { kind: "subscription_confirmation"; subscribeUrl: string; topicArn: string | null; snsMessageId: string | null }
  /** SNS says the subscription was removed (nothing to do but say so). */
  | { kind: "unsubscribe_confirmation"; topicArn: string | null; snsMessageId: string | null }
  /** Nothing usable: left on the queue for the dead-letter redrive. */
  | { kind: "malformed"; reason: string }

type Obj = Record<string, unknown>
const isObj = (x: unknown): x is Obj => typeof x === "object" && x !== null && !Array.isArray(x)

/** Key names that carry an ingestion id: ingestionId, ingestion_id, IngestionId, ingestion-id, ingestionID... */
const INGESTION_KEY = /^ingestion[_-]?id$/i
const STATUS_KEY = /^(processing[_-]?status|status)$/i
/** An id as Amazon's look (UUIDs) or any opaque token: printable, no spaces, at most 255 characters (contract §8). */
const ID_VALUE = /^[A-Za-z0-9][A-Za-z0-9._:\/+=-]{0,254}$/
/** "ingestionId: abc", "ingestion_id=abc", "ingestion id: \"abc\"" in free text (a separator is required). */
const INGESTION_IN_TEXT = /ingestion[ _-]?id["']?\s*[:=]\s*["']?([A-Za-z0-9][A-Za-z0-9._\/+=-]{0,254})/gi

const MAX_DEPTH = 8

/** Parses `text` as JSON when it looks like a JSON object or array; undefined otherwise. */
function tryJson(text: string): unknown {
  const t = text.trim()
  if (!(t.startsWith("{") || t.startsWith("["))) return undefined
  try {
    return JSON.parse(t)
  } catch {
    return undefined
  }
}

/**
 * Every ingestion id `value` carries, in order, without duplicates: under any key named like `ingestionId`, at any
 * depth, in arrays, inside strings that are themselves JSON (an SNS `Message`, or a payload nested as a string), and
 * in free text ("ingestionId: <id>").
 */
export function findIngestionIds(value: unknown): string[] {
  const found: string[] = []
  const add = (id: unknown) => {
    if (typeof id === "string" && ID_VALUE.test(id.trim()) && !found.includes(id.trim())) found.push(id.trim())
  }
  const walk = (v: unknown, depth: number) => {
    if (depth > MAX_DEPTH) return
    if (typeof v === "string") {
      const nested = tryJson(v)
      if (nested !== undefined) return walk(nested, depth + 1)
      for (const m of v.matchAll(INGESTION_IN_TEXT)) add(m[1].replace(/[.,;]+$/, ""))
      return
    }
    if (Array.isArray(v)) {
      for (const item of v) walk(item, depth + 1)
      return
    }
    if (!isObj(v)) return
    for (const [key, child] of Object.entries(v)) {
      if (INGESTION_KEY.test(key) && (typeof child === "string" || Array.isArray(child))) {
        if (Array.isArray(child)) child.forEach(add)
        else add(child)
      } else {
        walk(child, depth + 1)
      }
    }
  }
  walk(value, 0)
  return found
}

/** The processing status a message mentions (for the log), if any. */
function findStatus(value: unknown, depth = 0): string | null {
  if (depth > MAX_DEPTH) return null
  if (typeof value === "string") {
    const nested = tryJson(value)
    return nested === undefined ? null : findStatus(nested, depth + 1)
  }
  if (Array.isArray(value)) {
    for (const item of value) {
      const s = findStatus(item, depth + 1)
      if (s) return s
    }
    return null
  }
  if (!isObj(value)) return null
  for (const [key, child] of Object.entries(value)) {
    if (STATUS_KEY.test(key) && typeof child === "string" && /^[A-Za-z_]{2,32}$/.test(child)) return child.toUpperCase()
  }
  for (const child of Object.values(value)) {
    const s = findStatus(child, depth + 1)
    if (s) return s
  }
  return null
}

const str = (v: unknown): string | null => (typeof v === "string" && v ? v : null)

/** An SNS envelope: an object with SNS's `Type` and a `TopicArn` or `MessageId`. */
function isSnsEnvelope(v: unknown): v is Obj {
  return isObj(v) && typeof v.Type === "string" && (typeof v.TopicArn === "string" || typeof v.MessageId === "string")
}

/** What one SQS message body says. Never throws. */
export function parseQueueMessage(body: string | undefined | null): ParsedQueueMessage {
  if (typeof body !== "string" || body.trim() === "") return { kind: "malformed", reason: "empty message body" }
  const json = tryJson(body)
  if (isSnsEnvelope(json)) {
    const type = String(json.Type)
    const topicArn = str(json.TopicArn)
    const snsMessageId = str(json.MessageId)
    if (type === "SubscriptionConfirmation") {
      const subscribeUrl = str(json.SubscribeURL)
      if (!subscribeUrl) return { kind: "malformed", reason: "SubscriptionConfirmation without SubscribeURL" }
      return { kind: "subscription_confirmation", subscribeUrl, topicArn, snsMessageId }
    }
    if (type === "UnsubscribeConfirmation") return { kind: "unsubscribe_confirmation", topicArn, snsMessageId }
    if (type !== "Notification") return { kind: "malformed", reason: `unknown SNS message type ${JSON.stringify(type).slice(0, 60)}` }
    // The envelope's own fields never name an upload: only its Message (and Subject) do.
    const carried = [json.Message, json.Subject, json.MessageAttributes]
    const ingestionIds = findIngestionIds(carried)
    if (!ingestionIds.length) return { kind: "malformed", reason: "SNS notification without an ingestionId in its Message" }
    return { kind: "notification", ingestionIds, processingStatus: findStatus(json.Message), snsMessageId, topicArn, raw: false }
  }
  // Raw message delivery: the body is Amazon's message itself (JSON, or text).
  const ingestionIds = findIngestionIds(json !== undefined ? json : body)
  if (!ingestionIds.length) {
    return { kind: "malformed", reason: json === undefined ? "neither JSON nor text naming an ingestionId" : "JSON without an ingestionId" }
  }
  return { kind: "notification", ingestionIds, processingStatus: findStatus(json ?? null), snsMessageId: null, topicArn: null, raw: true }
}

/**
 * Whether a SubscribeURL may be fetched: only SNS's own endpoints (https://sns.<region>.amazonaws.com[.cn]/), or a
 * loopback URL (the plugin's sandbox). Anything else is refused, so a message cannot make the plugin call an
 * arbitrary URL.
 */
export function checkSubscribeUrl(raw: string): { ok: true; url: URL } | { ok: false; reason: string } {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return { ok: false, reason: "SubscribeURL is not a URL" }
  }
  if (["localhost", "127.0.0.1", "[::1]"].includes(url.hostname) && (url.protocol === "http:" || url.protocol === "https:")) return { ok: true, url }
  if (url.protocol !== "https:") return { ok: false, reason: `SubscribeURL must use https (got ${url.protocol})` }
  if (!/^sns\.[a-z]{2}(-[a-z]+)+-\d\.amazonaws\.com(\.cn)?$/.test(url.hostname)) {
    return { ok: false, reason: `SubscribeURL host ${url.hostname} is not an SNS endpoint (sns.<region>.amazonaws.com)` }
  }
  if (url.searchParams.get("Action") !== "ConfirmSubscription") return { ok: false, reason: "SubscribeURL is not a ConfirmSubscription call" }
  return { ok: true, url }
}

/** The AWS region of an SQS queue URL (https://sqs.us-east-1.amazonaws.com/..., legacy us-east-1.queue.amazonaws.com). */
export function queueUrlRegion(queueUrl: string): string | undefined {
  if (!URL.canParse(queueUrl)) return undefined
  return regionInHost(new URL(queueUrl).hostname)
}

/** The queue URL without anything but scheme, host and path (for logs and the admin). */
export function describeQueue(queueUrl: string): string {
  if (!URL.canParse(queueUrl)) return queueUrl
  const url = new URL(queueUrl)
  return `${url.host}${url.pathname}`
}
