import aws4 from "aws4"
import { canonicalQuery, canonicalUri, SigV4Request, verifySigV4 } from "../sigv4"

const CRED = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" }
const lookup = (id: string) => (id === CRED.accessKeyId ? CRED : undefined)

/** Signs with aws4 (the plugin's signer) and returns the request as node:http would hand it to the sandbox. */
function signWithAws4(
  input: { method?: string; path: string; body?: string; region?: string; service?: string; headers?: Record<string, string> },
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } = CRED
): SigV4Request {
  const signed = aws4.sign(
    {
      host: "us-east-1.test.checkout.amazonphysicalstores.com",
      method: input.method ?? "POST",
      path: input.path,
      body: input.body ?? "",
      service: input.service ?? "execute-api",
      region: input.region ?? "us-east-1",
      headers: { "content-type": "application/json", ...input.headers },
    },
    credentials
  )
  const rawHeaders = Object.entries(signed.headers ?? {}).flatMap(([k, v]) => [k, String(v)])
  return { method: signed.method ?? "POST", url: signed.path ?? input.path, rawHeaders, body: Buffer.from(input.body ?? "") }
}

describe("SigV4 verifier (independent of aws4)", () => {
  it("verifies AWS's published get-vanilla test vector", () => {
    // AWS Signature Version 4 test suite, "get-vanilla" (service "service", 2015-08-30T12:36:00Z).
    const req: SigV4Request = {
      method: "GET",
      url: "/",
      rawHeaders: [
        "Host",
        "example.amazonaws.com",
        "X-Amz-Date",
        "20150830T123600Z",
        "Authorization",
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
      ],
      body: Buffer.alloc(0),
    }
    const result = verifySigV4(req, lookup, { now: Date.UTC(2015, 7, 30, 12, 36), service: "service" })
    expect(result).toEqual({ ok: true, accessKeyId: "AKIDEXAMPLE", region: "us-east-1", service: "service", amzDate: "20150830T123600Z" })
  })

  it.each<[string, { path: string; body: string; method?: string; region?: string }]>([
    ["a Checkout call", { path: "/v1/checkout/carts", body: '{"lineItems":[]}' }],
    ["a region other than us-east-1", { path: "/v1/catalog/upload", body: "{}", region: "eu-west-1" }],
    ["a query string", { path: "/v1/catalog/upload?b=2&a=1&a=0&sp=a%20b", body: "{}" }],
    ["reserved characters in the path", { path: "/v1/items/a%20b/c%2Fd/it's", body: "" , method: "GET" }],
    ["unicode in the body", { path: "/v1/checkout/carts", body: '{"d":"Crème brûlée – 500 g"}' }],
  ])("accepts what aws4 signs: %s", (_name, input) => {
    const result = verifySigV4(signWithAws4(input), lookup, { now: Date.now() })
    expect(result).toMatchObject({ ok: true, region: input.region ?? "us-east-1", service: "execute-api" })
  })

  it("accepts temporary credentials (x-amz-security-token), and checks a configured token", () => {
    const temp = { ...CRED, sessionToken: "FwoGZXIvYXdzEXAMPLETOKEN//////////" }
    const req = signWithAws4({ path: "/v1/checkout/carts", body: "{}" }, temp)
    expect(verifySigV4(req, lookup, { now: Date.now() }).ok).toBe(true)
    expect(verifySigV4(req, () => temp, { now: Date.now() }).ok).toBe(true)
    const other = { ...temp, sessionToken: "another-token" }
    expect(verifySigV4(req, () => other, { now: Date.now() })).toMatchObject({ ok: false, reason: "token" })
  })

  it("refuses an unsigned request", () => {
    const req: SigV4Request = { method: "POST", url: "/v1/checkout/carts", rawHeaders: ["Host", "x"], body: Buffer.alloc(0) }
    expect(verifySigV4(req, lookup, { now: Date.now() })).toEqual({ ok: false, reason: "unsigned", message: "Missing Authentication Token" })
  })

  it("refuses an unknown access key", () => {
    const req = signWithAws4({ path: "/v1/checkout/carts", body: "{}" }, { accessKeyId: "AKIAUNKNOWN", secretAccessKey: "x" })
    expect(verifySigV4(req, lookup, { now: Date.now() })).toMatchObject({ ok: false, reason: "unknown-key" })
  })

  it("refuses a wrong secret", () => {
    const req = signWithAws4({ path: "/v1/checkout/carts", body: "{}" }, { ...CRED, secretAccessKey: "wrong" })
    expect(verifySigV4(req, lookup, { now: Date.now() })).toMatchObject({ ok: false, reason: "signature" })
  })

  it("refuses a tampered body, path, or signed header", () => {
    const base = signWithAws4({ path: "/v1/checkout/carts", body: '{"a":1}' })
    const tampered: SigV4Request[] = [
      { ...base, body: Buffer.from('{"a":2}') },
      { ...base, url: "/v1/catalog/upload" },
      { ...base, rawHeaders: base.rawHeaders.map((v) => (v === "application/json" ? "text/plain" : v)) },
      { ...base, method: "PUT" },
    ]
    for (const req of tampered) {
      expect(verifySigV4(req, lookup, { now: Date.now() })).toMatchObject({ ok: false, reason: "signature" })
    }
  })

  it("refuses a signed header that is missing from the request", () => {
    const base = signWithAws4({ path: "/v1/checkout/carts", body: "{}" })
    const i = base.rawHeaders.findIndex((h) => h.toLowerCase() === "content-type")
    const rawHeaders = base.rawHeaders.filter((_, j) => j !== i && j !== i + 1)
    expect(verifySigV4({ ...base, rawHeaders }, lookup, { now: Date.now() })).toMatchObject({ ok: false, reason: "signature" })
  })

  it("refuses a request time more than 5 minutes away, either way", () => {
    const req = signWithAws4({ path: "/v1/checkout/carts", body: "{}" })
    expect(verifySigV4(req, lookup, { now: Date.now() + 4 * 60_000 }).ok).toBe(true)
    expect(verifySigV4(req, lookup, { now: Date.now() + 6 * 60_000 })).toMatchObject({ ok: false, reason: "skew" })
    expect(verifySigV4(req, lookup, { now: Date.now() - 6 * 60_000 })).toMatchObject({ ok: false, reason: "skew" })
  })

  it("refuses a credential scoped to another service", () => {
    const req = signWithAws4({ path: "/v1/checkout/carts", body: "{}", service: "s3" })
    expect(verifySigV4(req, lookup, { now: Date.now() })).toMatchObject({ ok: false, reason: "scope" })
  })

  it("refuses a malformed Authorization header", () => {
    const req: SigV4Request = {
      method: "POST",
      url: "/",
      rawHeaders: ["Authorization", "Bearer abc", "X-Amz-Date", "20250101T000000Z"],
      body: Buffer.alloc(0),
    }
    expect(verifySigV4(req, lookup, { now: Date.now() })).toMatchObject({ ok: false, reason: "malformed" })
  })

  it("builds canonical URIs and query strings as the SigV4 specification says", () => {
    expect(canonicalUri("/")).toBe("/")
    expect(canonicalUri("/v1//checkout/./x/../carts")).toBe("/v1/checkout/carts")
    expect(canonicalUri("/a%20b")).toBe("/a%2520b") // non-S3 services: encoded twice
    expect(canonicalQuery("b=2&a=1&a=0&c")).toBe("a=0&a=1&b=2&c=")
    expect(canonicalQuery("k=a%20b&x=*")).toBe("k=a%20b&x=%2A")
  })
})
