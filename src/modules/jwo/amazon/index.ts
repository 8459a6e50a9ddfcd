export {
  createAmazonClient,
  DEFAULT_MAX_REPORT_BYTES,
  DEFAULT_MAX_RESPONSE_BYTES,
  type AmazonCallOptions,
  type AmazonClient,
  type AmazonClientDeps,
  type AmazonLogger,
  type AmazonOptions,
  type AmazonTarget,
} from "./client"
export {
  backoffDelayMs,
  classifyError,
  classifyResponse,
  parseRetryAfter,
  RETRYABLE_STATUSES,
  type AmazonPermanent,
  type AmazonResult,
  type AmazonRetryable,
  type AmazonSuccess,
  type PermanentCause,
  type RetryableCause,
} from "./classify"
export { REFRESH_BEFORE_EXPIRY_MS, type CredentialsSource } from "./credentials"
export { checkoutBaseUrlFor, endpointKind, signingRegionFor, type AwsCredentials } from "./sign"
