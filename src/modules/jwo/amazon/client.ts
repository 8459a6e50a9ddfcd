/**
 * The one Amazon client (architecture: "Amazon client"): signed JSON POSTs to the Checkout and Catalog APIs and
 * unsigned GETs of presigned report links, each answer classified. It never retries by itself: retries belong to
 * the durable queue, which calls again (with a fresh signature) after backoffDelayMs.
 */
import type { JwoOptions } from "../options"
import { classifyError, classifyResponse, type AmazonPermanent, type AmazonResult } from "./classify"
import { createCredentialsProvider, type CredentialsSource } from "./credentials"
import { createTransport, type Transport } from "./http"
import { isLoopbackUrl, regionInHost, signingRegionFor, signRequest, type AwsCredentials } from "./sign"

export type AmazonOptions = JwoOptions["amazon"]

export type AmazonLogger = {
  debug?: (message: string) => void
  info?: (message: string) => void
  warn?: (message: string) => void
  error?: (message: string) => void
}

export type AmazonClientDeps = {
  /** Where the AWS_* variables are read from; default process.env. */
  env?: Record<string, string | undefined>
  /** Clock for signing dates and credential expiry; default Date.now. */
  now?: () => number
  logger?: AmazonLogger
  /** Default 5000 ms (never more than requestTimeoutMs). */
  connectTimeoutMs?: number
  /** Largest accepted API answer; default 5 MiB. */
  maxResponseBytes?: number
  /** Largest accepted report download (getUrl); default 50 MiB. */
  maxReportBytes?: number
}

/** Which configured endpoint to call, or an explicit base URL (e.g. checkoutBaseUrlFor(endpoint, true)). */
export type AmazonTarget = "checkout" | "catalog" | { baseUrl: string }

export type AmazonCallOptions = { timeoutMs?: number }

export type AmazonClient = {
  readonly checkoutBaseUrl: string
  readonly catalogBaseUrl: string
  readonly credentialsSource: CredentialsSource
  /** POSTs `body` as JSON to base URL + `path` (e.g. "checkout" + "/checkout/carts"), SigV4-signed for execute-api. */
  postJson<T = unknown>(target: AmazonTarget, path: string, body: unknown, options?: AmazonCallOptions): Promise<AmazonResult<T>>
  /** Unsigned GET (a presigned S3 report link). The link itself is never logged or returned: it carries credentials. */
  getUrl<T = unknown>(url: string, options?: AmazonCallOptions & { maxBytes?: number }): Promise<AmazonResult<T>>
  /**
   * The credentials this client signs with (static, environment, or the assumed role's, renewed before they expire),
   * for other AWS clients of the plugin (the catalog notifications' SQS client).
   */
  credentials(): Promise<AwsCredentials>
  /** Closes the connection pool. */
  close(): Promise<void>
}

export const DEFAULT_MAX_RESPONSE_BYTES = 5 * 1024 * 1024
export const DEFAULT_MAX_REPORT_BYTES = 50 * 1024 * 1024
const DEFAULT_REQUEST_TIMEOUT_MS = 10_000
const SERVICE = "execute-api"

function configFailure(error: unknown): AmazonPermanent {
  return { kind: "permanent", errorMsg: `request could not be built: ${(error as Error)?.message ?? String(error)}`, cause: "config" }
}

/** The credential-bearing values of a presigned link's query (signature, token, credential), raw and decoded. */
function presignedSecrets(url: URL): string[] {
  const secrets: string[] = []
  for (const pair of url.search.slice(1).split("&")) {
    const [name = "", raw = ""] = pair.split("=")
    if (!/signature|token|credential|key/i.test(name)) continue
    secrets.push(raw)
    try {
      secrets.push(decodeURIComponent(raw.replace(/\+/g, " ")))
    } catch {
      // keep the raw form only
    }
  }
  return secrets
}

/** Throws (naming the option to set) when a signing region cannot be worked out from the endpoints. */
export function createAmazonClient(options: AmazonOptions, deps: AmazonClientDeps = {}): AmazonClient {
  const env = deps.env ?? process.env
  const now = deps.now ?? Date.now
  const logger = deps.logger
  const requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS
  const maxResponseBytes = deps.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES
  const maxReportBytes = deps.maxReportBytes ?? DEFAULT_MAX_REPORT_BYTES

  const checkoutBaseUrl = options.checkoutEndpoint.replace(/\/+$/, "")
  const catalogBaseUrl = options.catalogEndpoint.replace(/\/+$/, "")
  const checkoutRegion = signingRegionFor(checkoutBaseUrl, options.region)
  const catalogRegion = signingRegionFor(catalogBaseUrl, options.region)

  const transport: Transport = createTransport({
    connectTimeoutMs: Math.min(deps.connectTimeoutMs ?? 5000, requestTimeoutMs),
    requestTimeoutMs,
  })

  const stsRegion =
    options.region ?? (options.stsEndpoint ? regionInHost(new URL(options.stsEndpoint).hostname) : undefined) ?? checkoutRegion
  const credentials = createCredentialsProvider(
    {
      accessKeyId: options.accessKeyId,
      secretAccessKey: options.secretAccessKey,
      sessionToken: options.sessionToken,
      role: options.roleArn
        ? {
            roleArn: options.roleArn,
            roleExternalId: options.roleExternalId,
            roleSessionName: options.roleSessionName ?? "medusa-plugin-jwo",
            stsUrl: options.stsEndpoint ?? `https://sts.${stsRegion}.amazonaws.com`,
            stsRegion,
            timeoutMs: requestTimeoutMs,
          }
        : undefined,
    },
    { env, now, transport, logger }
  )

  const resolveTarget = (target: AmazonTarget): { baseUrl: string; region: string } => {
    if (target === "checkout") return { baseUrl: checkoutBaseUrl, region: checkoutRegion }
    if (target === "catalog") return { baseUrl: catalogBaseUrl, region: catalogRegion }
    const baseUrl = target.baseUrl.replace(/\/+$/, "")
    return { baseUrl, region: signingRegionFor(baseUrl, options.region) }
  }

  const report = (line: string, result: AmazonResult, startedAt: number) => {
    const ms = Math.round(performance.now() - startedAt)
    if (result.kind === "success") {
      logger?.debug?.(`jwo: amazon ${line} → ${result.status} (${ms} ms)`)
    } else {
      const status = result.status ? `${result.status} ` : ""
      logger?.warn?.(`jwo: amazon ${line} → ${status}${result.kind}/${result.cause}: ${result.errorMsg} (${ms} ms)`)
    }
  }

  async function postJson<T>(
    target: AmazonTarget,
    path: string,
    body: unknown,
    callOptions: AmazonCallOptions = {}
  ): Promise<AmazonResult<T>> {
    const startedAt = performance.now()
    let url: URL
    let region: string
    let text: string
    try {
      const resolved = resolveTarget(target)
      region = resolved.region
      url = new URL(`${resolved.baseUrl}${path.startsWith("/") ? path : `/${path}`}`)
      text = JSON.stringify(body)
    } catch (error) {
      const result = configFailure(error)
      report(`POST ${path}`, result, startedAt)
      return result
    }
    const line = `POST ${url.host}${url.pathname}`

    let secrets: string[] = []
    let result: AmazonResult
    try {
      const signingCredentials = await credentials.get()
      secrets = [signingCredentials.secretAccessKey, signingCredentials.sessionToken ?? "", signingCredentials.accessKeyId]
      // Signed here, per call: every attempt gets a signature dated now.
      const headers = signRequest({
        method: "POST",
        url,
        body: text,
        headers: { "content-type": "application/json", accept: "application/json" },
        service: SERVICE,
        region,
        credentials: signingCredentials,
        nowMs: now(),
      })
      const answer = await transport.send({
        method: "POST",
        url,
        headers,
        body: text,
        timeoutMs: callOptions.timeoutMs ?? requestTimeoutMs,
        maxBytes: maxResponseBytes,
      })
      result = classifyResponse(answer, now(), secrets)
    } catch (error) {
      result = classifyError(error, secrets)
    }
    report(line, result, startedAt)
    return result as AmazonResult<T>
  }

  async function getUrl<T>(
    link: string,
    callOptions: AmazonCallOptions & { maxBytes?: number } = {}
  ): Promise<AmazonResult<T>> {
    const startedAt = performance.now()
    let url: URL
    try {
      url = new URL(link)
      if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopbackUrl(url))) {
        throw Object.assign(new Error("report links must use https"), { code: "ERR_INVALID_URL" })
      }
    } catch (error) {
      const result = configFailure(error)
      report("GET (invalid link)", result, startedAt)
      return result
    }
    const secrets = presignedSecrets(url)
    const line = `GET ${url.host}${url.pathname}`
    let result: AmazonResult
    try {
      const answer = await transport.send({
        method: "GET",
        url,
        headers: { accept: "application/json" },
        timeoutMs: callOptions.timeoutMs ?? requestTimeoutMs,
        maxBytes: callOptions.maxBytes ?? maxReportBytes,
      })
      result = classifyResponse(answer, now(), secrets)
    } catch (error) {
      result = classifyError(error, secrets)
    }
    report(line, result, startedAt)
    return result as AmazonResult<T>
  }

  return {
    checkoutBaseUrl,
    catalogBaseUrl,
    credentialsSource: credentials.source,
    postJson,
    getUrl,
    credentials: () => credentials.get(),
    close: () => transport.close(),
  }
}
