/**
 * The sandbox's SQS queues and SNS messages: what Amazon's catalog notifications topic delivers to a retailer's
 * queue, and the part of the SQS JSON 1.0 protocol (`X-Amz-Target: AmazonSQS.<Action>`,
 * `application/x-amz-json-1.0`) that the AWS SDK v3 client uses to read it. Pure (the clock is passed in); the HTTP
 * side is in server.ts.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto"

export const SQS_TARGET_PREFIX = "AmazonSQS."
export const SQS_CONTENT_TYPE = "application/x-amz-json-1.0"

export type SqsMessage = {
  messageId: string
  body: string
  md5OfBody: string
  sentAtMs: number
  /** Times it was handed to a receiver. */
  receiveCount: number
  firstReceivedAtMs: number | null
  /** Hidden (in flight) until then after a receive. */
  visibleAtMs: number
  /** The handle of the latest receive; only it deletes the message. */
  receiptHandle: string | null
  /** Where it came from, for the control API (notification, subscription-confirmation, malformed, duplicate, sent). */
  kind: string
}

export type SqsQueueOptions = {
  name: string
  url: string
  arn: string
  visibilityTimeoutMs: number
  /** A message received this many times and not deleted moves to the dead-letter queue instead of a next delivery. */
  maxReceiveCount?: number
  deadLetter?: SqsQueue
}

/** One standard queue: at-least-once delivery, visibility timeout, receive counts, dead-letter redrive. */
export class SqsQueue {
  readonly name: string
  readonly url: string
  readonly arn: string
  visibilityTimeoutMs: number
  maxReceiveCount?: number
  readonly deadLetter?: SqsQueue
  messages: SqsMessage[] = []
  /** Messages deleted by a receiver (kept for the control API). */
  deleted: (SqsMessage & { deletedAtMs: number })[] = []
  /** Messages moved to the dead-letter queue. */
  redriven = 0

  constructor(options: SqsQueueOptions) {
    this.name = options.name
    this.url = options.url
    this.arn = options.arn
    this.visibilityTimeoutMs = options.visibilityTimeoutMs
    this.maxReceiveCount = options.maxReceiveCount
    this.deadLetter = options.deadLetter
  }

  send(body: string, nowMs: number, kind = "sent"): SqsMessage {
    const message: SqsMessage = {
      messageId: randomUUID(),
      body,
      md5OfBody: md5Hex(body),
      sentAtMs: nowMs,
      receiveCount: 0,
      firstReceivedAtMs: null,
      visibleAtMs: nowMs,
      receiptHandle: null,
      kind,
    }
    this.messages.push(message)
    return message
  }

  /** Up to `max` visible messages, now hidden for the visibility timeout (or `visibilityMs`). */
  receive(max: number, nowMs: number, visibilityMs = this.visibilityTimeoutMs): SqsMessage[] {
    const out: SqsMessage[] = []
    for (const message of [...this.messages]) {
      if (out.length >= max) break
      if (message.visibleAtMs > nowMs) continue
      if (this.deadLetter && this.maxReceiveCount !== undefined && message.receiveCount >= this.maxReceiveCount) {
        this.messages.splice(this.messages.indexOf(message), 1)
        this.deadLetter.messages.push({ ...message, receiptHandle: null, visibleAtMs: nowMs })
        this.redriven++
        continue
      }
      message.receiveCount++
      message.firstReceivedAtMs ??= nowMs
      message.visibleAtMs = nowMs + visibilityMs
      message.receiptHandle = `${message.messageId}#${randomBytes(12).toString("hex")}`
      out.push(message)
    }
    return out
  }

  /**
   * Deletes by receipt handle. A handle that never existed is an error (ReceiptHandleIsInvalid); an outdated handle
   * of a message received again since succeeds without deleting it (as SQS documents).
   */
  delete(receiptHandle: string, nowMs: number): "deleted" | "stale" | "invalid" {
    const messageId = receiptHandle.split("#")[0]
    const message = this.messages.find((m) => m.messageId === messageId)
    if (!message) return this.deleted.some((m) => m.messageId === messageId) ? "stale" : "invalid"
    if (message.receiptHandle !== receiptHandle) return "stale"
    this.messages.splice(this.messages.indexOf(message), 1)
    this.deleted.push({ ...message, deletedAtMs: nowMs })
    return "deleted"
  }

  changeVisibility(receiptHandle: string, timeoutMs: number, nowMs: number): boolean {
    const message = this.messages.find((m) => m.receiptHandle === receiptHandle)
    if (!message) return false
    message.visibleAtMs = nowMs + timeoutMs
    return true
  }

  counts(nowMs: number) {
    const visible = this.messages.filter((m) => m.visibleAtMs <= nowMs).length
    return { visible, inFlight: this.messages.length - visible, deleted: this.deleted.length, redriven: this.redriven }
  }

  clear() {
    this.messages = []
    this.deleted = []
    this.redriven = 0
  }
}

export function md5Hex(text: string): string {
  return createHash("md5").update(text, "utf8").digest("hex")
}

/** An SQS JSON 1.0 error: `__type` names the error (the SDK reads it), with the query-compatible header. */
export class SqsError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly queryCode: string = type
  ) {
    super(message)
  }
}

export const sqsErrors = {
  noQueue: (url: string) => new SqsError(400, "QueueDoesNotExist", `The specified queue does not exist: ${url}`, "AWS.SimpleQueueService.NonExistentQueue"),
  invalidReceipt: (handle: string) => new SqsError(400, "ReceiptHandleIsInvalid", `The input receipt handle "${handle}" is not a valid receipt handle.`),
  invalidParameter: (message: string) => new SqsError(400, "InvalidParameterValue", message),
  unknownAction: (action: string) => new SqsError(400, "UnsupportedOperation", `The sandbox does not implement ${action}`, "AWS.SimpleQueueService.UnsupportedOperation"),
}

type Obj = Record<string, unknown>
const isObj = (x: unknown): x is Obj => typeof x === "object" && x !== null && !Array.isArray(x)

const ALL_ATTRIBUTES = ["ApproximateReceiveCount", "SentTimestamp", "ApproximateFirstReceiveTimestamp", "SenderId"]

function messageAttributes(message: SqsMessage, requested: unknown): Record<string, string> | undefined {
  const names = Array.isArray(requested) ? requested.filter((n): n is string => typeof n === "string") : []
  if (!names.length) return undefined
  const wanted = names.includes("All") ? ALL_ATTRIBUTES : names
  const values: Record<string, string> = {
    ApproximateReceiveCount: String(message.receiveCount),
    SentTimestamp: String(message.sentAtMs),
    ApproximateFirstReceiveTimestamp: String(message.firstReceivedAtMs ?? message.sentAtMs),
    SenderId: "AIDASANDBOXSNS000000",
  }
  const out: Record<string, string> = {}
  for (const name of wanted) if (values[name] !== undefined) out[name] = values[name]
  return out
}

/** What the HTTP side needs to answer one SQS action: the queues, and a receive that may wait (long polling). */
export type SqsContext = {
  queueByUrl(url: string): SqsQueue | undefined
  queueByName(name: string): SqsQueue | undefined
  nowMs(): number
  /** Waits up to `ms` for `ready()` to become true (checking it every few ms); resolves either way. */
  waitFor(ms: number, ready: () => boolean): Promise<void>
  /** True once the client has gone (a long poll it aborted must not take messages out of sight). */
  cancelled?(): boolean
}

const int = (value: unknown, name: string, min: number, max: number, fallback: number): number => {
  if (value === undefined || value === null) return fallback
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw sqsErrors.invalidParameter(`Value ${JSON.stringify(value)} for parameter ${name} is invalid. Reason: must be between ${min} and ${max}.`)
  }
  return value
}

function queueOf(ctx: SqsContext, input: Obj): SqsQueue {
  const url = input.QueueUrl
  if (typeof url !== "string" || !url) throw sqsErrors.invalidParameter("QueueUrl is required")
  const queue = ctx.queueByUrl(url)
  if (!queue) throw sqsErrors.noQueue(url)
  return queue
}

/** Answers one SQS action (the JSON body of the request). Throws SqsError for SQS-shaped errors. */
export async function handleSqsAction(ctx: SqsContext, action: string, input: unknown): Promise<Obj> {
  const body: Obj = isObj(input) ? input : {}
  switch (action) {
    case "GetQueueUrl": {
      const queue = typeof body.QueueName === "string" ? ctx.queueByName(body.QueueName) : undefined
      if (!queue) throw sqsErrors.noQueue(String(body.QueueName ?? ""))
      return { QueueUrl: queue.url }
    }
    case "GetQueueAttributes": {
      const queue = queueOf(ctx, body)
      const counts = queue.counts(ctx.nowMs())
      const all: Record<string, string> = {
        QueueArn: queue.arn,
        ApproximateNumberOfMessages: String(counts.visible),
        ApproximateNumberOfMessagesNotVisible: String(counts.inFlight),
        VisibilityTimeout: String(Math.round(queue.visibilityTimeoutMs / 1000)),
        ...(queue.deadLetter && queue.maxReceiveCount !== undefined
          ? { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: queue.deadLetter.arn, maxReceiveCount: queue.maxReceiveCount }) }
          : {}),
      }
      const names = Array.isArray(body.AttributeNames) ? (body.AttributeNames as string[]) : ["All"]
      const Attributes = names.includes("All") ? all : Object.fromEntries(names.filter((n) => n in all).map((n) => [n, all[n]]))
      return { Attributes }
    }
    case "SendMessage": {
      const queue = queueOf(ctx, body)
      if (typeof body.MessageBody !== "string" || !body.MessageBody) throw sqsErrors.invalidParameter("MessageBody is required")
      const message = queue.send(body.MessageBody, ctx.nowMs())
      return { MessageId: message.messageId, MD5OfMessageBody: message.md5OfBody }
    }
    case "ReceiveMessage": {
      const queue = queueOf(ctx, body)
      const max = int(body.MaxNumberOfMessages, "MaxNumberOfMessages", 1, 10, 1)
      const waitSeconds = int(body.WaitTimeSeconds, "WaitTimeSeconds", 0, 20, 0)
      const visibility = body.VisibilityTimeout === undefined ? undefined : int(body.VisibilityTimeout, "VisibilityTimeout", 0, 43200, 30) * 1000
      const hasVisible = () => queue.messages.some((m) => m.visibleAtMs <= ctx.nowMs())
      if (waitSeconds > 0 && !hasVisible()) await ctx.waitFor(waitSeconds * 1000, () => hasVisible() || Boolean(ctx.cancelled?.()))
      if (ctx.cancelled?.()) return {}
      const messages = queue.receive(max, ctx.nowMs(), visibility)
      const requested = body.MessageSystemAttributeNames ?? body.AttributeNames
      if (!messages.length) return {}
      return {
        Messages: messages.map((m) => ({
          MessageId: m.messageId,
          ReceiptHandle: m.receiptHandle,
          MD5OfBody: m.md5OfBody,
          Body: m.body,
          ...(messageAttributes(m, requested) ? { Attributes: messageAttributes(m, requested) } : {}),
        })),
      }
    }
    case "DeleteMessage": {
      const queue = queueOf(ctx, body)
      if (typeof body.ReceiptHandle !== "string" || !body.ReceiptHandle) throw sqsErrors.invalidParameter("ReceiptHandle is required")
      if (queue.delete(body.ReceiptHandle, ctx.nowMs()) === "invalid") throw sqsErrors.invalidReceipt(body.ReceiptHandle)
      return {}
    }
    case "DeleteMessageBatch": {
      const queue = queueOf(ctx, body)
      const entries = Array.isArray(body.Entries) ? body.Entries.filter(isObj) : []
      if (!entries.length) throw new SqsError(400, "EmptyBatchRequest", "There should be at least one DeleteMessageBatchRequestEntry in the request.", "AWS.SimpleQueueService.EmptyBatchRequest")
      if (entries.length > 10) throw new SqsError(400, "TooManyEntriesInBatchRequest", "Maximum number of entries per request are 10.", "AWS.SimpleQueueService.TooManyEntriesInBatchRequest")
      const Successful: Obj[] = []
      const Failed: Obj[] = []
      for (const entry of entries) {
        const id = String(entry.Id ?? "")
        const handle = typeof entry.ReceiptHandle === "string" ? entry.ReceiptHandle : ""
        if (handle && queue.delete(handle, ctx.nowMs()) !== "invalid") Successful.push({ Id: id })
        else Failed.push({ Id: id, SenderFault: true, Code: "ReceiptHandleIsInvalid", Message: `The input receipt handle "${handle}" is not a valid receipt handle.` })
      }
      return { Successful, Failed }
    }
    case "ChangeMessageVisibility": {
      const queue = queueOf(ctx, body)
      const timeout = int(body.VisibilityTimeout, "VisibilityTimeout", 0, 43200, 0)
      if (typeof body.ReceiptHandle !== "string" || !queue.changeVisibility(body.ReceiptHandle, timeout * 1000, ctx.nowMs())) {
        throw sqsErrors.invalidReceipt(String(body.ReceiptHandle ?? ""))
      }
      return {}
    }
    default:
      throw sqsErrors.unknownAction(action)
  }
}

/* ------------------------------------------------------------------------------------------------------------ */
/* SNS messages as SNS delivers them to an SQS subscriber                                                        */
/* ------------------------------------------------------------------------------------------------------------ */

export type SnsEnvelope = {
  Type: "Notification" | "SubscriptionConfirmation" | "UnsubscribeConfirmation"
  MessageId: string
  TopicArn: string
  Subject?: string
  Message: string
  Timestamp: string
  SignatureVersion: "1"
  Signature: string
  SigningCertURL: string
  UnsubscribeURL?: string
  Token?: string
  SubscribeURL?: string
}

const signature = () => randomBytes(96).toString("base64")
const certUrl = (topicArn: string) => `https://sns.${topicArn.split(":")[3] || "us-east-1"}.amazonaws.com/SimpleNotificationService-sandbox.pem`

/** A Notification envelope (raw delivery off) around `message` (a string, or JSON-encoded). */
export function snsNotification(topicArn: string, message: unknown, opts: { nowMs: number; unsubscribeUrl: string; subject?: string; messageId?: string }): SnsEnvelope {
  return {
    Type: "Notification",
    MessageId: opts.messageId ?? randomUUID(),
    TopicArn: topicArn,
    ...(opts.subject ? { Subject: opts.subject } : {}),
    Message: typeof message === "string" ? message : JSON.stringify(message),
    Timestamp: new Date(opts.nowMs).toISOString(),
    SignatureVersion: "1",
    Signature: signature(),
    SigningCertURL: certUrl(topicArn),
    UnsubscribeURL: opts.unsubscribeUrl,
  }
}

/** The message SNS sends to a new subscriber: visit SubscribeURL (or call ConfirmSubscription with Token) to confirm. */
export function snsSubscriptionConfirmation(topicArn: string, token: string, opts: { nowMs: number; subscribeUrl: string }): SnsEnvelope {
  return {
    Type: "SubscriptionConfirmation",
    MessageId: randomUUID(),
    Token: token,
    TopicArn: topicArn,
    Message: `You have chosen to subscribe to the topic ${topicArn}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`,
    SubscribeURL: opts.subscribeUrl,
    Timestamp: new Date(opts.nowMs).toISOString(),
    SignatureVersion: "1",
    Signature: signature(),
    SigningCertURL: certUrl(topicArn),
  }
}

/** SNS's XML answer to ConfirmSubscription. */
export function confirmSubscriptionXml(subscriptionArn: string): string {
  return (
    `<ConfirmSubscriptionResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">` +
    `<ConfirmSubscriptionResult><SubscriptionArn>${subscriptionArn}</SubscriptionArn></ConfirmSubscriptionResult>` +
    `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></ConfirmSubscriptionResponse>`
  )
}

export function snsErrorXml(code: string, message: string): string {
  return (
    `<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type><Code>${code}</Code>` +
    `<Message>${message.replace(/[<&>]/g, (c) => ({ "<": "&lt;", "&": "&amp;", ">": "&gt;" })[c]!)}</Message></Error>` +
    `<RequestId>${randomUUID()}</RequestId></ErrorResponse>`
  )
}
