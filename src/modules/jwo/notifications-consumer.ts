/**
 * The catalog notifications consumer: long-polls the SQS queue subscribed to Amazon's SNS topic (AWS SDK v3), hands
 * each message to `handle`, and deletes the messages handled. What a message means is decided elsewhere (parsing in
 * catalog-notifications.ts, the settling in the service); this file only keeps the loop alive:
 *
 * - a message is deleted only when `handle` says "handled"; one it leaves ("keep"), or that throws, stays on the
 *   queue, comes back after the visibility timeout and, after the queue's maxReceiveCount, moves to the dead-letter
 *   queue. Nothing a message contains can stop the loop.
 * - a failing ReceiveMessage (queue unreachable, credentials refused) marks the consumer not live, is logged once
 *   per outage, and is retried with backoff; `onLiveChange(false)` lets polling take over.
 */
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs"
import type { Logger } from "@medusajs/framework/types"
import { describeQueue, parseQueueMessage, type ParsedQueueMessage } from "./catalog-notifications"
import type { AwsCredentials } from "./amazon/sign"

export type QueueMessage = { messageId: string; receiptHandle: string; body: string; receiveCount: number }

/** The two SQS calls the consumer makes, so the loop does not depend on the SDK's types. */
export interface NotificationsQueue {
  readonly url: string
  receive(options: { waitTimeSeconds: number; maxMessages: number; signal: AbortSignal }): Promise<QueueMessage[]>
  deleteBatch(entries: { id: string; receiptHandle: string }[]): Promise<{ failed: { id: string; message: string }[] }>
  close(): void
}

/** An SQS queue read with the AWS SDK v3 client. Credentials are fetched per call (temporary ones get renewed). */
export function createSqsNotificationsQueue(config: {
  queueUrl: string
  region: string
  credentials: () => Promise<AwsCredentials>
  waitTimeSeconds: number
}): NotificationsQueue {
  const client = new SQSClient({
    region: config.region,
    // SQS's JSON protocol posts every action to the endpoint: the queue's own host (also for VPC endpoints and the sandbox).
    endpoint: new URL(config.queueUrl).origin,
    credentials: async () => {
      const c = await config.credentials()
      return {
        accessKeyId: c.accessKeyId,
        secretAccessKey: c.secretAccessKey,
        ...(c.sessionToken ? { sessionToken: c.sessionToken } : {}),
        ...(c.expiresAt ? { expiration: new Date(c.expiresAt) } : {}),
      }
    },
    // Retries are the loop's (with backoff); a long poll needs a request timeout above its wait time.
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 5000, requestTimeout: (config.waitTimeSeconds + 10) * 1000 },
  })
  return {
    url: config.queueUrl,
    async receive({ waitTimeSeconds, maxMessages, signal }) {
      const out = await client.send(
        new ReceiveMessageCommand({
          QueueUrl: config.queueUrl,
          WaitTimeSeconds: waitTimeSeconds,
          MaxNumberOfMessages: maxMessages,
          MessageSystemAttributeNames: ["ApproximateReceiveCount"],
        }),
        { abortSignal: signal }
      )
      return (out.Messages ?? [])
        .filter((m) => m.MessageId && m.ReceiptHandle)
        .map((m) => ({
          messageId: m.MessageId!,
          receiptHandle: m.ReceiptHandle!,
          body: m.Body ?? "",
          receiveCount: Number(m.Attributes?.ApproximateReceiveCount ?? 1) || 1,
        }))
    },
    async deleteBatch(entries) {
      const out = await client.send(
        new DeleteMessageBatchCommand({ QueueUrl: config.queueUrl, Entries: entries.map((e) => ({ Id: e.id, ReceiptHandle: e.receiptHandle })) })
      )
      return { failed: (out.Failed ?? []).map((f) => ({ id: f.Id ?? "", message: `${f.Code ?? "error"}: ${f.Message ?? ""}` })) }
    },
    close: () => client.destroy(),
  }
}

export type MessageOutcome = "handled" | "keep"

export type ConsumerState = {
  /** The last ReceiveMessage answered (and none failed since). */
  live: boolean
  startedAt: Date | null
  lastReceiveAt: Date | null
  lastMessageAt: Date | null
  lastError: string | null
  lastErrorAt: Date | null
  received: number
  deleted: number
  kept: number
}

export type ConsumerOptions = {
  queue: NotificationsQueue
  logger: Logger
  waitTimeSeconds: number
  handle: (message: QueueMessage, parsed: ParsedQueueMessage) => Promise<MessageOutcome>
  /** Called when the consumer becomes live or stops being live. */
  onLiveChange?: (live: boolean) => void | Promise<void>
  /** Backoff after a failed receive: base, doubling, at most max (with jitter). Defaults 1000 / 30000. */
  retryBaseMs?: number
  retryMaxMs?: number
}

const errorText = (error: unknown) => {
  const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } }
  const status = e?.$metadata?.httpStatusCode ? ` (HTTP ${e.$metadata.httpStatusCode})` : ""
  return `${e?.name && e.name !== "Error" ? `${e.name}: ` : ""}${e?.message ?? String(error)}${status}`.slice(0, 500)
}

export class CatalogNotificationsConsumer {
  readonly state: ConsumerState = {
    live: false,
    startedAt: null,
    lastReceiveAt: null,
    lastMessageAt: null,
    lastError: null,
    lastErrorAt: null,
    received: 0,
    deleted: 0,
    kept: 0,
  }
  private running = false
  private loop: Promise<void> | null = null
  private abort = new AbortController()
  private wake: (() => void) | null = null
  private readonly label: string

  constructor(private readonly options: ConsumerOptions) {
    this.label = describeQueue(options.queue.url)
  }

  isLive(): boolean {
    return this.running && this.state.live
  }

  start(): void {
    if (this.running) return
    this.running = true
    this.state.startedAt = new Date()
    this.abort = new AbortController()
    this.loop = this.run().catch((error) => {
      // Not expected (every step catches): say so, never crash the process.
      this.options.logger.error(`medusa-plugin-jwo: catalog notifications: the consumer stopped: ${errorText(error)}`)
      this.running = false
    })
  }

  async stop(): Promise<void> {
    if (!this.running) return
    this.running = false
    this.abort.abort()
    this.wake?.()
    await this.loop
    this.options.queue.close()
  }

  private async setLive(live: boolean) {
    if (this.state.live === live) return
    this.state.live = live
    try {
      await this.options.onLiveChange?.(live)
    } catch (error) {
      this.options.logger.error(`medusa-plugin-jwo: catalog notifications: ${errorText(error)}`)
    }
  }

  private sleep(ms: number) {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms)
      timer.unref?.()
      function done() {
        clearTimeout(timer)
        resolve()
      }
      this.wake = done
    })
  }

  private async run(): Promise<void> {
    const { queue, logger, waitTimeSeconds } = this.options
    const base = this.options.retryBaseMs ?? 1000
    const max = this.options.retryMaxMs ?? 30_000
    let failures = 0
    while (this.running) {
      let messages: QueueMessage[]
      try {
        messages = await queue.receive({ waitTimeSeconds, maxMessages: 10, signal: this.abort.signal })
      } catch (error) {
        if (!this.running) break
        failures++
        this.state.lastError = errorText(error)
        this.state.lastErrorAt = new Date()
        if (failures === 1) {
          logger.warn(
            `medusa-plugin-jwo: catalog notifications: cannot read ${this.label}: ${this.state.lastError}. Uploads are settled by polling until the queue answers again.`
          )
        }
        await this.setLive(false)
        const delay = Math.min(max, base * 2 ** Math.min(failures - 1, 16))
        await this.sleep(delay / 2 + Math.random() * (delay / 2))
        continue
      }
      this.state.lastReceiveAt = new Date()
      // The queue answers again: an error from before (e.g. the queue not up yet at boot) is no longer the state.
      this.state.lastError = null
      if (!this.state.live) {
        logger.info(
          failures
            ? `medusa-plugin-jwo: catalog notifications: receiving from ${this.label} again (after ${failures} failed attempt(s))`
            : `medusa-plugin-jwo: catalog notifications: receiving from ${this.label}`
        )
      }
      failures = 0
      await this.setLive(true)
      if (!messages.length) continue
      this.state.received += messages.length
      this.state.lastMessageAt = new Date()
      const handled: QueueMessage[] = []
      for (const message of messages) {
        let outcome: MessageOutcome = "keep"
        try {
          outcome = await this.options.handle(message, parseQueueMessage(message.body))
        } catch (error) {
          logger.error(
            `medusa-plugin-jwo: catalog notifications: message ${message.messageId} could not be handled (${errorText(error)}); it stays on the queue and comes back after the visibility timeout`
          )
        }
        if (outcome === "handled") handled.push(message)
        else this.state.kept++
      }
      if (!handled.length) continue
      try {
        const { failed } = await queue.deleteBatch(handled.map((m, i) => ({ id: String(i), receiptHandle: m.receiptHandle })))
        this.state.deleted += handled.length - failed.length
        for (const f of failed) {
          logger.warn(`medusa-plugin-jwo: catalog notifications: could not delete message ${handled[Number(f.id)]?.messageId} (${f.message}); a second delivery is harmless`)
        }
      } catch (error) {
        logger.warn(`medusa-plugin-jwo: catalog notifications: could not delete ${handled.length} handled message(s) (${errorText(error)}); a second delivery is harmless`)
      }
    }
  }
}
