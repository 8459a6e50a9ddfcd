/**
 * SigV4 signing of calls to Amazon (contract §2, "Outbound"), the signing region, and the Checkout test host.
 */
import { sign as aws4Sign } from "aws4"

export type AwsCredentials = {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
  /** When temporary credentials stop working (ms since the epoch); undefined for long-lived keys. */
  expiresAt?: number
}

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "::1"])
const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d+$/

export function isLoopbackUrl(url: string | URL): boolean {
  const parsed = typeof url === "string" ? new URL(url) : url
  return LOOPBACK_HOSTS.has(parsed.hostname)
}

/**
 * The region a call to `endpoint` is signed for: the configured region when there is one, else the first DNS label of
 * the host (`us-east-1.checkout.amazonphysicalstores.com` → `us-east-1`), `us-east-1` for a loopback sandbox.
 * Throws when the host does not start with a region: signing for a guessed region would only earn 403s.
 */
export function signingRegionFor(endpoint: string, configuredRegion?: string): string {
  if (configuredRegion) return configuredRegion
  const url = new URL(endpoint)
  if (LOOPBACK_HOSTS.has(url.hostname)) return "us-east-1"
  const first = url.hostname.split(".")[0]
  if (REGION_PATTERN.test(first)) return first
  throw new Error(
    `cannot tell the AWS signing region from the host ${url.hostname}; set the plugin option amazon.region`
  )
}

/** The first label of `hostname` shaped like an AWS region (`sts.eu-west-1.amazonaws.com` → `eu-west-1`). */
export function regionInHost(hostname: string): string | undefined {
  return hostname.split(".").find((label) => REGION_PATTERN.test(label))
}

/**
 * The Checkout base URL to call. With `useTestHost`, a production host gets its `.test` label right before
 * `checkout` (connectivity tests must never charge anyone); test hosts and loopback URLs are returned unchanged.
 * Throws when a test host cannot be derived (no `checkout` label), rather than silently calling production.
 */
export function checkoutBaseUrlFor(endpoint: string, useTestHost: boolean): string {
  const trimmed = endpoint.replace(/\/+$/, "")
  if (!useTestHost) return trimmed
  const url = new URL(trimmed)
  if (LOOPBACK_HOSTS.has(url.hostname)) return trimmed
  const labels = url.hostname.split(".")
  const index = labels.indexOf("checkout")
  if (index < 0) throw new Error(`cannot derive the Checkout test host from ${url.hostname} (no "checkout" label)`)
  if (index > 0 && labels[index - 1] === "test") return trimmed
  labels.splice(index, 0, "test")
  url.hostname = labels.join(".")
  return url.toString().replace(/\/+$/, "")
}

/**
 * What kind of endpoint a base URL is, for staff: the plugin's sandbox on this machine (loopback), Amazon's `.test.`
 * host, Amazon's production host (`amazonphysicalstores.com`, `amazonaws.com`), or something else.
 */
export function endpointKind(endpoint: string): "sandbox" | "test" | "production" | "other" {
  let url: URL
  try {
    url = new URL(endpoint)
  } catch {
    return "other"
  }
  if (LOOPBACK_HOSTS.has(url.hostname)) return "sandbox"
  const labels = url.hostname.toLowerCase().split(".")
  const amazon = /(^|\.)(amazonphysicalstores\.com|amazonaws\.com|amazon\.com)$/.test(url.hostname.toLowerCase())
  if (labels.includes("test")) return amazon ? "test" : "other"
  return amazon ? "production" : "other"
}

/** `YYYYMMDDTHHMMSSZ`, the X-Amz-Date format. */
export function amzDate(nowMs: number): string {
  return new Date(nowMs).toISOString().replace(/[:-]|\.\d{3}/g, "")
}

export type SignInput = {
  method: string
  url: URL
  /** The exact bytes that will be sent (a JSON or form string); signed as is. */
  body?: string
  headers: Record<string, string>
  service: string
  region: string
  credentials: AwsCredentials
  nowMs: number
}

/**
 * Returns the headers to send (Host, X-Amz-Date, X-Amz-Security-Token when there is a session token, Authorization,
 * plus the given ones). A new signature per call: callers sign every attempt again, with the current time.
 */
export function signRequest(input: SignInput): Record<string, string> {
  const headers: Record<string, string> = {
    ...input.headers,
    host: input.url.host,
    "x-amz-date": amzDate(input.nowMs),
  }
  if (input.body !== undefined) headers["content-length"] = String(Buffer.byteLength(input.body))
  const signed = aws4Sign(
    {
      method: input.method,
      host: input.url.host,
      path: `${input.url.pathname}${input.url.search}`,
      body: input.body,
      headers,
      service: input.service,
      region: input.region,
    },
    {
      accessKeyId: input.credentials.accessKeyId,
      secretAccessKey: input.credentials.secretAccessKey,
      sessionToken: input.credentials.sessionToken,
    }
  )
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(signed.headers ?? {})) {
    if (value !== undefined) out[name.toLowerCase()] = String(value)
  }
  return out
}
