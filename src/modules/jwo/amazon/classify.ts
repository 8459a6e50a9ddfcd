/**
 * Every answer from Amazon (or the lack of one) sorted into success, retryable or permanent (contract §6–§8):
 * only 429, 500, 502, 503, 504, timeouts and connection failures are worth retrying; everything else needs someone
 * to change something. Pure functions, no I/O.
 */
import { CredentialsError } from "./errors"

export type RetryableCause = "http" | "timeout" | "connection" | "credentials"
/**
 * `http`: Amazon answered with a non-retryable status. `credentials`: no usable AWS credentials (or STS refused).
 * `config`: the request could not be built (bad endpoint). `response`: the answer was unusable (too large).
 */
export type PermanentCause = "http" | "credentials" | "config" | "response"

export type AmazonSuccess<T = unknown> = {
  kind: "success"
  status: number
  /** Parsed JSON, the raw text when the body is not JSON, or null when empty. */
  body: T
  /** Amazon's request id (`x-amzn-requestid`), for support cases. */
  requestId?: string
}

export type AmazonRetryable = {
  kind: "retryable"
  status?: number
  errorMsg: string
  /** From `Retry-After`; backoffDelayMs never waits less. */
  retryAfterMs?: number
  cause: RetryableCause
  requestId?: string
}

export type AmazonPermanent = {
  kind: "permanent"
  /** Undefined when no HTTP answer was involved (cause other than `http`). */
  status?: number
  errorMsg: string
  body?: unknown
  cause: PermanentCause
  requestId?: string
}

export type AmazonResult<T = unknown> = AmazonSuccess<T> | AmazonRetryable | AmazonPermanent

export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504])

/** A Retry-After longer than this is treated as this (a broken header must not park work for days). */
export const MAX_RETRY_AFTER_MS = 60 * 60 * 1000

/** Milliseconds to wait from `Retry-After` (delay in seconds or an HTTP date), or undefined when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, nowMs: number): number | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim()
  if (!text) return undefined
  let ms: number
  if (/^\d+(\.\d+)?$/.test(text)) {
    ms = Math.round(Number(text) * 1000)
  } else {
    // An HTTP date always names its month; this keeps Date.parse from reading "-5" as a year.
    if (!/[a-z]{3}/i.test(text)) return undefined
    const at = Date.parse(text)
    if (Number.isNaN(at)) return undefined
    ms = at - nowMs
  }
  return Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS)
}

/**
 * Exponential backoff with equal jitter (a random delay between half and all of min(maxMs, baseMs·2^(attempt−1))),
 * never less than `retryAfterMs`. `attempt` counts failed attempts so far, from 1.
 */
export function backoffDelayMs(
  attempt: number,
  options: { baseMs: number; maxMs: number; retryAfterMs?: number },
  random: () => number = Math.random
): number {
  const n = Number.isFinite(attempt) ? Math.max(1, Math.floor(attempt)) : 1
  const ceiling = Math.max(Math.min(options.maxMs, options.baseMs * 2 ** Math.min(n - 1, 52)), 0)
  // "Equal jitter": half the exponential delay, plus a random part of the other half. Spreads retries of many trips
  // while each trip's delays still grow (attempt n waits at least as long as attempt n-1 could).
  const jittered = Math.floor(ceiling / 2 + Math.min(Math.max(random(), 0), 1) * (ceiling / 2))
  return Math.max(jittered, options.retryAfterMs ?? 0)
}

/** Replaces every known secret value, and anything shaped like a signature or security token, in `text`. */
export function redactText(text: string, secrets: readonly string[]): string {
  let out = text
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join("[redacted]")
  }
  return (
    out
      // API Gateway's signature-mismatch message quotes the canonical request, token header included.
      .replace(/(x-amz-security-token\s*[:=]\s*)[^\s'"&,]+/gi, "$1[redacted]")
      .replace(/(x-amz-signature\s*[:=]\s*)[^\s'"&,]+/gi, "$1[redacted]")
      .replace(/(x-amz-credential\s*[:=]\s*)[^\s'"&,]+/gi, "$1[redacted]")
      .replace(/(Signature=)[0-9a-f]{64}/gi, "$1[redacted]")
      .replace(/(authorization\s*:\s*)[^\n'"]+/gi, "$1[redacted]")
  )
}

/** Deep copy of a parsed JSON value with every string redacted. */
export function redactValue(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === "string") return redactText(value, secrets)
  if (Array.isArray(value)) return value.map((item) => redactValue(item, secrets))
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactValue(item, secrets)]))
  }
  return value
}

/** JSON when it parses, otherwise the text itself; null for an empty body. */
export function parseBody(text: string): unknown {
  if (text.trim() === "") return null
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

const MAX_ERROR_MSG_LENGTH = 500

/** Amazon's `{"errorMsg"}`, API Gateway's `{"message"}` / `{"Message"}`, or the start of a text body. */
export function errorMessageOf(status: number, body: unknown): string {
  if (body && typeof body === "object" && !Array.isArray(body)) {
    const record = body as Record<string, unknown>
    for (const key of ["errorMsg", "message", "Message"]) {
      if (typeof record[key] === "string" && record[key]) return truncate(record[key] as string)
    }
  }
  if (typeof body === "string" && body.trim()) return truncate(`HTTP ${status}: ${body.trim()}`)
  return `HTTP ${status}`
}

function truncate(text: string): string {
  return text.length > MAX_ERROR_MSG_LENGTH ? `${text.slice(0, MAX_ERROR_MSG_LENGTH)}…` : text
}

function headerValue(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name]
  return Array.isArray(value) ? value[0] : value
}

export type HttpAnswer = {
  status: number
  headers: Record<string, string | string[] | undefined>
  text: string
}

/** Sorts an HTTP answer. Error bodies and messages are redacted of `secrets`; success bodies are returned as parsed. */
export function classifyResponse(answer: HttpAnswer, nowMs: number, secrets: readonly string[] = []): AmazonResult {
  const requestId = headerValue(answer.headers, "x-amzn-requestid") ?? headerValue(answer.headers, "x-amz-request-id")
  const withId = <R extends AmazonResult>(result: R): R => (requestId ? { ...result, requestId } : result)
  if (answer.status >= 200 && answer.status < 300) {
    return withId({ kind: "success", status: answer.status, body: parseBody(answer.text) })
  }
  const body = redactValue(parseBody(answer.text), secrets)
  const errorMsg = errorMessageOf(answer.status, body)
  if (RETRYABLE_STATUSES.has(answer.status)) {
    const retryAfterMs = parseRetryAfter(answer.headers["retry-after"], nowMs)
    return withId({
      kind: "retryable",
      status: answer.status,
      errorMsg,
      cause: "http",
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    })
  }
  return withId({ kind: "permanent", status: answer.status, errorMsg, body, cause: "http" })
}

const TIMEOUT_CODES = new Set([
  "JWO_DEADLINE_EXCEEDED",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "ETIMEDOUT",
  "ESOCKETTIMEDOUT",
])
const CONFIG_CODES = new Set(["UND_ERR_INVALID_ARG", "ERR_INVALID_URL", "ERR_INVALID_ARG_TYPE"])

/** Sorts a failure to get an answer. Only the error's code and message are kept (redacted), never the error object. */
export function classifyError(error: unknown, secrets: readonly string[] = []): AmazonRetryable | AmazonPermanent {
  if (error instanceof CredentialsError) {
    const errorMsg = `AWS credentials unavailable: ${redactText(error.message, secrets)}`
    // No status: it would be STS's, and callers read `status` as Amazon's answer to their call.
    return error.retryable
      ? { kind: "retryable", errorMsg, cause: "credentials" }
      : { kind: "permanent", errorMsg, cause: "credentials" }
  }
  const code = (error as { code?: unknown })?.code
  const name = (error as { name?: unknown })?.name
  const message = redactText(error instanceof Error ? error.message : String(error), secrets)
  const described = typeof code === "string" && !code.startsWith("JWO_") ? `${code}: ${message}` : message
  if (code === "JWO_RESPONSE_TOO_LARGE") return { kind: "permanent", errorMsg: described, cause: "response" }
  if ((typeof code === "string" && TIMEOUT_CODES.has(code)) || name === "TimeoutError") {
    return { kind: "retryable", errorMsg: `timed out: ${described}`, cause: "timeout" }
  }
  if (typeof code === "string" && CONFIG_CODES.has(code)) {
    return { kind: "permanent", errorMsg: `request could not be sent: ${described}`, cause: "config" }
  }
  return { kind: "retryable", errorMsg: `connection failed: ${described}`, cause: "connection" }
}
