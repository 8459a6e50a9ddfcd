/**
 * AWS Signature Version 4 verification for the sandbox (contract §2, "Outbound").
 *
 * Written from the AWS SigV4 specification with node:crypto only. It deliberately does NOT use the `aws4` package
 * the plugin signs with: two independent implementations that agree are evidence that the plugin signs the way AWS
 * verifies; one shared library would agree with itself even when wrong.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto"

export type SandboxCredential = {
  accessKeyId: string
  secretAccessKey: string
  /** When set, requests with this key must carry exactly this `x-amz-security-token`; otherwise any token is accepted. */
  sessionToken?: string
}

export type SigV4Request = {
  method: string
  /** Path and query exactly as received (`req.url`). */
  url: string
  /** `req.rawHeaders`: names and values alternating, duplicates kept. */
  rawHeaders: string[]
  body: Buffer
}

export type SigV4Failure =
  | "unsigned"
  | "malformed"
  | "unknown-key"
  | "scope"
  | "skew"
  | "token"
  | "signature"

export type SigV4Result =
  | { ok: true; accessKeyId: string; region: string; service: string; amzDate: string }
  | { ok: false; reason: SigV4Failure; message: string }

export type VerifyOptions = {
  /** Current time in ms since the epoch. */
  now: number
  /** Largest accepted difference between the request time and `now` (AWS: 5 minutes). */
  maxSkewMs?: number
  /** Service name the credential scope must name. */
  service?: string
}

const ALGORITHM = "AWS4-HMAC-SHA256"
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/

export function sha256Hex(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex")
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac("sha256", key).update(data, "utf8").digest()
}

/** kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request"). */
export function signingKey(secretAccessKey: string, date: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, date), region), service), "aws4_request")
}

/** RFC 3986 percent-encoding: everything but A-Z a-z 0-9 - _ . ~ */
export function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/**
 * Canonical URI for every service but S3: the path normalised (empty and "." segments dropped, ".." resolved) and
 * each segment of the path as received encoded once more ("double encoding": AWS encodes the already-encoded path).
 */
export function canonicalUri(rawPath: string): string {
  const segments: string[] = []
  const parts = rawPath.split("/")
  parts.forEach((segment, i) => {
    if (segment === "..") segments.pop()
    else if (segment === "." || (segment === "" && i < parts.length - 1)) return
    else segments.push(uriEncode(segment))
  })
  return `/${segments.join("/")}`
}

/** Canonical query: parameters decoded, re-encoded with RFC 3986, sorted by name and then value. */
export function canonicalQuery(rawQuery: string): string {
  if (!rawQuery) return ""
  return rawQuery
    .split("&")
    .filter((pair) => pair !== "")
    .map((pair) => {
      const eq = pair.indexOf("=")
      const name = eq < 0 ? pair : pair.slice(0, eq)
      const value = eq < 0 ? "" : pair.slice(eq + 1)
      return [uriEncode(safeDecode(name.replace(/\+/g, " "))), uriEncode(safeDecode(value.replace(/\+/g, " ")))]
    })
    .filter(([name]) => name !== "")
    .sort(([an, av], [bn, bv]) => (an === bn ? (av < bv ? -1 : av > bv ? 1 : 0) : an < bn ? -1 : 1))
    .map(([name, value]) => `${name}=${value}`)
    .join("&")
}

/** Header values by lower-case name; repeated headers keep every value in order. */
export function headerValues(rawHeaders: string[]): Map<string, string[]> {
  const map = new Map<string, string[]>()
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i].toLowerCase()
    const list = map.get(name) ?? []
    list.push(rawHeaders[i + 1])
    map.set(name, list)
  }
  return map
}

/** The canonical request AWS hashes into the string to sign. Undefined when a signed header is absent. */
export function canonicalRequest(
  req: SigV4Request,
  signedHeaders: string[],
  payloadHash: string
): string | undefined {
  const headers = headerValues(req.rawHeaders)
  const q = req.url.indexOf("?")
  const rawPath = q < 0 ? req.url : req.url.slice(0, q)
  const rawQuery = q < 0 ? "" : req.url.slice(q + 1)
  const lines: string[] = []
  for (const name of signedHeaders) {
    const values = headers.get(name)
    if (!values) return undefined
    // Trim each value and squeeze inner runs of spaces; repeated headers are joined with commas.
    lines.push(`${name}:${values.map((v) => v.trim().replace(/\s+/g, " ")).join(",")}`)
  }
  return [
    req.method.toUpperCase(),
    canonicalUri(rawPath || "/"),
    canonicalQuery(rawQuery),
    `${lines.join("\n")}\n`,
    signedHeaders.join(";"),
    payloadHash,
  ].join("\n")
}

type ParsedAuthorization = {
  accessKeyId: string
  date: string
  region: string
  service: string
  terminator: string
  signedHeaders: string[]
  signature: string
}

function parseAuthorization(value: string): ParsedAuthorization | undefined {
  if (!value.startsWith(`${ALGORITHM} `)) return undefined
  const fields = new Map<string, string>()
  for (const part of value.slice(ALGORITHM.length).split(",")) {
    const eq = part.indexOf("=")
    if (eq < 0) return undefined
    fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim())
  }
  const credential = fields.get("Credential")
  const signedHeaders = fields.get("SignedHeaders")
  const signature = fields.get("Signature")
  if (!credential || !signedHeaders || !signature || !/^[0-9a-f]{64}$/.test(signature)) return undefined
  const scope = credential.split("/")
  if (scope.length !== 5 || scope.some((s) => s === "")) return undefined
  const [accessKeyId, date, region, service, terminator] = scope
  return { accessKeyId, date, region, service, terminator, signedHeaders: signedHeaders.split(";"), signature }
}

function parseAmzDate(value: string): number | undefined {
  const m = AMZ_DATE.exec(value)
  if (!m) return undefined
  const [, y, mo, d, h, mi, s] = m.map(Number)
  const ms = Date.UTC(y, mo - 1, d, h, mi, s)
  return Number.isNaN(ms) ? undefined : ms
}

const fail = (reason: SigV4Failure, message: string): SigV4Result => ({ ok: false, reason, message })

/**
 * Verifies a request signed with SigV4 in the Authorization header. Messages follow API Gateway's where it has one.
 */
export function verifySigV4(
  req: SigV4Request,
  lookup: (accessKeyId: string) => SandboxCredential | undefined,
  options: VerifyOptions
): SigV4Result {
  const service = options.service ?? "execute-api"
  const maxSkewMs = options.maxSkewMs ?? 5 * 60 * 1000
  const headers = headerValues(req.rawHeaders)
  const authorization = headers.get("authorization")?.[0]
  if (!authorization) return fail("unsigned", "Missing Authentication Token")

  const auth = parseAuthorization(authorization.trim())
  if (!auth) {
    return fail("malformed", "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' (AWS4-HMAC-SHA256)")
  }
  if (!auth.signedHeaders.includes("host")) return fail("malformed", "'Host' must be a signed header")
  if (auth.signedHeaders.some((h) => h !== h.toLowerCase())) return fail("malformed", "SignedHeaders must be lower-case")

  const credential = lookup(auth.accessKeyId)
  if (!credential) return fail("unknown-key", "The security token included in the request is invalid.")

  if (auth.service !== service || auth.terminator !== "aws4_request") {
    return fail("scope", `Credential should be scoped to correct service: '${service}'.`)
  }

  const amzDate = headers.get("x-amz-date")?.[0]?.trim()
  const signedAt = amzDate === undefined ? undefined : parseAmzDate(amzDate)
  if (amzDate === undefined || signedAt === undefined) {
    return fail("malformed", "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.")
  }
  if (!auth.signedHeaders.includes("x-amz-date")) return fail("malformed", "'X-Amz-Date' must be a signed header")
  if (auth.date !== amzDate.slice(0, 8)) {
    return fail("scope", `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${auth.date}' != '${amzDate.slice(0, 8)}'`)
  }
  if (Math.abs(options.now - signedAt) > maxSkewMs) {
    return fail("skew", `Signature expired: ${amzDate} is more than ${Math.round(maxSkewMs / 60000)} minutes from the server time`)
  }

  const token = headers.get("x-amz-security-token")?.[0]
  if (credential.sessionToken !== undefined && token !== credential.sessionToken) {
    return fail("token", "The security token included in the request is invalid.")
  }

  // The payload is always hashed here: a client-supplied x-amz-content-sha256 cannot vouch for a body it does not match.
  const canonical = canonicalRequest(req, auth.signedHeaders, sha256Hex(req.body))
  if (canonical === undefined) return fail("signature", "A header listed in SignedHeaders is missing from the request")
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`
  const stringToSign = [ALGORITHM, amzDate, scope, sha256Hex(canonical)].join("\n")
  const expected = createHmac("sha256", signingKey(credential.secretAccessKey, auth.date, auth.region, auth.service))
    .update(stringToSign, "utf8")
    .digest()
  if (!timingSafeEqual(expected, Buffer.from(auth.signature, "hex"))) {
    return fail(
      "signature",
      "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method."
    )
  }
  return { ok: true, accessKeyId: auth.accessKeyId, region: auth.region, service: auth.service, amzDate }
}
