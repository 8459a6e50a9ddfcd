import {
  backoffDelayMs,
  classifyError,
  classifyResponse,
  MAX_RETRY_AFTER_MS,
  parseRetryAfter,
  redactText,
} from "../classify"
import { CredentialsError, DeadlineExceededError, ResponseTooLargeError } from "../errors"

const NOW = Date.parse("2025-03-01T12:00:00Z")
const answer = (status: number, text = "", headers: Record<string, string> = {}) => ({ status, text, headers })

describe("classifyResponse", () => {
  it.each([200, 201, 202, 204])("%i is a success", (status) => {
    expect(classifyResponse(answer(status, '{"orderId":"o-1"}'), NOW)).toEqual({
      kind: "success",
      status,
      body: { orderId: "o-1" },
    })
  })

  it.each([429, 500, 502, 503, 504])("%i is retryable", (status) => {
    expect(classifyResponse(answer(status, '{"errorMsg":"busy"}'), NOW)).toEqual({
      kind: "retryable",
      status,
      errorMsg: "busy",
      cause: "http",
    })
  })

  it.each([300, 301, 400, 401, 403, 404, 409, 413, 422, 501, 505])("%i is permanent", (status) => {
    expect(classifyResponse(answer(status, '{"errorMsg":"no"}'), NOW)).toEqual({
      kind: "permanent",
      status,
      errorMsg: "no",
      body: { errorMsg: "no" },
      cause: "http",
    })
  })

  it.each([
    ['{"errorMsg":"UnknownShoppingTripException"}', "UnknownShoppingTripException"],
    ['{"message":"Missing Authentication Token"}', "Missing Authentication Token"],
    ['{"Message":"User: arn:aws:iam::1:user/x is not authorized"}', "User: arn:aws:iam::1:user/x is not authorized"],
    ['{"other":"field"}', "HTTP 400"],
    ["<html>Bad Gateway</html>", "HTTP 400: <html>Bad Gateway</html>"],
    ["", "HTTP 400"],
    ["[1,2]", "HTTP 400"],
  ])("reads the error message of %s", (text, errorMsg) => {
    const result = classifyResponse(answer(400, text), NOW)
    expect(result).toMatchObject({ kind: "permanent", errorMsg })
  })

  it("keeps non-JSON bodies as text and empty bodies as null", () => {
    expect(classifyResponse(answer(201, "created"), NOW)).toMatchObject({ kind: "success", body: "created" })
    expect(classifyResponse(answer(204, ""), NOW)).toMatchObject({ kind: "success", body: null })
    expect(classifyResponse(answer(400, "nope"), NOW)).toMatchObject({ kind: "permanent", body: "nope" })
  })

  it("truncates very long error messages", () => {
    const result = classifyResponse(answer(400, JSON.stringify({ errorMsg: "x".repeat(5000) })), NOW)
    expect(result.kind === "permanent" && result.errorMsg.length).toBeLessThanOrEqual(501)
  })

  it("honours Retry-After and passes the request id", () => {
    expect(
      classifyResponse(answer(429, '{"errorMsg":"Too Many Requests"}', { "retry-after": "7", "x-amzn-requestid": "req-1" }), NOW)
    ).toEqual({ kind: "retryable", status: 429, errorMsg: "Too Many Requests", retryAfterMs: 7000, cause: "http", requestId: "req-1" })
  })

  it("redacts known secrets and token-shaped values from error bodies", () => {
    const canonical =
      "The request signature we calculated does not match the signature you provided.\n\nThe Canonical String for this request should have been\n'POST\n/v1/checkout/carts\n\nhost:x\nx-amz-security-token:IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ\n'"
    const result = classifyResponse(answer(403, JSON.stringify({ message: canonical, echo: "SECRET-KEY-123" })), NOW, [
      "SECRET-KEY-123",
    ])
    const serialized = JSON.stringify(result)
    expect(serialized).not.toContain("IQoJb3JpZ2luX2VjEJr")
    expect(serialized).not.toContain("SECRET-KEY-123")
    expect(serialized).toContain("x-amz-security-token:[redacted]")
  })
})

describe("parseRetryAfter", () => {
  it.each<[string | undefined, number | undefined]>([
    ["0", 0],
    ["3", 3000],
    ["1.5", 1500],
    [" 10 ", 10000],
    [new Date(NOW + 30_000).toUTCString(), 30_000],
    [new Date(NOW - 30_000).toUTCString(), 0],
    ["999999", MAX_RETRY_AFTER_MS],
    ["soon", undefined],
    ["-5", undefined],
    ["", undefined],
    [undefined, undefined],
  ])("%s → %s", (value, expected) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected)
  })
})

describe("classifyError", () => {
  const withCode = (code: string, message = "boom") => Object.assign(new Error(message), { code })

  it.each<[unknown, string, string]>([
    [new DeadlineExceededError(1000), "retryable", "timeout"],
    [withCode("UND_ERR_CONNECT_TIMEOUT"), "retryable", "timeout"],
    [withCode("UND_ERR_HEADERS_TIMEOUT"), "retryable", "timeout"],
    [withCode("UND_ERR_BODY_TIMEOUT"), "retryable", "timeout"],
    [withCode("ECONNREFUSED"), "retryable", "connection"],
    [withCode("ECONNRESET"), "retryable", "connection"],
    [withCode("UND_ERR_SOCKET"), "retryable", "connection"],
    [withCode("ENOTFOUND"), "retryable", "connection"],
    [new Error("something odd"), "retryable", "connection"],
    [withCode("UND_ERR_INVALID_ARG"), "permanent", "config"],
    [new ResponseTooLargeError(10), "permanent", "response"],
    [new CredentialsError("STS said no", false), "permanent", "credentials"],
    [new CredentialsError("STS throttled", true), "retryable", "credentials"],
  ])("%s → %s/%s", (error, kind, cause) => {
    expect(classifyError(error)).toMatchObject({ kind, cause })
  })

  it("keeps only a redacted message, never the error object", () => {
    const result = classifyError(withCode("ECONNRESET", "reset while sending x-amz-security-token: TOKEN-ABC"), ["TOKEN-ABC"])
    expect(result).toEqual({ kind: "retryable", errorMsg: expect.stringContaining("ECONNRESET"), cause: "connection" })
    expect(JSON.stringify(result)).not.toContain("TOKEN-ABC")
  })
})

describe("redactText", () => {
  it("removes secrets, signatures and presigned query credentials", () => {
    const text =
      "Authorization: AWS4-HMAC-SHA256 Credential=AKIA/x, Signature=" +
      "a".repeat(64) +
      " url ?X-Amz-Signature=deadbeef&X-Amz-Security-Token=tok%2Fen&X-Amz-Credential=AKIA%2F and my-secret-value"
    const out = redactText(text, ["my-secret-value"])
    expect(out).not.toMatch(/a{64}|deadbeef|tok%2Fen|AKIA|my-secret-value/)
  })
})

describe("backoffDelayMs", () => {
  const options = { baseMs: 1000, maxMs: 60_000 }

  it("draws from [half, whole) of base·2^(attempt−1) (equal jitter), so each attempt waits longer than the last", () => {
    expect(backoffDelayMs(1, options, () => 0)).toBe(500)
    expect(backoffDelayMs(1, options, () => 0.5)).toBe(750)
    expect(backoffDelayMs(3, options, () => 0.5)).toBe(3000)
    expect(backoffDelayMs(3, options, () => 0.999999)).toBe(3999)
    for (let attempt = 1; attempt < 6; attempt++) {
      expect(backoffDelayMs(attempt + 1, options, () => 0)).toBeGreaterThanOrEqual(backoffDelayMs(attempt, options, () => 0.999999))
    }
  })

  it("never exceeds maxMs, even for huge attempts", () => {
    for (const attempt of [7, 10, 50, 1000, Number.MAX_SAFE_INTEGER]) {
      const delay = backoffDelayMs(attempt, options, () => 0.999999)
      expect(delay).toBeLessThan(60_000)
      expect(delay).toBeGreaterThan(59_000)
    }
  })

  it("never waits less than Retry-After, even beyond maxMs", () => {
    expect(backoffDelayMs(1, { ...options, retryAfterMs: 5000 }, () => 0.1)).toBe(5000)
    expect(backoffDelayMs(10, { ...options, retryAfterMs: 5000 }, () => 0.9)).toBe(57000)
    expect(backoffDelayMs(2, { ...options, retryAfterMs: 120_000 }, () => 0.9)).toBe(120_000)
  })

  it("treats nonsense attempts as the first and stays in bounds with Math.random", () => {
    expect(backoffDelayMs(0, options, () => 0.5)).toBe(750)
    expect(backoffDelayMs(Number.NaN, options, () => 0.5)).toBe(750)
    expect(backoffDelayMs(-3, options, () => 0.5)).toBe(750)
    for (let i = 0; i < 1000; i++) {
      const attempt = 1 + (i % 12)
      const delay = backoffDelayMs(attempt, options)
      expect(delay).toBeGreaterThanOrEqual(Math.min(60_000, 1000 * 2 ** (attempt - 1)) / 2 - 1)
      expect(delay).toBeLessThan(Math.min(60_000, 1000 * 2 ** (attempt - 1)))
      expect(Number.isInteger(delay)).toBe(true)
    }
  })
})
