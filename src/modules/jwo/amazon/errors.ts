/** Failures raised inside the client before they are turned into an AmazonResult by classifyError. */

/** Our own per-call deadline (requestTimeoutMs) fired. */
export class DeadlineExceededError extends Error {
  readonly code = "JWO_DEADLINE_EXCEEDED"
  constructor(timeoutMs: number) {
    super(`no complete answer within ${timeoutMs} ms`)
    this.name = "DeadlineExceededError"
  }
}

/** The answer was larger than the limit; reading stopped and the connection was dropped. */
export class ResponseTooLargeError extends Error {
  readonly code = "JWO_RESPONSE_TOO_LARGE"
  constructor(limitBytes: number) {
    super(`response body larger than ${limitBytes} bytes`)
    this.name = "ResponseTooLargeError"
  }
}

/** No usable AWS credentials. `retryable`: STS was unreachable or throttled, as opposed to refusing or misconfigured. */
export class CredentialsError extends Error {
  readonly code = "JWO_CREDENTIALS"
  constructor(
    message: string,
    readonly retryable: boolean
  ) {
    super(message)
    this.name = "CredentialsError"
  }
}
