import { checkSubscribeUrl, describeQueue, findIngestionIds, parseQueueMessage, queueUrlRegion } from "../catalog-notifications"

const ID = "3f9a8c1e-6b2d-4e7a-9c0b-2a1d5e8f7b64"
const envelope = (message: unknown, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    Type: "Notification",
    MessageId: "sns-msg-1",
    TopicArn: "arn:aws:sns:us-east-1:111122223333:jwo-catalog",
    Message: typeof message === "string" ? message : JSON.stringify(message),
    Timestamp: "2026-12-02T10:00:00.000Z",
    SignatureVersion: "1",
    Signature: "sig",
    SigningCertURL: "https://sns.us-east-1.amazonaws.com/cert.pem",
    ...extra,
  })

describe("parseQueueMessage", () => {
  it("reads an SNS Notification envelope whose Message is a JSON string", () => {
    expect(parseQueueMessage(envelope({ ingestionId: ID, processingStatus: "DONE" }))).toEqual({
      kind: "notification",
      ingestionIds: [ID],
      processingStatus: "DONE",
      snsMessageId: "sns-msg-1",
      topicArn: "arn:aws:sns:us-east-1:111122223333:jwo-catalog",
      raw: false,
    })
  })

  it("reads the bare message of raw delivery, JSON or text", () => {
    expect(parseQueueMessage(JSON.stringify({ ingestionId: ID, status: "fatal" }))).toMatchObject({ kind: "notification", ingestionIds: [ID], processingStatus: "FATAL", raw: true, snsMessageId: null })
    expect(parseQueueMessage(`Catalog upload finished. ingestionId: ${ID}.`)).toMatchObject({ kind: "notification", ingestionIds: [ID], raw: true })
  })

  it.each([
    ["nested under detail", { detail: { catalogUpload: { ingestionId: ID } } }],
    ["snake case", { ingestion_id: ID }],
    ["other casings", { IngestionID: ID }],
    ["in an array of records", { Records: [{ body: { ingestionId: ID } }] }],
    ["a payload nested as a JSON string", { payload: JSON.stringify({ upload: { ingestionId: ID } }) }],
    ["a list of ids", { ingestionIds: undefined, ingestionId: [ID] }],
  ])("finds the ingestionId in any shape: %s", (_name, message) => {
    expect(parseQueueMessage(envelope(message))).toMatchObject({ kind: "notification", ingestionIds: [ID] })
    expect(parseQueueMessage(JSON.stringify(message))).toMatchObject({ kind: "notification", ingestionIds: [ID] })
  })

  it("names every upload of a message naming several, once each", () => {
    const parsed = parseQueueMessage(envelope({ results: [{ ingestionId: "a-1" }, { ingestionId: "b-2" }, { ingestion_id: "a-1" }] }))
    expect(parsed).toMatchObject({ ingestionIds: ["a-1", "b-2"] })
  })

  it("does not take the envelope's own ids for an upload's", () => {
    expect(parseQueueMessage(envelope({ hello: "world" }))).toEqual({ kind: "malformed", reason: "SNS notification without an ingestionId in its Message" })
  })

  it("reads a SubscriptionConfirmation and an UnsubscribeConfirmation", () => {
    const confirmation = JSON.stringify({
      Type: "SubscriptionConfirmation",
      MessageId: "m-2",
      Token: "tok",
      TopicArn: "arn:aws:sns:us-east-1:111122223333:jwo-catalog",
      Message: "You have chosen to subscribe...",
      SubscribeURL: "https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=x&Token=tok",
    })
    expect(parseQueueMessage(confirmation)).toEqual({
      kind: "subscription_confirmation",
      subscribeUrl: "https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=x&Token=tok",
      topicArn: "arn:aws:sns:us-east-1:111122223333:jwo-catalog",
      snsMessageId: "m-2",
    })
    expect(parseQueueMessage(JSON.stringify({ Type: "UnsubscribeConfirmation", TopicArn: "t", MessageId: "m" }))).toEqual({ kind: "unsubscribe_confirmation", topicArn: "t", snsMessageId: "m" })
  })

  it.each([
    ["an empty body", "", "empty message body"],
    ["not JSON, no id", "this is not an SNS message {", "neither JSON nor text naming an ingestionId"],
    ["broken JSON", '{"Type": "Notification", "Message": ', "neither JSON nor text naming an ingestionId"],
    ["JSON without an id", JSON.stringify({ hello: 1 }), "JSON without an ingestionId"],
    ["a confirmation without SubscribeURL", JSON.stringify({ Type: "SubscriptionConfirmation", TopicArn: "t" }), "SubscriptionConfirmation without SubscribeURL"],
    ["an unknown SNS type", JSON.stringify({ Type: "Weird", TopicArn: "t" }), 'unknown SNS message type "Weird"'],
    ["an id that is not an id", JSON.stringify({ ingestionId: "has spaces in it" }), "JSON without an ingestionId"],
    ["an id too long", JSON.stringify({ ingestionId: "x".repeat(300) }), "JSON without an ingestionId"],
  ])("calls %s malformed (never throws)", (_name, body, reason) => {
    expect(parseQueueMessage(body)).toEqual({ kind: "malformed", reason })
  })

  it("never throws on hostile input (deep nesting, non-strings)", () => {
    let deep: unknown = { ingestionId: ID }
    for (let i = 0; i < 50; i++) deep = { next: deep }
    expect(parseQueueMessage(JSON.stringify(deep))).toMatchObject({ kind: "malformed" })
    expect(parseQueueMessage(undefined)).toMatchObject({ kind: "malformed" })
    expect(parseQueueMessage(JSON.stringify([1, null, true]))).toMatchObject({ kind: "malformed" })
  })
})

describe("findIngestionIds", () => {
  it("reads free text only with a separator", () => {
    expect(findIngestionIds("ingestion id = abc-1; ingestionId:'def-2'")).toEqual(["abc-1", "def-2"])
    expect(findIngestionIds("the ingestion id was processed")).toEqual([])
  })
})

describe("checkSubscribeUrl", () => {
  it("accepts SNS's own endpoints and loopback (the sandbox)", () => {
    expect(checkSubscribeUrl("https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&Token=t").ok).toBe(true)
    expect(checkSubscribeUrl("https://sns.cn-north-1.amazonaws.com.cn/?Action=ConfirmSubscription&Token=t").ok).toBe(true)
    expect(checkSubscribeUrl("http://127.0.0.1:4010/sns/?Action=ConfirmSubscription&Token=t").ok).toBe(true)
  })
  it.each([
    ["http://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription", /https/],
    ["https://evil.example.com/?Action=ConfirmSubscription", /not an SNS endpoint/],
    ["https://sns.us-east-1.amazonaws.com.evil.com/?Action=ConfirmSubscription", /not an SNS endpoint/],
    ["https://sns.us-east-1.amazonaws.com/?Action=Publish", /not a ConfirmSubscription/],
    ["not a url", /not a URL/],
  ])("refuses %s", (url, reason) => {
    const result = checkSubscribeUrl(url)
    expect(result.ok).toBe(false)
    expect(!result.ok && result.reason).toMatch(reason)
  })
})

describe("queue URLs", () => {
  it("reads the region from the host, and describes the queue without query", () => {
    expect(queueUrlRegion("https://sqs.eu-central-1.amazonaws.com/111122223333/jwo")).toBe("eu-central-1")
    expect(queueUrlRegion("https://us-west-2.queue.amazonaws.com/111122223333/jwo")).toBe("us-west-2")
    expect(queueUrlRegion("http://127.0.0.1:4010/sqs/000000000000/jwo")).toBeUndefined()
    expect(describeQueue("https://sqs.eu-central-1.amazonaws.com/111122223333/jwo")).toBe("sqs.eu-central-1.amazonaws.com/111122223333/jwo")
  })
})
