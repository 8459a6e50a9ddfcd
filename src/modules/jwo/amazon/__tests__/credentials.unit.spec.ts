import { createAmazonClient, type AmazonClient, type AmazonOptions, type AmazonResult } from "../index"
import { assumeRoleXml, json, sleep, startServer, stsErrorXml, verifySigV4, type FakeServer, type Received } from "./fake-amazon"

const BASE_KEY_ID = "AKIDBASE000000000001"
const BASE_SECRET = "base/Secret+Access+Key/0123456789abcdefEXAMPLE"
const ROLE_ARN = "arn:aws:iam::123456789012:role/jwo-checkout"
const T0 = Date.parse("2025-03-01T12:00:00Z")
const HOUR = 3600_000
const MINUTE = 60_000

const CART = { idempotentShoppingTripId: "trip-1", storeId: "STORE-1", lineItems: [] }

/** Temporary credentials handed out by the fake STS, by access key id. */
type Issued = { accessKeyId: string; secretAccessKey: string; sessionToken: string }

let server: FakeServer
let clients: AmazonClient[] = []
let logs: string[] = []
let now = T0
let issued: Map<string, Issued>
/** How the fake STS answers the next AssumeRole calls. */
let sts: { delayMs: number; lifetimeMs: number; fail?: { status: number; code: string; message: string } }

const stsCalls = () => server.received.filter((r) => r.url.startsWith("/sts"))
const apiCalls = () => server.received.filter((r) => r.url.startsWith("/v1"))

function handleSts(req: Received) {
  return async (res: Parameters<Parameters<FakeServer["handle"]>[0]>[1]) => {
    if (sts.delayMs) await sleep(sts.delayMs)
    if (sts.fail) {
      res.writeHead(sts.fail.status, { "content-type": "text/xml" }).end(stsErrorXml(sts.fail.code, sts.fail.message))
      return
    }
    const check = verifySigV4(req, (id) => (id === BASE_KEY_ID ? BASE_SECRET : undefined))
    if (!check.ok || check.service !== "sts") {
      res.writeHead(403).end(stsErrorXml("SignatureDoesNotMatch", check.ok ? "wrong service" : check.reason))
      return
    }
    const n = issued.size + 1
    const credentials = {
      accessKeyId: `ASIATEMP${String(n).padStart(12, "0")}`,
      secretAccessKey: `temp/secret+${n}/abcdefghijklmnopqrstuvwxyz0123`,
      sessionToken: `IQoJb3JpZ2luX2VjTEMP${n}//////////wEaCXVzLWVhc3QtMSJGMEQCIF+token=`,
    }
    issued.set(credentials.accessKeyId, credentials)
    res.writeHead(200, { "content-type": "text/xml" })
    res.end(assumeRoleXml({ ...credentials, expiration: new Date(now + sts.lifetimeMs) }))
  }
}

function client(overrides: Partial<AmazonOptions> = {}) {
  const created = createAmazonClient(
    {
      checkoutEndpoint: `${server.url}/v1`,
      catalogEndpoint: `${server.url}/v1`,
      accessKeyId: BASE_KEY_ID,
      secretAccessKey: BASE_SECRET,
      roleArn: ROLE_ARN,
      roleExternalId: "retailer-external-id",
      roleSessionName: "medusa-plugin-jwo",
      stsEndpoint: `${server.url}/sts`,
      requestTimeoutMs: 2000,
      ...overrides,
    } as AmazonOptions,
    { env: {}, now: () => now, logger: { debug: (m) => logs.push(m), info: (m) => logs.push(m), warn: (m) => logs.push(m) } }
  )
  clients.push(created)
  return created
}

/** The temporary credentials the last API call was signed with (verified independently). */
function lastApiSignature() {
  const req = apiCalls().at(-1)!
  const check = verifySigV4(req, (id) => issued.get(id)?.secretAccessKey)
  return { check, issued: check.ok ? issued.get(check.accessKeyId) : undefined }
}

beforeEach(async () => {
  now = T0
  logs = []
  issued = new Map()
  sts = { delayMs: 0, lifetimeMs: HOUR }
  server = await startServer()
  server.handle((req, res) => (req.url.startsWith("/sts") ? handleSts(req)(res) : json(res, 201, { orderId: "o-1" })))
})

afterEach(async () => {
  await Promise.all(clients.map((c) => c.close()))
  clients = []
  await server.close()
})

describe("assumed role credentials", () => {
  it("assumes the role through STS (signed form POST) and signs Amazon calls with the role's session", async () => {
    const c = client()
    expect(c.credentialsSource).toBe("role")
    expect(await c.postJson("checkout", "/checkout/carts", CART)).toMatchObject({ kind: "success", status: 201 })

    const [call] = stsCalls()
    expect(call.method).toBe("POST")
    expect(call.headers["content-type"]).toBe("application/x-www-form-urlencoded; charset=utf-8")
    expect(Object.fromEntries(new URLSearchParams(call.text))).toEqual({
      Action: "AssumeRole",
      Version: "2011-06-15",
      RoleArn: ROLE_ARN,
      RoleSessionName: "medusa-plugin-jwo",
      ExternalId: "retailer-external-id",
      DurationSeconds: "3600",
    })
    expect(verifySigV4(call, (id) => (id === BASE_KEY_ID ? BASE_SECRET : undefined))).toMatchObject({
      ok: true,
      accessKeyId: BASE_KEY_ID,
      service: "sts",
      region: "us-east-1",
    })

    const { check, issued: temp } = lastApiSignature()
    expect(check).toMatchObject({ ok: true, service: "execute-api", accessKeyId: "ASIATEMP000000000001" })
    expect(check.ok && check.securityToken).toBe(temp?.sessionToken)
    expect(check.ok && check.signedHeaders).toContain("x-amz-security-token")
  })

  it("omits ExternalId when none is configured and signs STS for the configured region", async () => {
    await client({ roleExternalId: undefined, region: "eu-west-1" }).postJson("checkout", "/checkout/carts", CART)
    const params = new URLSearchParams(stsCalls()[0].text)
    expect(params.has("ExternalId")).toBe(false)
    expect(verifySigV4(stsCalls()[0], () => BASE_SECRET)).toMatchObject({ ok: true, region: "eu-west-1" })
  })

  it("assumes the role with base credentials from the environment", async () => {
    const c = createAmazonClient(
      {
        checkoutEndpoint: `${server.url}/v1`,
        catalogEndpoint: `${server.url}/v1`,
        roleArn: ROLE_ARN,
        roleSessionName: "medusa-plugin-jwo",
        stsEndpoint: `${server.url}/sts`,
        requestTimeoutMs: 2000,
      } as AmazonOptions,
      { env: { AWS_ACCESS_KEY_ID: BASE_KEY_ID, AWS_SECRET_ACCESS_KEY: BASE_SECRET }, now: () => now }
    )
    clients.push(c)
    expect(await c.postJson("checkout", "/checkout/carts", CART)).toMatchObject({ kind: "success" })
    expect(lastApiSignature().check).toMatchObject({ ok: true, accessKeyId: "ASIATEMP000000000001" })
  })

  it("caches the session and renews it 5 minutes before it expires", async () => {
    const c = client()
    await c.postJson("checkout", "/checkout/carts", CART)
    now = T0 + 30 * MINUTE
    await c.postJson("checkout", "/checkout/carts", CART)
    now = T0 + HOUR - 5 * MINUTE - 1000
    await c.postJson("checkout", "/checkout/carts", CART)
    expect(stsCalls()).toHaveLength(1)
    expect(lastApiSignature().check).toMatchObject({ ok: true, accessKeyId: "ASIATEMP000000000001" })

    now = T0 + HOUR - 5 * MINUTE + 1000
    await c.postJson("checkout", "/checkout/carts", CART)
    expect(stsCalls()).toHaveLength(2)
    expect(lastApiSignature().check).toMatchObject({ ok: true, accessKeyId: "ASIATEMP000000000002" })
  })

  it("concurrent callers share one in-flight renewal", async () => {
    sts.delayMs = 200
    const c = client()
    const results = await Promise.all(Array.from({ length: 10 }, () => c.postJson("checkout", "/checkout/carts", CART)))
    expect(results.every((r) => r.kind === "success")).toBe(true)
    expect(stsCalls()).toHaveLength(1)
    expect(apiCalls()).toHaveLength(10)
    for (const req of apiCalls()) {
      expect(verifySigV4(req, (id) => issued.get(id)?.secretAccessKey)).toMatchObject({ ok: true })
    }

    // Expiry approaching: again one renewal for many callers.
    now = T0 + HOUR - MINUTE
    await Promise.all(Array.from({ length: 5 }, () => c.postJson("checkout", "/checkout/carts", CART)))
    expect(stsCalls()).toHaveLength(2)
  })

  it("a refused AssumeRole is permanent/credentials and calls nothing at Amazon", async () => {
    sts.fail = { status: 403, code: "AccessDenied", message: `User: arn:aws:iam::1:user/x is not authorized to perform: sts:AssumeRole on resource: ${ROLE_ARN}` }
    const result = await client().postJson("checkout", "/checkout/carts", CART)
    expect(result).toMatchObject({ kind: "permanent", cause: "credentials", errorMsg: expect.stringContaining("AccessDenied") })
    expect(result.kind !== "success" && result.status).toBeUndefined()
    expect(apiCalls()).toHaveLength(0)
  })

  it.each([
    [503, "ServiceUnavailable"],
    [400, "Throttling"],
    [500, "InternalFailure"],
  ])("STS %i %s is retryable/credentials", async (status, code) => {
    sts.fail = { status, code, message: "try later" }
    expect(await client().postJson("checkout", "/checkout/carts", CART)).toMatchObject({ kind: "retryable", cause: "credentials" })
  })

  it("an unreachable STS is retryable/credentials", async () => {
    const gone = await startServer()
    await gone.close()
    const result = await client({ stsEndpoint: `${gone.url}/sts` }).postJson("checkout", "/checkout/carts", CART)
    expect(result).toMatchObject({ kind: "retryable", cause: "credentials", errorMsg: expect.stringContaining("ECONNREFUSED") })
  })

  it("a garbled STS answer is retryable", async () => {
    server.handle((req, res) => {
      if (req.url.startsWith("/sts")) res.writeHead(200).end("<html>captive portal</html>")
      else json(res, 201, {})
    })
    expect(await client().postJson("checkout", "/checkout/carts", CART)).toMatchObject({ kind: "retryable", cause: "credentials" })
  })

  it("a failed renewal keeps using the current session while it is still valid, then fails", async () => {
    const c = client()
    await c.postJson("checkout", "/checkout/carts", CART)
    sts.fail = { status: 503, code: "ServiceUnavailable", message: "down" }

    now = T0 + HOUR - 3 * MINUTE
    expect(await c.postJson("checkout", "/checkout/carts", CART)).toMatchObject({ kind: "success" })
    expect(stsCalls()).toHaveLength(2)
    expect(lastApiSignature().check).toMatchObject({ ok: true, accessKeyId: "ASIATEMP000000000001" })
    expect(logs.some((line) => /renewing credentials .* failed/.test(line))).toBe(true)

    now = T0 + HOUR - 30_000
    expect(await c.postJson("checkout", "/checkout/carts", CART)).toMatchObject({ kind: "retryable", cause: "credentials" })

    sts.fail = undefined
    expect(await c.postJson("checkout", "/checkout/carts", CART)).toMatchObject({ kind: "success" })
    expect(lastApiSignature().check).toMatchObject({ ok: true, accessKeyId: "ASIATEMP000000000002" })
  })

  it("a role without base credentials is a permanent credentials failure naming what to set", async () => {
    const result = await client({ accessKeyId: undefined, secretAccessKey: undefined }).postJson("checkout", "/checkout/carts", CART)
    expect(result).toMatchObject({ kind: "permanent", cause: "credentials", errorMsg: expect.stringContaining("AWS_ACCESS_KEY_ID") })
    expect(stsCalls()).toHaveLength(0)
  })

  it("no base or temporary secret in results or logs, even when STS or Amazon echo them", async () => {
    const c = client()
    await c.postJson("checkout", "/checkout/carts", CART)
    const temp = [...issued.values()][0]
    server.handle((req, res) =>
      json(res, 403, { message: `x-amz-security-token:${req.headers["x-amz-security-token"]}`, echo: [temp.secretAccessKey, temp.sessionToken] })
    )
    const results: AmazonResult[] = [await c.postJson("checkout", "/checkout/carts", CART)]
    sts.fail = { status: 403, code: "InvalidClientTokenId", message: `The security token ${BASE_SECRET} is invalid` }
    now = T0 + 2 * HOUR
    results.push(await c.postJson("checkout", "/checkout/carts", CART))

    const everything = JSON.stringify(results) + JSON.stringify(c) + logs.join("\n")
    for (const secret of [BASE_SECRET, temp.secretAccessKey, temp.sessionToken]) expect(everything).not.toContain(secret)
    expect(results.map((r) => r.kind)).toEqual(["permanent", "permanent"])
  })
})
