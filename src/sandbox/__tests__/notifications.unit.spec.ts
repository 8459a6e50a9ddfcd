/**
 * The sandbox's catalog notifications: its SQS endpoint read with the real AWS SDK v3 client (the JSON 1.0
 * protocol, SigV4 for service "sqs", MD5 of bodies checked by the SDK), SNS envelopes published when an upload's
 * processing ends, the control API (subscription confirmation, malformed, duplicate), the dead-letter redrive, and
 * report links handed out already expired.
 */
import {
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs"
import { request } from "undici"
import type { Sandbox } from "../server"
import { CREDENTIAL, plain, signedPost, start } from "./helpers"

const ITEM = { item_sku: "SKU-1", store_id: "STORE-1", external_product_id: "012345678905", item_name: "Water" }

describe("sandbox catalog notifications (SNS → SQS)", () => {
  let sandbox: Sandbox
  let sqs: SQSClient
  const control = (method: "GET" | "POST" | "DELETE", path: string, body?: unknown) => plain(method, `${sandbox.url}/_sandbox${path}`, body)
  const receive = async (wait = 0, max = 10) =>
    (await sqs.send(new ReceiveMessageCommand({ QueueUrl: sandbox.notificationsQueueUrl, MaxNumberOfMessages: max, WaitTimeSeconds: wait, MessageSystemAttributeNames: ["All"] }))).Messages ?? []
  const upload = async () => (await signedPost(sandbox.url, "/v1/catalog/upload", { catalogItems: [ITEM] })).body.ingestionId as string

  beforeAll(async () => {
    sandbox = await start({
      notifications: { enabled: true, visibilityTimeoutSeconds: 1, maxReceiveCount: 2 },
      catalogTiming: { mode: "time", inQueueMs: 100, inProgressMs: 100 },
    })
    // The endpoint is the queue URL's origin (as the plugin sets it): SQS JSON posts every action to "/".
    sqs = new SQSClient({ region: "us-east-1", endpoint: sandbox.url, credentials: CREDENTIAL, maxAttempts: 1 })
  })
  afterAll(async () => {
    sqs.destroy()
    await sandbox.close()
  })
  beforeEach(() => sandbox.reset())

  it("serves the queue to the AWS SDK: GetQueueUrl, GetQueueAttributes, an empty receive", async () => {
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: "jwo-catalog-notifications" }))
    expect(QueueUrl).toBe(sandbox.notificationsQueueUrl)
    expect(QueueUrl).toMatch(/\/sqs\/000000000000\/jwo-catalog-notifications$/)
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["All"] }))
    expect(Attributes).toMatchObject({ ApproximateNumberOfMessages: "0", VisibilityTimeout: "1" })
    expect(JSON.parse(Attributes!.RedrivePolicy!)).toEqual({ deadLetterTargetArn: expect.stringMatching(/:jwo-catalog-notifications-dlq$/), maxReceiveCount: 2 })
    expect(await receive()).toEqual([])
    // The call record names the SQS action, SigV4-checked for service "sqs".
    expect(sandbox.state.calls.map((c) => [c.path, c.status, c.accessKeyId])).toEqual([
      ["/sqs/GetQueueUrl", 200, CREDENTIAL.accessKeyId],
      ["/sqs/GetQueueAttributes", 200, CREDENTIAL.accessKeyId],
      ["/sqs/ReceiveMessage", 200, CREDENTIAL.accessKeyId],
    ])
  })

  it("refuses an SQS call signed with an unknown key or for another service, in SQS's error shape", async () => {
    const stranger = new SQSClient({ region: "us-east-1", endpoint: sandbox.url, credentials: { accessKeyId: "AKIASTRANGER00000000", secretAccessKey: "x".repeat(40) }, maxAttempts: 1 })
    await expect(stranger.send(new ReceiveMessageCommand({ QueueUrl: sandbox.notificationsQueueUrl }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } })
    stranger.destroy()
    const wrongService = await signedPost(sandbox.url, "/", JSON.stringify({ QueueUrl: sandbox.notificationsQueueUrl }), {
      service: "execute-api",
      headers: { "x-amz-target": "AmazonSQS.ReceiveMessage", "content-type": "application/x-amz-json-1.0" },
    })
    expect(wrongService.status).toBe(403)
    expect(wrongService.body.__type).toMatch(/^com\.amazonaws\.sqs#/)
    await expect(sqs.send(new ReceiveMessageCommand({ QueueUrl: `${sandbox.url}/sqs/000000000000/nope` }))).rejects.toMatchObject({ name: "QueueDoesNotExist" })
  })

  it("publishes an SNS Notification envelope carrying the ingestionId when processing ends; a long poll gets it at once", async () => {
    const id = await upload()
    const started = Date.now()
    const [message] = await receive(5)
    expect(Date.now() - started).toBeLessThan(2000)
    const envelope = JSON.parse(message.Body!)
    expect(envelope).toMatchObject({
      Type: "Notification",
      MessageId: expect.any(String),
      TopicArn: "arn:aws:sns:us-east-1:000000000000:jwo-catalog-upload-results",
      SignatureVersion: "1",
      SigningCertURL: expect.stringMatching(/^https:\/\/sns\.us-east-1\.amazonaws\.com\//),
    })
    expect(JSON.parse(envelope.Message)).toMatchObject({ ingestionId: id, processingStatus: "DONE", storeIds: ["STORE-1"], itemCount: 1 })
    expect(message.Attributes).toMatchObject({ ApproximateReceiveCount: "1" })
    // Processing ended by time: the status call needs no earlier polls to say DONE.
    const status = await signedPost(sandbox.url, "/v1/catalog/getCatalogUploadStatus", { ingestionId: id })
    expect(status.body).toMatchObject({ processingStatus: "DONE", reportDownloadLink: expect.any(String) })
    expect(sandbox.state.uploads.get(id)!.notifiedAt).not.toBeNull()
  })

  it("a long poll waits for a message and returns when one arrives", async () => {
    const started = Date.now()
    const pending = receive(5)
    await new Promise((r) => setTimeout(r, 300))
    await control("POST", "/notifications", { kind: "notification", message: { ingestionId: "any" } })
    const messages = await pending
    expect(messages).toHaveLength(1)
    expect(Date.now() - started).toBeGreaterThanOrEqual(290)
    expect(Date.now() - started).toBeLessThan(3000)
  })

  it("deletes by receipt handle (DeleteMessage, DeleteMessageBatch); an undeleted message comes back after the visibility timeout, then goes to the dead-letter queue", async () => {
    for (const ingestionId of ["a", "b", "c"]) await control("POST", "/notifications", { kind: "notification", message: { ingestionId } })
    const first = await receive(0)
    expect(first).toHaveLength(3)
    expect(await receive(0)).toEqual([]) // in flight
    await sqs.send(new DeleteMessageCommand({ QueueUrl: sandbox.notificationsQueueUrl, ReceiptHandle: first[0].ReceiptHandle }))
    const batch = await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: sandbox.notificationsQueueUrl,
        Entries: [
          { Id: "one", ReceiptHandle: first[1].ReceiptHandle },
          { Id: "bad", ReceiptHandle: "not-a-handle" },
        ],
      })
    )
    expect(batch.Successful).toEqual([{ Id: "one" }])
    expect(batch.Failed).toEqual([expect.objectContaining({ Id: "bad", Code: "ReceiptHandleIsInvalid", SenderFault: true })])
    await new Promise((r) => setTimeout(r, 1100))
    const again = await receive(0)
    expect(again.map((m) => m.MessageId)).toEqual([first[2].MessageId])
    expect(again[0].Attributes!.ApproximateReceiveCount).toBe("2")
    await new Promise((r) => setTimeout(r, 1100))
    expect(await receive(0)).toEqual([]) // received maxReceiveCount (2) times: redriven
    const view = (await control("GET", "/notifications")).body
    expect(view.queue).toMatchObject({ visible: 0, inFlight: 0, deleted: 2, redriven: 1 })
    expect(view.deadLetterQueue.messages).toEqual([expect.objectContaining({ messageId: first[2].MessageId })])
  })

  it("control API: a SubscriptionConfirmation whose SubscribeURL confirms the subscription", async () => {
    const published = (await control("POST", "/notifications", { kind: "subscription-confirmation" })).body
    expect(published.kind).toBe("subscription-confirmation")
    const [message] = await receive(0)
    const envelope = JSON.parse(message.Body!)
    expect(envelope).toMatchObject({ Type: "SubscriptionConfirmation", Token: expect.any(String), SubscribeURL: expect.stringContaining(`${sandbox.url}/sns/?Action=ConfirmSubscription`) })
    expect((await control("GET", "/notifications")).body.subscription).toMatchObject({ confirmedAt: null, confirmations: 0 })
    const res = await request(envelope.SubscribeURL)
    expect(res.statusCode).toBe(200)
    expect(await res.body.text()).toMatch(/<SubscriptionArn>arn:aws:sns:us-east-1:000000000000:jwo-catalog-upload-results:/)
    expect((await control("GET", "/notifications")).body.subscription).toMatchObject({ confirmedAt: expect.any(String), confirmations: 1 })
    const forged = await request(envelope.SubscribeURL.replace(/Token=[0-9a-f]+/, "Token=forged"))
    expect(forged.statusCode).toBe(400)
  })

  it("control API: a malformed body, a duplicate (same SNS MessageId, new SQS message), raw delivery", async () => {
    const id = await upload()
    const [original] = await receive(5)
    await control("POST", "/notifications", { kind: "malformed" })
    await control("POST", "/notifications", { kind: "duplicate", ingestionId: id })
    await control("POST", "/notifications", { kind: "notification", ingestionId: id, raw: true })
    const [malformed, duplicate, raw] = await receive(0)
    expect(() => JSON.parse(malformed.Body!)).toThrow()
    expect(duplicate.Body).toBe(original.Body)
    expect(duplicate.MessageId).not.toBe(original.MessageId)
    expect(JSON.parse(raw.Body!)).toMatchObject({ ingestionId: id, processingStatus: "DONE" })
    expect(JSON.parse(raw.Body!).Type).toBeUndefined()
    expect((await control("POST", "/notifications", { kind: "duplicate", ingestionId: "unknown" })).status).toBe(404)
    expect((await control("POST", "/notifications", { kind: "nonsense" })).status).toBe(400)
  })

  it("control API: notifications held back while paused are delivered on resume, in order", async () => {
    await control("POST", "/notifications/pause")
    const first = await upload()
    const second = await upload()
    await new Promise((r) => setTimeout(r, 400))
    expect(await receive(0)).toEqual([])
    expect((await control("GET", "/notifications")).body).toMatchObject({ paused: true, held: 2 })
    expect((await control("POST", "/notifications/resume")).body).toEqual({ paused: false, delivered: 2 })
    const ids = (await receive(0)).map((m) => JSON.parse(JSON.parse(m.Body!).Message).ingestionId)
    expect(ids).toEqual([first, second])
  })

  it("a FATAL upload is notified with its final status", async () => {
    await control("POST", "/catalog/fail", { status: "FATAL" })
    const id = await upload()
    const [message] = await receive(5)
    expect(JSON.parse(JSON.parse(message.Body!).Message)).toMatchObject({ ingestionId: id, processingStatus: "FATAL" })
  })

  it("faults apply to SQS actions by their /sqs/<Action> path (a queue outage)", async () => {
    await control("POST", "/faults", { path: "/sqs/ReceiveMessage", status: 503, count: 1 })
    await expect(receive(0)).rejects.toMatchObject({ $metadata: { httpStatusCode: 503 } })
    expect(await receive(0)).toEqual([])
  })

  it("control API: the next report links are handed out already expired (403 on download)", async () => {
    const id = await upload()
    await new Promise((r) => setTimeout(r, 300))
    await control("POST", "/catalog/expired-links", { count: 1 })
    const stale = (await signedPost(sandbox.url, "/v1/catalog/getCatalogUploadStatus", { ingestionId: id })).body.reportDownloadLink
    expect(await plain("GET", stale)).toMatchObject({ status: 403, body: { errorMsg: "Request has expired" } })
    const fresh = (await signedPost(sandbox.url, "/v1/catalog/getCatalogUploadStatus", { ingestionId: id })).body.reportDownloadLink
    expect(await plain("GET", fresh)).toMatchObject({ status: 200, body: { processingStatus: "DONE" } })
  })
})

describe("sandbox without notifications", () => {
  it("publishes nothing and keeps poll-driven processing (INQUEUE, INPROGRESS, DONE)", async () => {
    const sandbox = await start()
    try {
      const id = (await signedPost(sandbox.url, "/v1/catalog/upload", { catalogItems: [ITEM] })).body.ingestionId
      const statuses = []
      for (let i = 0; i < 3; i++) statuses.push((await signedPost(sandbox.url, "/v1/catalog/getCatalogUploadStatus", { ingestionId: id })).body.processingStatus)
      expect(statuses).toEqual(["INQUEUE", "INPROGRESS", "DONE"])
      expect(sandbox.state.notifications.published).toEqual([])
    } finally {
      await sandbox.close()
    }
  })
})
