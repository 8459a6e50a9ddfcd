import { createAmazonClient, type AmazonClient, type AmazonOptions, type AmazonResult } from "../index"
import { json, sleep, startServer, verifySigV4, type FakeServer } from "./fake-amazon"

const ACCESS_KEY_ID = "AKIDEXAMPLE1234567890"
const SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
const SESSION_TOKEN = "FQoGZXIvYXdzEXAMPLE//////////wEaDEXAMPLETOKENvalue+abc="
const T0 = Date.parse("2025-03-01T12:00:00Z")

const CART = {
  idempotentShoppingTripId: "trip-1",
  storeId: "STORE-1",
  lineItems: [{ productId: "SKU-001", type: "SKU", quantity: { value: "1.0", unit: "unit" } }],
  orderTotals: { priceTotal: { amount: "0.99", currencyCode: "USD" } },
}

let server: FakeServer
let clients: AmazonClient[] = []
let logs: string[] = []

const logger = {
  debug: (m: string) => logs.push(m),
  info: (m: string) => logs.push(m),
  warn: (m: string) => logs.push(m),
  error: (m: string) => logs.push(m),
}

function client(overrides: Partial<AmazonOptions> = {}, deps: Parameters<typeof createAmazonClient>[1] = {}) {
  const created = createAmazonClient(
    {
      checkoutEndpoint: `${server.url}/v1`,
      catalogEndpoint: `${server.url}/catalog/v1`,
      accessKeyId: ACCESS_KEY_ID,
      secretAccessKey: SECRET,
      roleSessionName: "medusa-plugin-jwo",
      requestTimeoutMs: 2000,
      ...overrides,
    } as AmazonOptions,
    { env: {}, logger, ...deps }
  )
  clients.push(created)
  return created
}

const secretFor = (id: string) => (id === ACCESS_KEY_ID ? SECRET : undefined)
const verified = (index = -1) => verifySigV4(server.received.at(index)!, secretFor)

beforeEach(async () => {
  logs = []
  server = await startServer((_req, res) => json(res, 201, { orderId: "amzn-order-1" }))
})

afterEach(async () => {
  await Promise.all(clients.map((c) => c.close()))
  clients = []
  await server.close()
})

describe("signing", () => {
  it("sends the JSON body exactly as signed, with a SigV4 signature an independent verifier accepts", async () => {
    const result = await client().postJson("checkout", "/checkout/carts", CART)

    expect(result).toEqual({ kind: "success", status: 201, body: { orderId: "amzn-order-1" } })
    const req = server.received[0]
    expect(req.method).toBe("POST")
    expect(req.url).toBe("/v1/checkout/carts")
    expect(req.text).toBe(JSON.stringify(CART))
    expect(req.headers["content-type"]).toBe("application/json")
    const check = verified()
    expect(check).toMatchObject({ ok: true, accessKeyId: ACCESS_KEY_ID, region: "us-east-1", service: "execute-api" })
    if (!check.ok) return
    expect(check.signedHeaders).toEqual(expect.arrayContaining(["host", "x-amz-date", "content-type", "content-length"]))
    expect(check.securityToken).toBeUndefined()
    expect(check.signedHeaders).not.toContain("x-amz-security-token")
  })

  it("signs the session token when there is one", async () => {
    await client({ sessionToken: SESSION_TOKEN }).postJson("checkout", "/checkout/carts", CART)
    const check = verified()
    expect(check).toMatchObject({ ok: true, securityToken: SESSION_TOKEN })
    expect(check.ok && check.signedHeaders).toContain("x-amz-security-token")
  })

  it("signs for the configured region, and targets catalog and explicit base URLs", async () => {
    const c = client({ region: "eu-west-1" })
    await c.postJson("catalog", "catalog/upload", { catalogItems: [] })
    expect(server.received[0].url).toBe("/catalog/v1/catalog/upload")
    expect(verified()).toMatchObject({ ok: true, region: "eu-west-1" })

    await c.postJson({ baseUrl: `${server.url}/other/v1/` }, "/checkout/carts", CART)
    expect(server.received[1].url).toBe("/other/v1/checkout/carts")
    expect(verified()).toMatchObject({ ok: true, region: "eu-west-1" })
  })

  it("a tampered body or key fails the independent verifier (the verifier is not a rubber stamp)", async () => {
    await client().postJson("checkout", "/checkout/carts", CART)
    const req = server.received[0]
    expect(verifySigV4({ ...req, body: Buffer.from(req.text.replace("trip-1", "trip-2")) }, secretFor)).toMatchObject({
      ok: false,
      reason: "signature mismatch",
    })
    expect(verifySigV4(req, () => "another-secret")).toMatchObject({ ok: false, reason: "signature mismatch" })
  })

  it("signs every call afresh with the current time", async () => {
    let now = T0
    const c = client({}, { now: () => now })
    await c.postJson("checkout", "/checkout/carts", CART)
    now = T0 + 61_000
    await c.postJson("checkout", "/checkout/carts", CART)
    const [first, second] = [verified(0), verified(1)]
    expect(first).toMatchObject({ ok: true, amzDate: "20250301T120000Z" })
    expect(second).toMatchObject({ ok: true, amzDate: "20250301T120101Z" })
    expect(first.ok && second.ok && first.signature !== second.signature).toBe(true)
  })

  it("reads credentials from the AWS_* environment variables when the options have none", async () => {
    const c = client(
      { accessKeyId: undefined, secretAccessKey: undefined },
      { env: { AWS_ACCESS_KEY_ID: ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: SECRET, AWS_SESSION_TOKEN: SESSION_TOKEN } }
    )
    expect(c.credentialsSource).toBe("env")
    expect(await c.postJson("checkout", "/checkout/carts", CART)).toMatchObject({ kind: "success" })
    expect(verified()).toMatchObject({ ok: true, securityToken: SESSION_TOKEN })
  })

  it("without any credentials, calls nothing and answers permanent/credentials", async () => {
    const c = client({ accessKeyId: undefined, secretAccessKey: undefined })
    expect(c.credentialsSource).toBe("none")
    expect(await c.postJson("checkout", "/checkout/carts", CART)).toMatchObject({ kind: "permanent", cause: "credentials" })
    expect(server.received).toHaveLength(0)
  })

  it("refuses at creation an endpoint whose signing region cannot be told", () => {
    expect(() =>
      createAmazonClient({
        checkoutEndpoint: "https://checkout.example.com/v1",
        catalogEndpoint: "https://us-east-1.catalog.example.com",
        roleSessionName: "x",
        requestTimeoutMs: 1000,
      } as AmazonOptions)
    ).toThrow(/amazon\.region/)
  })
})

describe("classification of real answers", () => {
  it.each<[string, number, unknown, Record<string, string>, Partial<AmazonResult>]>([
    ["201", 201, { orderId: "o-1" }, {}, { kind: "success", status: 201, body: { orderId: "o-1" } }],
    ["200 status", 200, { processingStatus: "DONE" }, {}, { kind: "success", status: 200 }],
    [
      "400 with errorMsg",
      400,
      { errorMsg: "UnknownShoppingTripException" },
      {},
      { kind: "permanent", status: 400, errorMsg: "UnknownShoppingTripException", body: { errorMsg: "UnknownShoppingTripException" } },
    ],
    ["403", 403, { message: "Forbidden" }, {}, { kind: "permanent", status: 403, errorMsg: "Forbidden", cause: "http" }],
    [
      "429 with Retry-After",
      429,
      { errorMsg: "Too Many Requests" },
      { "retry-after": "3" },
      { kind: "retryable", status: 429, errorMsg: "Too Many Requests", retryAfterMs: 3000, cause: "http" },
    ],
    ["500", 500, { errorMsg: "InternalServerError" }, {}, { kind: "retryable", status: 500, cause: "http" }],
    ["503 non-JSON", 503, "<html>Service Unavailable</html>", {}, { kind: "retryable", status: 503, errorMsg: "HTTP 503: <html>Service Unavailable</html>" }],
  ])("%s", async (_name, status, body, headers, expected) => {
    server.handle((_req, res) => json(res, status, body, headers))
    expect(await client().postJson("checkout", "/checkout/carts", CART)).toMatchObject(expected)
  })

  it("honours a Retry-After given as an HTTP date", async () => {
    server.handle((_req, res) => json(res, 503, { errorMsg: "later" }, { "retry-after": new Date(T0 + 20_000).toUTCString() }))
    const result = await client({}, { now: () => T0 }).postJson("catalog", "/catalog/upload", {})
    expect(result).toMatchObject({ kind: "retryable", status: 503, retryAfterMs: 20_000 })
  })

  it("passes Amazon's request id along", async () => {
    server.handle((_req, res) => json(res, 400, { errorMsg: "bad" }, { "x-amzn-RequestId": "abc-123" }))
    expect(await client().postJson("checkout", "/checkout/carts", CART)).toMatchObject({ requestId: "abc-123" })
  })

  it("times out a slow answer at requestTimeoutMs", async () => {
    server.handle(async (_req, res) => {
      await sleep(1500)
      json(res, 201, {})
    })
    const started = Date.now()
    const result = await client({ requestTimeoutMs: 300 }).postJson("checkout", "/checkout/carts", CART)
    expect(result).toMatchObject({ kind: "retryable", cause: "timeout" })
    expect(Date.now() - started).toBeLessThan(1200)
  })

  it("times out an answer whose body stalls (the deadline covers the whole call)", async () => {
    server.handle(async (_req, res) => {
      res.writeHead(201, { "content-type": "application/json" })
      res.write('{"orderId":')
      await sleep(1500)
      res.end('"late"}')
    })
    const result = await client({ requestTimeoutMs: 300 }).postJson("checkout", "/checkout/carts", CART)
    expect(result).toMatchObject({ kind: "retryable", cause: "timeout" })
  })

  it("a per-call timeout overrides requestTimeoutMs", async () => {
    server.handle(async (_req, res) => {
      await sleep(600)
      json(res, 201, {})
    })
    const result = await client({ requestTimeoutMs: 5000 }).postJson("checkout", "/checkout/carts", CART, { timeoutMs: 200 })
    expect(result).toMatchObject({ kind: "retryable", cause: "timeout" })
  })

  it("drops an answer larger than 5 MiB (streamed without a length) and one announced too large", async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" })
      const chunk = "x".repeat(64 * 1024)
      for (let i = 0; i < 6 * 16; i++) res.write(chunk)
      res.end()
    })
    expect(await client().postJson("checkout", "/checkout/carts", CART)).toMatchObject({
      kind: "permanent",
      cause: "response",
      errorMsg: expect.stringContaining(String(5 * 1024 * 1024)),
    })

    server.handle((_req, res) => {
      res.writeHead(200, { "content-length": "2000" }).end("y".repeat(2000))
    })
    expect(await client({}, { maxResponseBytes: 1000 }).postJson("checkout", "/x", {})).toMatchObject({
      kind: "permanent",
      cause: "response",
    })
  })

  it("a refused connection is retryable", async () => {
    const gone = await startServer()
    const url = gone.url
    await gone.close()
    const result = await client({ checkoutEndpoint: `${url}/v1` }).postJson("checkout", "/checkout/carts", CART)
    expect(result).toMatchObject({ kind: "retryable", cause: "connection", errorMsg: expect.stringContaining("ECONNREFUSED") })
  })

  it("a body that cannot be serialised is a permanent config failure, and nothing is sent", async () => {
    const result = await client().postJson("checkout", "/checkout/carts", { amount: BigInt(1) })
    expect(result).toMatchObject({ kind: "permanent", cause: "config" })
    expect(server.received).toHaveLength(0)
  })
})

describe("getUrl (presigned report links)", () => {
  const QUERY = `X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=ASIAREPORT%2F20250301%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Security-Token=REPORT%2BTOKEN%2Fsecret&X-Amz-Signature=${"f".repeat(64)}`

  it("GETs the link unsigned, query untouched, and parses the JSON report", async () => {
    server.handle((_req, res) => json(res, 200, { results: [{ item_sku: "SKU-1", status: "SUCCESS" }] }))
    const result = await client().getUrl(`${server.url}/reports/r1.json?${QUERY}`)
    expect(result).toEqual({ kind: "success", status: 200, body: { results: [{ item_sku: "SKU-1", status: "SUCCESS" }] } })
    expect(server.received[0].method).toBe("GET")
    expect(server.received[0].url).toBe(`/reports/r1.json?${QUERY}`)
    expect(server.received[0].headers.authorization).toBeUndefined()
  })

  it("an expired link is permanent, and neither the result nor the logs carry the link's credentials", async () => {
    server.handle((req, res) => {
      res.writeHead(403, { "content-type": "application/xml" })
      res.end(`<Error><Code>AccessDenied</Code><Message>Request has expired</Message><CanonicalRequest>GET ${req.url}</CanonicalRequest></Error>`)
    })
    const result = await client().getUrl(`${server.url}/reports/r1.json?${QUERY}`)
    expect(result).toMatchObject({ kind: "permanent", status: 403 })
    const everything = JSON.stringify(result) + logs.join("\n")
    expect(everything).not.toContain("REPORT%2BTOKEN")
    expect(everything).not.toContain("REPORT+TOKEN")
    expect(everything).not.toContain("f".repeat(64))
    expect(everything).not.toContain("ASIAREPORT")
  })

  it("accepts reports larger than API answers, up to its own limit", async () => {
    server.handle((_req, res) => json(res, 200, { blob: "z".repeat(6 * 1024 * 1024) }))
    expect(await client().getUrl(`${server.url}/big.json`)).toMatchObject({ kind: "success", status: 200 })
    expect(await client().getUrl(`${server.url}/big.json`, { maxBytes: 1024 })).toMatchObject({
      kind: "permanent",
      cause: "response",
    })
  })

  it("refuses plain http to anything but loopback, and garbage links", async () => {
    expect(await client().getUrl("http://bucket.s3.amazonaws.com/r.json")).toMatchObject({ kind: "permanent", cause: "config" })
    expect(await client().getUrl("not a url")).toMatchObject({ kind: "permanent", cause: "config" })
  })
})

describe("secrets stay secret", () => {
  it("no secret key, session token or signature in any result or log line, whatever Amazon echoes back", async () => {
    // A hostile or verbose gateway echoing everything it got (API Gateway's 403 quotes the canonical request).
    server.handle((req, res) => {
      const status = Number(/status=(\d+)/.exec(req.url)?.[1] ?? 403)
      json(res, status, {
        message: `The Canonical String for this request should have been 'POST\n${req.url}\nx-amz-security-token:${req.headers["x-amz-security-token"]}\n' authorization: ${req.headers.authorization}`,
        echo: { headers: req.headers, secret: SECRET, token: SESSION_TOKEN },
      })
    })
    const c = client({ sessionToken: SESSION_TOKEN })
    const results: AmazonResult[] = []
    for (const status of [400, 403, 429, 500]) {
      results.push(await c.postJson("checkout", `/checkout/carts?status=${status}`, CART))
    }
    server.handle(async (_req, res) => {
      await sleep(1000)
      res.end()
    })
    results.push(await c.postJson("checkout", "/checkout/carts", CART, { timeoutMs: 100 }))

    const signature = server.received.map((r) => /Signature=([0-9a-f]{64})/.exec(String(r.headers.authorization))?.[1])
    const everything = JSON.stringify(results) + JSON.stringify(c) + logs.join("\n")
    expect(results.map((r) => r.kind)).toEqual(["permanent", "permanent", "retryable", "retryable", "retryable"])
    expect(everything).not.toContain(SECRET)
    expect(everything).not.toContain(SESSION_TOKEN)
    expect(everything).not.toContain(ACCESS_KEY_ID)
    for (const s of signature) expect(everything).not.toContain(s)
    expect(logs.length).toBeGreaterThan(0)
  })
})
