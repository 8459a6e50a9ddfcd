/**
 * Scan Key Code: the QR code a shopper's app shows at the gate of a Just Walk Out store.
 *
 * Pure code: no I/O, no database, no Medusa. See `docs/scan-key-format.md` for the byte layout and the reasons.
 *
 *   <PREFIX><VERSION><ISSUED_AT><TOKEN><MAC>
 *   PREFIX     2–16 chars [A-Z0-9], the retailer's customer prefix (configured in Amazon's Merchant Portal)
 *   VERSION    1 char, "1"
 *   ISSUED_AT  10 decimal digits, seconds since the Unix epoch, zero-padded
 *   TOKEN      26 chars of the RFC 4648 Base32 alphabet [A-Z2-7]: the recognition token (130 random bits)
 *   MAC        26 chars [A-Z2-7]: the first 130 bits of HMAC-SHA256(secret, signed message), Base32
 *
 * Signed message (UTF-8): `jwo-scan-key|<VERSION>|<PREFIX>|<ISSUED_AT>|<TOKEN>`.
 *
 * Nothing thrown or returned here contains a secret, a token or a whole code.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto"

/** Current format version, the character right after the prefix. */
export const SCAN_KEY_VERSION = "1"
/** Digits of the issue time (seconds since epoch, zero-padded; good until the year 2286). */
export const SCAN_KEY_ISSUED_AT_LENGTH = 10
/** Characters of the recognition token ([A-Z2-7], 5 bits each: 130 bits). */
export const RECOGNITION_TOKEN_LENGTH = 26
/** Characters of the truncated MAC ([A-Z2-7], 5 bits each: 130 bits of HMAC-SHA256). */
export const SCAN_KEY_MAC_LENGTH = 26
/** Everything after the prefix: version + issue time + token + MAC = 63 characters. */
export const SCAN_KEY_BODY_LENGTH =
  SCAN_KEY_VERSION.length + SCAN_KEY_ISSUED_AT_LENGTH + RECOGNITION_TOKEN_LENGTH + SCAN_KEY_MAC_LENGTH
/** Largest issue time the fixed-width field can carry. */
export const SCAN_KEY_MAX_ISSUED_AT_SECONDS = 10 ** SCAN_KEY_ISSUED_AT_LENGTH - 1
/** Default tolerance for a gate clock that is behind the issuing server. */
export const DEFAULT_CLOCK_SKEW_SECONDS = 5
/** Amazon's limit on `identityKey`. */
export const IDENTITY_KEY_MAX_LENGTH = 1000
/** The customer prefix rule (validated at boot elsewhere; guarded again here). */
export const CUSTOMER_PREFIX_PATTERN = /^[A-Z0-9]{2,16}$/

/** RFC 4648 Base32 alphabet: a subset of QR alphanumeric mode's uppercase letters and digits. */
const BASE32_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
const BASE32_CLASS = "[A-Z2-7]"
const TOKEN_RE = new RegExp(`^${BASE32_CLASS}{${RECOGNITION_TOKEN_LENGTH}}$`)
const BODY_RE = new RegExp(
  `^${SCAN_KEY_VERSION}([0-9]{${SCAN_KEY_ISSUED_AT_LENGTH}})(${BASE32_CLASS}{${RECOGNITION_TOKEN_LENGTH}})(${BASE32_CLASS}{${SCAN_KEY_MAC_LENGTH}})$`
)
const ALPHANUMERIC_RE = /^[0-9A-Za-z]+$/
const STRICT_BASE64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/
const MAC_DOMAIN = "jwo-scan-key"

/** Failure reasons of `verifyScanKeyCode`, in the order they are checked. */
export const SCAN_KEY_FAILURE_REASONS = [
  "NOT_ALPHANUMERIC",
  "WRONG_PREFIX",
  "MALFORMED",
  "BAD_SIGNATURE",
  "EXPIRED",
  "FROM_FUTURE",
] as const
export type ScanKeyFailureReason = (typeof SCAN_KEY_FAILURE_REASONS)[number]

export type IssueScanKeyCodeInput = {
  /** Customer prefix, 2–16 chars [A-Z0-9]. */
  prefix: string
  /** HMAC key (its UTF-8 bytes). The newest secret of the rotation list. */
  secret: string
  /** From `newRecognitionToken()`: 26 chars [A-Z2-7]. */
  recognitionToken: string
  /** Issue time; sub-second precision is dropped (floored). */
  issuedAt: Date
}

export type VerifyScanKeyCodeOptions = {
  prefix: string
  /** Accepted HMAC keys, newest first; a code signed with any of them verifies. */
  secrets: readonly string[]
  /** `authEvent.timestamp` of the scan (not the server's clock). */
  eventTime: Date
  /** How old (seconds) a code may be at `eventTime`; Amazon suggests 30–90. */
  freshnessSeconds: number
  /** How far (seconds) a code's issue time may lie after `eventTime`. Default 5. */
  clockSkewSeconds?: number
}

export type VerifyScanKeyCodeResult =
  | { ok: true; recognitionToken: string; issuedAt: Date; secretIndex: number }
  | { ok: false; reason: ScanKeyFailureReason }

export type DecodeIdentityKeyResult = { ok: true; text: string } | { ok: false; reason: "NOT_BASE64" }

/** Total length of every code issued for `prefix` (prefix length + 63). */
export function scanKeyCodeLength(prefix: string): number {
  assertPrefix(prefix)
  return prefix.length + SCAN_KEY_BODY_LENGTH
}

/** A fresh recognition token: 26 uniformly random chars of [A-Z2-7] (130 bits from the CSPRNG). */
export function newRecognitionToken(): string {
  const bytes = randomBytes(RECOGNITION_TOKEN_LENGTH)
  let token = ""
  for (const byte of bytes) {
    // 256 is a multiple of 32: taking the low 5 bits keeps every character uniform.
    token += BASE32_ALPHABET[byte & 31]
  }
  return token
}

/** True when `token` has the exact shape of a recognition token. */
export function isRecognitionToken(token: unknown): token is string {
  return typeof token === "string" && TOKEN_RE.test(token)
}

/**
 * What the database stores for a recognition token: lowercase hex SHA-256 of the token's ASCII text.
 * A fast hash is enough: the token has 130 random bits, so there is nothing to brute-force from the hash, and a
 * leaked table neither reveals tokens nor lets anyone mint codes (that also needs the HMAC secret).
 */
export function hashRecognitionToken(token: string): string {
  if (!isRecognitionToken(token)) {
    throw new TypeError(
      `recognition token must be ${RECOGNITION_TOKEN_LENGTH} characters of [A-Z2-7] (use newRecognitionToken())`
    )
  }
  return createHash("sha256").update(token, "utf8").digest("hex")
}

/** Builds a signed Scan Key Code. Throws a TypeError (without secret or token) on invalid input. */
export function issueScanKeyCode(input: IssueScanKeyCodeInput): string {
  const { prefix, secret, recognitionToken, issuedAt } = input
  assertPrefix(prefix)
  assertSecret(secret, "secret")
  if (!isRecognitionToken(recognitionToken)) {
    throw new TypeError(
      `recognitionToken must be ${RECOGNITION_TOKEN_LENGTH} characters of [A-Z2-7] (use newRecognitionToken())`
    )
  }
  assertDate(issuedAt, "issuedAt")
  const seconds = Math.floor(issuedAt.getTime() / 1000)
  if (seconds < 0 || seconds > SCAN_KEY_MAX_ISSUED_AT_SECONDS) {
    throw new RangeError(`issuedAt must be between 1970-01-01 and ${SCAN_KEY_MAX_ISSUED_AT_SECONDS} seconds after it`)
  }
  const issuedAtField = String(seconds).padStart(SCAN_KEY_ISSUED_AT_LENGTH, "0")
  const mac = computeMac(secret, prefix, issuedAtField, recognitionToken)
  return `${prefix}${SCAN_KEY_VERSION}${issuedAtField}${recognitionToken}${mac}`
}

/**
 * Checks a decoded Scan Key Code. Reasons, in this order: NOT_ALPHANUMERIC, WRONG_PREFIX, MALFORMED, BAD_SIGNATURE,
 * EXPIRED, FROM_FUTURE. Time is compared in whole seconds (eventTime is floored):
 * accepted iff eventTime − freshnessSeconds ≤ issuedAt ≤ eventTime + clockSkewSeconds.
 *
 * Invalid options (prefix, secrets, eventTime, window sizes) are configuration errors and throw a TypeError/RangeError;
 * the caller must keep the gate closed for them.
 */
export function verifyScanKeyCode(code: string, options: VerifyScanKeyCodeOptions): VerifyScanKeyCodeResult {
  const { prefix, secrets, eventTime, freshnessSeconds } = options
  const clockSkewSeconds = options.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS
  assertPrefix(prefix)
  if (!Array.isArray(secrets) || secrets.length === 0) {
    throw new TypeError("secrets must be a non-empty array")
  }
  secrets.forEach((secret, index) => assertSecret(secret, `secrets[${index}]`))
  assertDate(eventTime, "eventTime")
  assertSeconds(freshnessSeconds, "freshnessSeconds")
  assertSeconds(clockSkewSeconds, "clockSkewSeconds")

  if (typeof code !== "string" || !ALPHANUMERIC_RE.test(code)) {
    return { ok: false, reason: "NOT_ALPHANUMERIC" }
  }
  if (!code.startsWith(prefix)) {
    return { ok: false, reason: "WRONG_PREFIX" }
  }
  const body = code.slice(prefix.length)
  const match = body.length === SCAN_KEY_BODY_LENGTH ? BODY_RE.exec(body) : null
  if (!match) {
    return { ok: false, reason: "MALFORMED" }
  }
  const [, issuedAtField, recognitionToken, mac] = match

  const received = Buffer.from(mac, "ascii")
  let secretIndex = -1
  // Every secret is tried (no early exit), each with a constant-time comparison.
  secrets.forEach((secret, index) => {
    const expected = Buffer.from(computeMac(secret, prefix, issuedAtField, recognitionToken), "ascii")
    if (timingSafeEqual(expected, received) && secretIndex === -1) {
      secretIndex = index
    }
  })
  if (secretIndex === -1) {
    return { ok: false, reason: "BAD_SIGNATURE" }
  }

  const issuedAtSeconds = Number(issuedAtField)
  const eventSeconds = Math.floor(eventTime.getTime() / 1000)
  if (issuedAtSeconds < eventSeconds - freshnessSeconds) {
    return { ok: false, reason: "EXPIRED" }
  }
  if (issuedAtSeconds > eventSeconds + clockSkewSeconds) {
    return { ok: false, reason: "FROM_FUTURE" }
  }
  return { ok: true, recognitionToken, issuedAt: new Date(issuedAtSeconds * 1000), secretIndex }
}

/**
 * Decodes Amazon's `identityKey`: strict RFC 4648 §4 Base64 (standard alphabet `A–Z a–z 0–9 + /`, `=` padding
 * required, no whitespace, no base64url, zero trailing bits so it round-trips), 1–1000 characters.
 * The bytes are read as UTF-8; invalid sequences become U+FFFD, which `verifyScanKeyCode` refuses as NOT_ALPHANUMERIC.
 */
export function decodeIdentityKey(identityKey: string): DecodeIdentityKeyResult {
  if (
    typeof identityKey !== "string" ||
    identityKey.length === 0 ||
    identityKey.length > IDENTITY_KEY_MAX_LENGTH ||
    !STRICT_BASE64_RE.test(identityKey)
  ) {
    return { ok: false, reason: "NOT_BASE64" }
  }
  const bytes = Buffer.from(identityKey, "base64")
  if (bytes.toString("base64") !== identityKey) {
    return { ok: false, reason: "NOT_BASE64" }
  }
  return { ok: true, text: bytes.toString("utf8") }
}

/**
 * The anchored regular expression every code issued for `prefix` matches, for the Merchant Portal's "QR pattern".
 * For "JWO": `^JWO1[0-9]{10}[A-Z2-7]{52}$`.
 */
export function scanKeyQrPattern(prefix: string): string {
  assertPrefix(prefix)
  return `^${escapeRegExp(prefix)}${SCAN_KEY_VERSION}[0-9]{${SCAN_KEY_ISSUED_AT_LENGTH}}${BASE32_CLASS}{${
    RECOGNITION_TOKEN_LENGTH + SCAN_KEY_MAC_LENGTH
  }}$`
}

function computeMac(secret: string, prefix: string, issuedAtField: string, recognitionToken: string): string {
  const message = [MAC_DOMAIN, SCAN_KEY_VERSION, prefix, issuedAtField, recognitionToken].join("|")
  const digest = createHmac("sha256", Buffer.from(secret, "utf8")).update(message, "utf8").digest()
  return base32(digest).slice(0, SCAN_KEY_MAC_LENGTH)
}

/** RFC 4648 Base32 without padding. */
function base32(bytes: Buffer): string {
  let out = ""
  let buffer = 0
  let bits = 0
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff
    bits += 8
    while (bits >= 5) {
      out += BASE32_ALPHABET[(buffer >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  if (bits > 0) {
    out += BASE32_ALPHABET[(buffer << (5 - bits)) & 31]
  }
  return out
}

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&")
}

function assertPrefix(prefix: unknown): asserts prefix is string {
  if (typeof prefix !== "string" || !CUSTOMER_PREFIX_PATTERN.test(prefix)) {
    throw new TypeError("customer prefix must be 2–16 characters of [A-Z0-9]")
  }
}

function assertSecret(secret: unknown, name: string): void {
  if (typeof secret !== "string" || secret.length === 0) {
    throw new TypeError(`${name} must be a non-empty string`)
  }
}

function assertDate(value: unknown, name: string): asserts value is Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new TypeError(`${name} must be a valid Date`)
  }
}

function assertSeconds(value: unknown, name: string): void {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer number of seconds`)
  }
}
