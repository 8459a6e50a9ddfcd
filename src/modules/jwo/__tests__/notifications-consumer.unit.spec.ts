/**
 * The notifications consumer's loop, against the sandbox's SQS endpoint with the real AWS SDK v3 client: handled
 * messages are deleted, kept ones come back, a handler that throws never stops the loop, an unreachable queue
 * marks the consumer not live (and it recovers), and stop() ends a long poll at once.
 */
import type { Logger } from "@medusajs/framework/types"
import { startSandbox, type Sandbox } from "../../../sandbox/server"
import { CatalogNotificationsConsumer, createSqsNotificationsQueue, type MessageOutcome, type QueueMessage } from "../notifications-consumer"
import type { ParsedQueueMessage } from "../catalog-notifications"

const CREDENTIAL = { accessKeyId: "AKIACONSUMERTEST0001", secretAccessKey: "consumer-test-secret-access-key-000001" }

function testLogger() {
  const lines: { level: string; message: string }[] = []
  const log = (level: string) => (message: string) => void lines.push({ level, message })
  const logger = { info: log("info"), warn: log("warn"), error: log("error"), debug: log("debug") } as unknown as Logger
  return { logger, lines }
}

async function until<T>(fn: () => T | undefined | null | false, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = fn()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

describe("CatalogNotificationsConsumer (sandbox SQS, AWS SDK v3)", () => {
  let sandbox: Sandbox
  let consumer: CatalogNotificationsConsumer | undefined
  const seen: { message: QueueMessage; parsed: ParsedQueueMessage }[] = []
  let decide: (message: QueueMessage, parsed: ParsedQueueMessage) => Promise<MessageOutcome>
  const liveChanges: boolean[] = []

  const startConsumer = (logger: Logger, waitTimeSeconds = 1) => {
    consumer = new CatalogNotificationsConsumer({
      queue: createSqsNotificationsQueue({ queueUrl: sandbox.notificationsQueueUrl, region: "us-east-1", credentials: async () => CREDENTIAL, waitTimeSeconds }),
      logger,
      waitTimeSeconds,
      retryBaseMs: 50,
      retryMaxMs: 200,
      handle: async (message, parsed) => {
        seen.push({ message, parsed })
        return decide(message, parsed)
      },
      onLiveChange: (live) => void liveChanges.push(live),
    })
    consumer.start()
    return consumer
  }

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, credentials: [CREDENTIAL], notifications: { enabled: true, visibilityTimeoutSeconds: 1, maxReceiveCount: 3 } })
  })
  afterAll(() => sandbox.close())
  beforeEach(() => {
    sandbox.reset()
    seen.length = 0
    liveChanges.length = 0
    decide = async () => "handled"
  })
  afterEach(async () => {
    await consumer?.stop()
    consumer = undefined
    // A long poll the consumer aborted is still held by the sandbox until it sees the connection close; like SQS, it
    // would take the next message out of sight for a visibility timeout. Give it that moment.
    await new Promise((r) => setTimeout(r, 200))
  })

  it("becomes live, hands each message over parsed, and deletes what was handled", async () => {
    const { logger, lines } = testLogger()
    startConsumer(logger)
    await until(() => consumer!.isLive(), "live")
    expect(liveChanges).toEqual([true])
    expect(lines).toContainEqual({ level: "info", message: expect.stringContaining("catalog notifications: receiving from 127.0.0.1:") })
    sandbox.publishNotification({ kind: "notification", message: { ingestionId: "ing-1" } })
    await until(() => consumer!.state.deleted === 1, "the message deleted")
    expect(seen[0].parsed).toMatchObject({ kind: "notification", ingestionIds: ["ing-1"], raw: false })
    expect(sandbox.state.notifications.queue.deleted).toHaveLength(1)
    expect(sandbox.state.notifications.queue.messages).toEqual([])
  })

  it("leaves a kept message on the queue: it comes back, then goes to the dead-letter queue; a handler that throws does not stop the loop", async () => {
    const { logger, lines } = testLogger()
    decide = async (_m, parsed) => {
      if (parsed.kind === "malformed") return "keep"
      if (parsed.kind === "notification" && parsed.ingestionIds[0] === "boom") throw new Error("handler exploded")
      return "handled"
    }
    startConsumer(logger)
    sandbox.publishNotification({ kind: "malformed" })
    sandbox.publishNotification({ kind: "notification", message: { ingestionId: "boom" } })
    await until(() => sandbox.state.notifications.deadLetter.messages.length === 2, "both messages redriven", 15_000)
    const deliveries = seen.filter((s) => s.parsed.kind === "malformed").map((s) => s.message.receiveCount)
    expect(deliveries).toEqual([1, 2, 3])
    expect(lines.filter((l) => l.level === "error" && /handler exploded/.test(l.message))).toHaveLength(3)
    // Still working: a good message after all that is handled.
    sandbox.publishNotification({ kind: "notification", message: { ingestionId: "ok-1" } })
    await until(() => consumer!.state.deleted === 1, "the good message deleted")
    expect(consumer!.isLive()).toBe(true)
  })

  it("an unreachable queue: not live (logged once), retried with backoff, live again when it answers", async () => {
    const { logger, lines } = testLogger()
    startConsumer(logger)
    await until(() => consumer!.isLive(), "live")
    sandbox.addFault({ path: "/sqs/ReceiveMessage", status: 503, count: 4 })
    await until(() => !consumer!.isLive(), "not live")
    expect(consumer!.state.lastError).toMatch(/503/)
    await until(() => consumer!.isLive(), "live again")
    // The error of the outage is not shown as the state once the queue answers again (lastErrorAt keeps when).
    expect(consumer!.state.lastError).toBeNull()
    expect(consumer!.state.lastErrorAt).not.toBeNull()
    expect(liveChanges).toEqual([true, false, true])
    expect(lines.filter((l) => l.level === "warn" && /cannot read/.test(l.message))).toHaveLength(1)
    expect(lines).toContainEqual({ level: "info", message: expect.stringMatching(/receiving from .* again \(after 4 failed attempt\(s\)\)/) })
  })

  it("stop() ends a long poll at once", async () => {
    const { logger } = testLogger()
    startConsumer(logger, 20)
    await until(() => sandbox.state.calls.some((c) => c.path === "/sqs/ReceiveMessage" && c.status === null), "a long poll in flight")
    const started = Date.now()
    await consumer!.stop()
    consumer = undefined
    expect(Date.now() - started).toBeLessThan(2000)
  })
})
