/**
 * Test helpers: a real HTTP server standing in for Amazon (and STS), and a SigV4 verifier written from the AWS
 * specification with node:crypto only — deliberately not aws4, so a signing bug cannot hide by agreeing with itself.
 */
import { createHash, createHmac } from "node:crypto"
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"

const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex")
const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data, "utf8").digest()
const rfc3986 = (text: string) =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)

export type Verified =
  | {
      ok: true
      accessKeyId: string
      date: string
      region: string
      service: string
      amzDate: string
      signedHeaders: string[]
      signature: string
      securityToken?: string
    }
  | { ok: false; reason: string }

/** Verifies the Authorization header of a received request against `secretFor(accessKeyId)`. */
export function verifySigV4(
  req: { method: string; url: string; rawHeaders: string[]; body: Buffer },
  secretFor: (accessKeyId: string) => string | undefined
): Verified {
  const headers = new Map<string, string[]>()
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i].toLowerCase()
    headers.set(name, [...(headers.get(name) ?? []), req.rawHeaders[i + 1]])
  }
  const auth = headers.get("authorization")?.[0]
  if (!auth) return { ok: false, reason: "unsigned" }
  const match = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(
    auth
  )
  if (!match) return { ok: false, reason: `malformed authorization` }
  const [, accessKeyId, date, region, service, signedList, signature] = match
  const secret = secretFor(accessKeyId)
  if (!secret) return { ok: false, reason: "unknown access key" }
  const amzDate = headers.get("x-amz-date")?.[0]
  if (!amzDate || amzDate.slice(0, 8) !== date) return { ok: false, reason: "x-amz-date missing or not the scope date" }
  const signedHeaders = signedList.split(";")

  const q = req.url.indexOf("?")
  const rawPath = q < 0 ? req.url : req.url.slice(0, q)
  const rawQuery = q < 0 ? "" : req.url.slice(q + 1)
  // Non-S3 services: each path segment, as received, is encoded once more.
  const canonicalUri = rawPath
    .split("/")
    .map((segment) => rfc3986(segment))
    .join("/")
  const canonicalQuery = rawQuery
    ? rawQuery
        .split("&")
        .map((pair) => pair.split("=").map((part) => rfc3986(decodeURIComponent(part ?? ""))))
        .map(([name, value = ""]) => `${name}=${value}`)
        .sort()
        .join("&")
    : ""
  const headerLines: string[] = []
  for (const name of signedHeaders) {
    const values = headers.get(name)
    if (!values) return { ok: false, reason: `signed header ${name} not sent` }
    headerLines.push(`${name}:${values.map((v) => v.trim().replace(/\s+/g, " ")).join(",")}\n`)
  }
  const canonicalRequest = [
    req.method,
    canonicalUri,
    canonicalQuery,
    headerLines.join(""),
    signedHeaders.join(";"),
    sha256(req.body),
  ].join("\n")
  const scope = `${date}/${region}/${service}/aws4_request`
  const stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256(canonicalRequest)].join("\n")
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), "aws4_request")
  const expected = createHmac("sha256", key).update(stringToSign, "utf8").digest("hex")
  if (expected !== signature) return { ok: false, reason: "signature mismatch" }
  return {
    ok: true,
    accessKeyId,
    date,
    region,
    service,
    amzDate,
    signedHeaders,
    signature,
    securityToken: headers.get("x-amz-security-token")?.[0],
  }
}

export type Received = {
  method: string
  url: string
  headers: IncomingMessage["headers"]
  rawHeaders: string[]
  body: Buffer
  text: string
}

export type Handler = (req: Received, res: ServerResponse) => void | Promise<void>

export type FakeServer = {
  url: string
  received: Received[]
  handle: (handler: Handler) => void
  close: () => Promise<void>
}

/** A node:http server on 127.0.0.1 with a random port; the current handler answers every request. */
export async function startServer(initial?: Handler): Promise<FakeServer> {
  let handler: Handler =
    initial ??
    ((_req, res) => {
      res.writeHead(500).end()
    })
  const received: Received[] = []
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on("data", (chunk: Buffer) => chunks.push(chunk))
    req.on("end", () => {
      const body = Buffer.concat(chunks)
      const entry: Received = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        rawHeaders: req.rawHeaders,
        body,
        text: body.toString("utf8"),
      }
      received.push(entry)
      Promise.resolve(handler(entry, res)).catch((error) => {
        if (!res.headersSent) res.writeHead(599)
        res.end(String(error))
      })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    handle: (next) => {
      handler = next
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

export const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  const text = typeof body === "string" ? body : JSON.stringify(body)
  res.writeHead(status, { "content-type": "application/json", ...headers }).end(text)
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** The XML STS answers AssumeRole with. */
export function assumeRoleXml(credentials: {
  accessKeyId: string
  secretAccessKey: string
  sessionToken: string
  expiration: Date
}): string {
  return `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <AssumedRoleUser>
      <AssumedRoleId>AROA3XFRBF535PLBIFPI4:medusa-plugin-jwo</AssumedRoleId>
      <Arn>arn:aws:sts::123456789012:assumed-role/jwo/medusa-plugin-jwo</Arn>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>${credentials.accessKeyId}</AccessKeyId>
      <SecretAccessKey>${credentials.secretAccessKey}</SecretAccessKey>
      <SessionToken>${credentials.sessionToken}</SessionToken>
      <Expiration>${credentials.expiration.toISOString()}</Expiration>
    </Credentials>
  </AssumeRoleResult>
  <ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ResponseMetadata>
</AssumeRoleResponse>`
}

export function stsErrorXml(code: string, message: string): string {
  return `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>1</RequestId></ErrorResponse>`
}
