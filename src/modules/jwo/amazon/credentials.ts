/**
 * AWS credentials for signing: static keys from the options, else the standard AWS_* environment variables; with
 * `roleArn`, those are only the base credentials used to assume the role through STS AssumeRole, and the role's
 * temporary credentials (cached, refreshed before they expire) sign the calls.
 */
import { classifyError, classifyResponse, redactText } from "./classify"
import { CredentialsError } from "./errors"
import type { Transport } from "./http"
import { signRequest, type AwsCredentials } from "./sign"

export type CredentialsSource = "static" | "env" | "role" | "none"

export type CredentialsProvider = {
  /** Where credentials come from, for health pages. */
  readonly source: CredentialsSource
  /** Credentials valid for at least a few more minutes; throws CredentialsError. */
  get(): Promise<AwsCredentials>
}

export type RoleOptions = {
  roleArn: string
  roleExternalId?: string
  roleSessionName: string
  stsUrl: string
  stsRegion: string
  timeoutMs: number
}

export type CredentialsProviderConfig = {
  accessKeyId?: string
  secretAccessKey?: string
  sessionToken?: string
  role?: RoleOptions
}

export type CredentialsDeps = {
  env: Record<string, string | undefined>
  now: () => number
  transport: Transport
  logger?: { info?: (message: string) => void; warn?: (message: string) => void }
}

/** Temporary credentials are renewed this long before they expire. */
export const REFRESH_BEFORE_EXPIRY_MS = 5 * 60 * 1000
/** A failed renewal falls back to the cached credentials while they have at least this long left. */
const MIN_REMAINING_FOR_FALLBACK_MS = 60 * 1000
const ROLE_DURATION_SECONDS = 3600
const STS_MAX_RESPONSE_BYTES = 256 * 1024

function baseCredentials(config: CredentialsProviderConfig, env: CredentialsDeps["env"]): AwsCredentials | undefined {
  if (config.accessKeyId && config.secretAccessKey) {
    return {
      accessKeyId: config.accessKeyId,
      secretAccessKey: config.secretAccessKey,
      ...(config.sessionToken ? { sessionToken: config.sessionToken } : {}),
    }
  }
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    return {
      accessKeyId: env.AWS_ACCESS_KEY_ID,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
      ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
    }
  }
  return undefined
}

const NO_CREDENTIALS =
  "no AWS credentials: set amazon.accessKeyId and amazon.secretAccessKey, or the AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY environment variables"

export function createCredentialsProvider(config: CredentialsProviderConfig, deps: CredentialsDeps): CredentialsProvider {
  const hasBase = Boolean(baseCredentials(config, deps.env))
  const base = (): AwsCredentials => {
    const found = baseCredentials(config, deps.env)
    if (!found) {
      throw new CredentialsError(config.role ? `${NO_CREDENTIALS} (needed to assume amazon.roleArn)` : NO_CREDENTIALS, false)
    }
    return found
  }

  const role = config.role
  if (!role) {
    return {
      source: config.accessKeyId && config.secretAccessKey ? "static" : hasBase ? "env" : "none",
      get: async () => base(),
    }
  }

  let cached: { credentials: AwsCredentials; refreshAt: number } | undefined
  let inFlight: Promise<AwsCredentials> | undefined

  const refresh = async (): Promise<AwsCredentials> => {
    const fetchedAt = deps.now()
    const credentials = await assumeRole(role, base(), deps)
    const expiresAt = credentials.expiresAt as number
    // Renew 5 minutes early, or halfway through a lifetime shorter than 10 minutes.
    const refreshAt = expiresAt - Math.min(REFRESH_BEFORE_EXPIRY_MS, (expiresAt - fetchedAt) / 2)
    cached = { credentials, refreshAt }
    deps.logger?.info?.(`jwo: assumed ${role.roleArn}, credentials valid until ${new Date(expiresAt).toISOString()}`)
    return credentials
  }

  return {
    source: "role",
    async get() {
      if (cached && deps.now() < cached.refreshAt) return cached.credentials
      // Concurrent callers share one renewal.
      inFlight ??= refresh().finally(() => {
        inFlight = undefined
      })
      try {
        return await inFlight
      } catch (error) {
        const still = cached?.credentials
        if (still?.expiresAt !== undefined && still.expiresAt - deps.now() > MIN_REMAINING_FOR_FALLBACK_MS) {
          deps.logger?.warn?.(
            `jwo: renewing credentials for ${role.roleArn} failed (${(error as Error).message}); using the current ones until ${new Date(still.expiresAt).toISOString()}`
          )
          return still
        }
        throw error
      }
    },
  }
}

function xmlField(xml: string, name: string): string | undefined {
  const match = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)
  if (!match) return undefined
  return match[1]
    .trim()
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&")
}

/** STS answers that mean "slow down" or "try later" even though some come as 400. */
const STS_RETRYABLE_CODES = new Set(["Throttling", "ThrottlingException", "RequestLimitExceeded", "ServiceUnavailable", "InternalFailure"])

async function assumeRole(role: RoleOptions, base: AwsCredentials, deps: CredentialsDeps): Promise<AwsCredentials> {
  const form = new URLSearchParams({
    Action: "AssumeRole",
    Version: "2011-06-15",
    RoleArn: role.roleArn,
    RoleSessionName: role.roleSessionName,
    ...(role.roleExternalId ? { ExternalId: role.roleExternalId } : {}),
    DurationSeconds: String(ROLE_DURATION_SECONDS),
  })
  const body = form.toString()
  const url = new URL(role.stsUrl)
  const secrets = [base.secretAccessKey, base.sessionToken ?? "", base.accessKeyId]
  let answer
  try {
    const headers = signRequest({
      method: "POST",
      url,
      body,
      headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8", accept: "application/xml" },
      service: "sts",
      region: role.stsRegion,
      credentials: base,
      nowMs: deps.now(),
    })
    answer = await deps.transport.send({
      method: "POST",
      url,
      headers,
      body,
      timeoutMs: role.timeoutMs,
      maxBytes: STS_MAX_RESPONSE_BYTES,
    })
  } catch (error) {
    const failure = classifyError(error, secrets)
    throw new CredentialsError(`STS AssumeRole ${role.roleArn}: ${failure.errorMsg}`, failure.kind === "retryable")
  }

  if (answer.status < 200 || answer.status >= 300) {
    const code = xmlField(answer.text, "Code")
    const message = xmlField(answer.text, "Message")
    const retryable =
      classifyResponse({ ...answer, text: "" }, deps.now()).kind === "retryable" ||
      (code !== undefined && STS_RETRYABLE_CODES.has(code))
    const detail = redactText([code, message].filter(Boolean).join(": ") || "no error detail", secrets)
    throw new CredentialsError(`STS AssumeRole ${role.roleArn} answered ${answer.status} (${detail})`, retryable)
  }

  const accessKeyId = xmlField(answer.text, "AccessKeyId")
  const secretAccessKey = xmlField(answer.text, "SecretAccessKey")
  const sessionToken = xmlField(answer.text, "SessionToken")
  const expiration = xmlField(answer.text, "Expiration")
  const expiresAt = expiration ? Date.parse(expiration) : NaN
  if (!accessKeyId || !secretAccessKey || !sessionToken || Number.isNaN(expiresAt)) {
    throw new CredentialsError(`STS AssumeRole ${role.roleArn} answered ${answer.status} without usable credentials`, true)
  }
  return { accessKeyId, secretAccessKey, sessionToken, expiresAt }
}
