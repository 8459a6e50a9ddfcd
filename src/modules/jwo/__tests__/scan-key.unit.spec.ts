import { createHmac } from "node:crypto"
import {
  decodeIdentityKey,
  DEFAULT_CLOCK_SKEW_SECONDS,
  hashRecognitionToken,
  IDENTITY_KEY_MAX_LENGTH,
  isRecognitionToken,
  issueScanKeyCode,
  newRecognitionToken,
  RECOGNITION_TOKEN_LENGTH,
  SCAN_KEY_BODY_LENGTH,
  SCAN_KEY_FAILURE_REASONS,
  scanKeyCodeLength,
  scanKeyQrPattern,
  verifyScanKeyCode,
  VerifyScanKeyCodeOptions,
} from "../scan-key"

const PREFIX = "JWO"
const SECRET = "test-secret-0123456789abcdef"
const OLD_SECRET = "old-secret-fedcba9876543210"
const TOKEN = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
const T = new Date("2024-02-09T17:53:57Z") // 1707501237 s
const T_SECONDS = 1707501237
// Computed independently (Python hmac + base64.b32encode) from the documented layout.
const GOLDEN_CODE = "JWO11707501237ABCDEFGHIJKLMNOPQRSTUVWXYZ5GM7K5CCPDU65PUVIXEFXOGSYY"
const GOLDEN_IDENTITY_KEY =
  "SldPMTE3MDc1MDEyMzdBQkNERUZHSElKS0xNTk9QUVJTVFVWV1hZWjVHTTdLNUNDUERVNjVQVVZJWEVGWE9HU1lZ"

const at = (base: Date, seconds: number) => new Date(base.getTime() + seconds * 1000)

const issue = (overrides: Partial<Parameters<typeof issueScanKeyCode>[0]> = {}) =>
  issueScanKeyCode({ prefix: PREFIX, secret: SECRET, recognitionToken: TOKEN, issuedAt: T, ...overrides })

const verify = (code: string, overrides: Partial<VerifyScanKeyCodeOptions> = {}) =>
  verifyScanKeyCode(code, {
    prefix: PREFIX,
    secrets: [SECRET],
    eventTime: T,
    freshnessSeconds: 30,
    ...overrides,
  })

/** Replaces the character at `index` of a "JWO" code with another one of its field's class (stays well-formed). */
function flip(code: string, index: number): string {
  const c = code[index]
  const inTime = index >= TIME_AT && index < TOKEN_AT
  const replacement = inTime ? (c === "0" ? "1" : "0") : c === "A" ? "B" : "A"
  return code.slice(0, index) + replacement + code.slice(index + 1)
}

/** Independent RFC 4648 Base32 (bit string based) to cross-check the module's encoder. */
function referenceBase32(bytes: Buffer): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
  const bits = [...bytes].map((b) => b.toString(2).padStart(8, "0")).join("")
  let out = ""
  for (let i = 0; i < bits.length; i += 5) {
    out += alphabet[parseInt(bits.slice(i, i + 5).padEnd(5, "0"), 2)]
  }
  return out
}

// Offsets inside a "JWO" code.
const VERSION_AT = 3
const TIME_AT = 4
const TOKEN_AT = 14
const MAC_AT = 40

describe("scan-key", () => {
  describe("issueScanKeyCode", () => {
    it("produces the documented layout (golden vector)", () => {
      expect(issue()).toBe(GOLDEN_CODE)
    })

    it("matches an independent HMAC-SHA256 + Base32 computation", () => {
      const prefix = "STORE42"
      const secret = "another secret ✓ with unicode"
      const token = newRecognitionToken()
      const code = issueScanKeyCode({ prefix, secret, recognitionToken: token, issuedAt: new Date(1_000_000_000_999) })
      const time = "1000000000"
      const mac = referenceBase32(
        createHmac("sha256", secret).update(`jwo-scan-key|1|${prefix}|${time}|${token}`).digest()
      ).slice(0, 26)
      expect(code).toBe(`${prefix}1${time}${token}${mac}`)
      expect(code).toHaveLength(prefix.length + 63)
    })

    it("has a fixed length of prefix + 63, version '1' and zero-padded seconds", () => {
      expect(SCAN_KEY_BODY_LENGTH).toBe(63)
      expect(scanKeyCodeLength("JWO")).toBe(66)
      expect(scanKeyCodeLength("AB")).toBe(65)
      expect(scanKeyCodeLength("ABCDEFGHIJ123456")).toBe(79)
      const code = issue({ issuedAt: new Date(42_000) })
      expect(code.slice(0, TOKEN_AT)).toBe("JWO10000000042")
      expect(code).toHaveLength(66)
    })

    it("drops sub-second precision of issuedAt (floors)", () => {
      expect(issue({ issuedAt: at(T, 0.999) })).toBe(GOLDEN_CODE)
      expect(issue({ issuedAt: at(T, 1) })).not.toBe(GOLDEN_CODE)
    })

    it("accepts the extremes of the 10-digit time field and refuses beyond", () => {
      expect(issue({ issuedAt: new Date(0) }).slice(TIME_AT, TOKEN_AT)).toBe("0000000000")
      expect(issue({ issuedAt: new Date(9_999_999_999_000) }).slice(TIME_AT, TOKEN_AT)).toBe("9999999999")
      expect(() => issue({ issuedAt: new Date(10_000_000_000_000) })).toThrow(RangeError)
      expect(() => issue({ issuedAt: new Date(-1000) })).toThrow(RangeError)
      expect(() => issue({ issuedAt: new Date(NaN) })).toThrow(TypeError)
    })

    it.each(["", "J", "jwo", "JW-O", "JWO ", "ABCDEFGHIJ1234567", "ÄBC"])("refuses prefix %p", (prefix) => {
      expect(() => issue({ prefix })).toThrow("customer prefix must be 2–16 characters of [A-Z0-9]")
    })

    it("refuses an empty secret and a malformed token without echoing them", () => {
      expect(() => issue({ secret: "" })).toThrow(TypeError)
      const badToken = "abcdefghijklmnopqrstuvwxyz"
      let message = ""
      try {
        issue({ recognitionToken: badToken })
      } catch (e) {
        message = (e as Error).message
      }
      expect(message).toBe("recognitionToken must be 26 characters of [A-Z2-7] (use newRecognitionToken())")
      expect(() => issue({ recognitionToken: TOKEN.slice(1) })).toThrow(TypeError)
      expect(() => issue({ recognitionToken: TOKEN + "A" })).toThrow(TypeError)
      expect(() => issue({ recognitionToken: "0" + TOKEN.slice(1) })).toThrow(TypeError)
    })
  })

  describe("newRecognitionToken / hashRecognitionToken", () => {
    it("makes 26-char [A-Z2-7] tokens, all distinct, covering the whole alphabet", () => {
      const tokens = Array.from({ length: 1000 }, () => newRecognitionToken())
      for (const token of tokens) {
        expect(token).toMatch(/^[A-Z2-7]{26}$/)
        expect(isRecognitionToken(token)).toBe(true)
      }
      expect(RECOGNITION_TOKEN_LENGTH).toBe(26)
      expect(new Set(tokens).size).toBe(1000)
      expect(new Set(tokens.join("")).size).toBe(32)
    })

    it("hashes to lowercase SHA-256 hex of the token text", () => {
      expect(hashRecognitionToken("AAAAAAAAAAAAAAAAAAAAAAAAAA")).toBe(
        "06f469c97c14e84c74853bb96aa79305eb4f6635291bf1202c4fdadb82706204"
      )
      expect(hashRecognitionToken(TOKEN)).toBe("d6ec6898de87ddac6e5b3611708a7aa1c2d298293349cc1a6c299a1db7149d38")
    })

    it("refuses to hash something that is not a recognition token", () => {
      expect(() => hashRecognitionToken("")).toThrow(TypeError)
      expect(() => hashRecognitionToken(TOKEN.toLowerCase())).toThrow(TypeError)
      expect(() => hashRecognitionToken(TOKEN + "A")).toThrow(TypeError)
    })
  })

  describe("verifyScanKeyCode", () => {
    it("round-trips: returns the token, the issue second and the secret index", () => {
      const token = newRecognitionToken()
      const code = issue({ recognitionToken: token, issuedAt: at(T, 0.5) })
      expect(verify(code)).toEqual({ ok: true, recognitionToken: token, issuedAt: T, secretIndex: 0 })
      expect(verify(GOLDEN_CODE)).toEqual({ ok: true, recognitionToken: TOKEN, issuedAt: T, secretIndex: 0 })
    })

    it("exposes the reasons in check order", () => {
      expect(SCAN_KEY_FAILURE_REASONS).toEqual([
        "NOT_ALPHANUMERIC",
        "WRONG_PREFIX",
        "MALFORMED",
        "BAD_SIGNATURE",
        "EXPIRED",
        "FROM_FUTURE",
      ])
    })

    describe("NOT_ALPHANUMERIC", () => {
      it.each([
        ["empty", ""],
        ["a space inside", GOLDEN_CODE.slice(0, 20) + " " + GOLDEN_CODE.slice(21)],
        ["trailing newline", GOLDEN_CODE + "\n"],
        ["leading space", " " + GOLDEN_CODE],
        ["Base64 padding", GOLDEN_CODE.slice(0, 65) + "="],
        ["a hyphen", "JWO-" + GOLDEN_CODE.slice(4)],
        ["accented letter", GOLDEN_CODE.slice(0, 65) + "É"],
        ["fullwidth digit", "JWO１" + GOLDEN_CODE.slice(4)],
        ["emoji", GOLDEN_CODE.slice(0, 64) + "😀"],
        ["replacement char from bad UTF-8", "\uFFFD"],
        ["NUL", GOLDEN_CODE.slice(0, 65) + "\0"],
      ])("%s", (_, code) => {
        expect(verify(code)).toEqual({ ok: false, reason: "NOT_ALPHANUMERIC" })
      })

      it("is checked before the prefix", () => {
        expect(verify("XYZ 123")).toEqual({ ok: false, reason: "NOT_ALPHANUMERIC" })
      })

      it("refuses a non-string", () => {
        expect(verify(undefined as unknown as string)).toEqual({ ok: false, reason: "NOT_ALPHANUMERIC" })
      })
    })

    describe("WRONG_PREFIX", () => {
      it("refuses a code of another prefix", () => {
        const other = issueScanKeyCode({ prefix: "ABC", secret: SECRET, recognitionToken: TOKEN, issuedAt: T })
        expect(verify(other)).toEqual({ ok: false, reason: "WRONG_PREFIX" })
      })

      it("is case-sensitive (lowercased code)", () => {
        expect(verify(GOLDEN_CODE.toLowerCase())).toEqual({ ok: false, reason: "WRONG_PREFIX" })
      })

      it("refuses when the configured prefix is longer than the code's", () => {
        expect(verify(GOLDEN_CODE, { prefix: "JWOX" })).toEqual({ ok: false, reason: "WRONG_PREFIX" })
      })

      it("is checked before length", () => {
        expect(verify("XYZ")).toEqual({ ok: false, reason: "WRONG_PREFIX" })
        expect(verify("JW")).toEqual({ ok: false, reason: "WRONG_PREFIX" })
      })
    })

    describe("MALFORMED", () => {
      it.each([
        ["prefix only", "JWO"],
        ["one char short", GOLDEN_CODE.slice(0, -1)],
        ["one char long", GOLDEN_CODE + "A"],
        ["a shorter configured prefix that the code starts with", GOLDEN_CODE, "JW"],
        ["unknown version", GOLDEN_CODE.slice(0, VERSION_AT) + "2" + GOLDEN_CODE.slice(VERSION_AT + 1)],
        ["letter in the time", GOLDEN_CODE.slice(0, TIME_AT) + "A" + GOLDEN_CODE.slice(TIME_AT + 1)],
        ["digit 0 in the token", GOLDEN_CODE.slice(0, TOKEN_AT) + "0" + GOLDEN_CODE.slice(TOKEN_AT + 1)],
        ["digit 8 in the MAC", GOLDEN_CODE.slice(0, -1) + "8"],
        ["lowercase body", "JWO" + GOLDEN_CODE.slice(3).toLowerCase()],
        ["lowercase last char", GOLDEN_CODE.slice(0, -1) + GOLDEN_CODE.slice(-1).toLowerCase()],
      ])("%s", (_, code, prefix = PREFIX) => {
        expect(verify(code, { prefix })).toEqual({ ok: false, reason: "MALFORMED" })
      })
    })

    describe("BAD_SIGNATURE", () => {
      it.each([
        ["first MAC char", MAC_AT],
        ["last MAC char", 65],
        ["first token char", TOKEN_AT],
        ["last token char", MAC_AT - 1],
        ["first time digit", TIME_AT],
        ["last time digit", TOKEN_AT - 1],
      ])("refuses a flipped %s", (_, index) => {
        const tampered = flip(GOLDEN_CODE, index)
        expect(tampered).not.toBe(GOLDEN_CODE)
        expect(tampered).toHaveLength(66)
        expect(verify(tampered)).toEqual({ ok: false, reason: "BAD_SIGNATURE" })
      })

      it("binds the prefix: a body moved to another prefix fails", () => {
        const other = issueScanKeyCode({ prefix: "ABC", secret: SECRET, recognitionToken: TOKEN, issuedAt: T })
        expect(verify("JWO" + other.slice(3))).toEqual({ ok: false, reason: "BAD_SIGNATURE" })
      })

      it("refuses a code signed with an unknown secret", () => {
        expect(verify(issue({ secret: "someone else's secret" }))).toEqual({ ok: false, reason: "BAD_SIGNATURE" })
      })

      it("is checked before time: an expired forged code is BAD_SIGNATURE", () => {
        const tampered = flip(GOLDEN_CODE, 65)
        expect(verify(tampered, { eventTime: at(T, 3600) })).toEqual({ ok: false, reason: "BAD_SIGNATURE" })
        expect(verify(tampered, { eventTime: at(T, -3600) })).toEqual({ ok: false, reason: "BAD_SIGNATURE" })
      })
    })

    describe("secret rotation", () => {
      const oldCode = () => issue({ secret: OLD_SECRET })

      it("accepts a code signed with the old secret while it is still listed", () => {
        expect(verify(oldCode(), { secrets: [SECRET, OLD_SECRET] })).toEqual({
          ok: true,
          recognitionToken: TOKEN,
          issuedAt: T,
          secretIndex: 1,
        })
        expect(verify(GOLDEN_CODE, { secrets: [SECRET, OLD_SECRET] })).toMatchObject({ ok: true, secretIndex: 0 })
      })

      it("refuses it once the old secret is removed", () => {
        expect(verify(oldCode(), { secrets: [SECRET] })).toEqual({ ok: false, reason: "BAD_SIGNATURE" })
      })

      it("reports the first matching index when a secret is listed twice", () => {
        expect(verify(GOLDEN_CODE, { secrets: [OLD_SECRET, SECRET, SECRET] })).toMatchObject({ secretIndex: 1 })
      })
    })

    describe("EXPIRED (freshness window against the event time)", () => {
      it("accepts exactly at the window edge", () => {
        expect(verify(GOLDEN_CODE, { eventTime: at(T, 30), freshnessSeconds: 30 })).toMatchObject({ ok: true })
      })

      it("accepts within the last second of the window (event time is floored)", () => {
        expect(verify(GOLDEN_CODE, { eventTime: at(T, 30.999), freshnessSeconds: 30 })).toMatchObject({ ok: true })
      })

      it("refuses one second older", () => {
        expect(verify(GOLDEN_CODE, { eventTime: at(T, 31), freshnessSeconds: 30 })).toEqual({
          ok: false,
          reason: "EXPIRED",
        })
      })

      it("applies the configured window (90 s)", () => {
        expect(verify(GOLDEN_CODE, { eventTime: at(T, 90), freshnessSeconds: 90 })).toMatchObject({ ok: true })
        expect(verify(GOLDEN_CODE, { eventTime: at(T, 91), freshnessSeconds: 90 })).toEqual({
          ok: false,
          reason: "EXPIRED",
        })
      })

      it("with a zero window accepts only the same second", () => {
        expect(verify(GOLDEN_CODE, { eventTime: at(T, 0.5), freshnessSeconds: 0 })).toMatchObject({ ok: true })
        expect(verify(GOLDEN_CODE, { eventTime: at(T, 1), freshnessSeconds: 0 })).toEqual({
          ok: false,
          reason: "EXPIRED",
        })
      })
    })

    describe("FROM_FUTURE (clock skew)", () => {
      it("defaults to 5 seconds", () => {
        expect(DEFAULT_CLOCK_SKEW_SECONDS).toBe(5)
        expect(verify(GOLDEN_CODE, { eventTime: at(T, -5) })).toMatchObject({ ok: true })
        expect(verify(GOLDEN_CODE, { eventTime: at(T, -6) })).toEqual({ ok: false, reason: "FROM_FUTURE" })
      })

      it("uses whole seconds: 5.5 s behind is refused", () => {
        expect(verify(GOLDEN_CODE, { eventTime: at(T, -5.5) })).toEqual({ ok: false, reason: "FROM_FUTURE" })
      })

      it("applies a configured skew", () => {
        expect(verify(GOLDEN_CODE, { eventTime: at(T, -10), clockSkewSeconds: 10 })).toMatchObject({ ok: true })
        expect(verify(GOLDEN_CODE, { eventTime: at(T, -11), clockSkewSeconds: 10 })).toEqual({
          ok: false,
          reason: "FROM_FUTURE",
        })
        expect(verify(GOLDEN_CODE, { eventTime: T, clockSkewSeconds: 0 })).toMatchObject({ ok: true })
        expect(verify(GOLDEN_CODE, { eventTime: at(T, -1), clockSkewSeconds: 0 })).toEqual({
          ok: false,
          reason: "FROM_FUTURE",
        })
      })
    })

    describe("configuration errors throw (and never echo secrets)", () => {
      it.each<[string, Partial<VerifyScanKeyCodeOptions>]>([
        ["invalid prefix", { prefix: "j" }],
        ["no secrets", { secrets: [] }],
        ["an empty secret", { secrets: [SECRET, ""] }],
        ["invalid event time", { eventTime: new Date("nope") }],
        ["negative freshness", { freshnessSeconds: -1 }],
        ["fractional freshness", { freshnessSeconds: 1.5 }],
        ["NaN skew", { clockSkewSeconds: NaN }],
      ])("%s", (_, overrides) => {
        let error: Error | undefined
        try {
          verify(GOLDEN_CODE, overrides)
        } catch (e) {
          error = e as Error
        }
        expect(error).toBeInstanceOf(Error)
        expect(error!.message).not.toContain(SECRET)
        expect(error!.message).not.toContain(GOLDEN_CODE)
      })
    })

    it("works end to end from Amazon's identityKey", () => {
      const identityKey = Buffer.from(GOLDEN_CODE, "ascii").toString("base64")
      expect(identityKey).toBe(GOLDEN_IDENTITY_KEY)
      const decoded = decodeIdentityKey(identityKey)
      expect(decoded).toEqual({ ok: true, text: GOLDEN_CODE })
      expect(verify((decoded as { text: string }).text, { eventTime: at(T, 12) })).toEqual({
        ok: true,
        recognitionToken: TOKEN,
        issuedAt: new Date(T_SECONDS * 1000),
        secretIndex: 0,
      })
    })

    it("decoded invalid UTF-8 ends as NOT_ALPHANUMERIC", () => {
      const decoded = decodeIdentityKey("/w==") // byte 0xFF
      expect(decoded).toEqual({ ok: true, text: "\uFFFD" })
      expect(verify((decoded as { text: string }).text)).toEqual({ ok: false, reason: "NOT_ALPHANUMERIC" })
    })
  })

  describe("scanKeyQrPattern", () => {
    it("is the exact anchored pattern for JWO", () => {
      expect(scanKeyQrPattern("JWO")).toBe("^JWO1[0-9]{10}[A-Z2-7]{52}$")
      expect(scanKeyQrPattern("AB12")).toBe("^AB121[0-9]{10}[A-Z2-7]{52}$")
    })

    it("refuses an invalid prefix instead of producing a broken pattern", () => {
      expect(() => scanKeyQrPattern("J.O")).toThrow(TypeError)
      expect(() => scanKeyQrPattern("jwo")).toThrow(TypeError)
      expect(() => scanKeyQrPattern("")).toThrow(TypeError)
    })

    it("matches 1,000 random issued codes", () => {
      const re = new RegExp(scanKeyQrPattern(PREFIX))
      const start = Date.parse("2020-01-01T00:00:00Z")
      const end = Date.parse("2100-01-01T00:00:00Z")
      let matched = 0
      for (let i = 0; i < 1000; i++) {
        const code = issueScanKeyCode({
          prefix: PREFIX,
          secret: `secret-${i}-${Math.random()}`,
          recognitionToken: newRecognitionToken(),
          issuedAt: new Date(start + Math.floor(Math.random() * (end - start))),
        })
        if (re.test(code)) matched++
      }
      expect(matched).toBe(1000)
    })

    it("matches codes of random valid prefixes with their own pattern", () => {
      const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
      for (let i = 0; i < 100; i++) {
        const length = 2 + (i % 15)
        const prefix = Array.from({ length }, () => alphabet[Math.floor(Math.random() * 36)]).join("")
        const code = issueScanKeyCode({ prefix, secret: SECRET, recognitionToken: newRecognitionToken(), issuedAt: T })
        expect(new RegExp(scanKeyQrPattern(prefix)).test(code)).toBe(true)
      }
    })

    it.each([
      ["another prefix", issueScanKeyCode({ prefix: "ABC", secret: SECRET, recognitionToken: TOKEN, issuedAt: T })],
      ["the lowercased code", GOLDEN_CODE.toLowerCase()],
      ["a lowercase MAC char", GOLDEN_CODE.slice(0, -1) + "y"],
      ["one char short", GOLDEN_CODE.slice(0, -1)],
      ["one char long", GOLDEN_CODE + "A"],
      ["a space", GOLDEN_CODE.slice(0, 20) + " " + GOLDEN_CODE.slice(21)],
      ["a trailing space", GOLDEN_CODE + " "],
      ["a code ending with =", GOLDEN_CODE.slice(0, -1) + "="],
      ["a code followed by =", GOLDEN_CODE + "="],
      ["version 2", "JWO2" + GOLDEN_CODE.slice(4)],
      ["a letter in the time", "JWO1A" + GOLDEN_CODE.slice(5)],
      ["a 1 in the token", GOLDEN_CODE.slice(0, TOKEN_AT) + "1" + GOLDEN_CODE.slice(TOKEN_AT + 1)],
      ["the Base64 identity key", GOLDEN_IDENTITY_KEY],
    ])("rejects %s", (_, text) => {
      expect(new RegExp(scanKeyQrPattern(PREFIX)).test(text)).toBe(false)
    })

    it("matches the golden code", () => {
      expect(new RegExp(scanKeyQrPattern(PREFIX)).test(GOLDEN_CODE)).toBe(true)
    })
  })

  describe("decodeIdentityKey", () => {
    it.each([
      ["QQ==", "A"],
      ["QUI=", "AB"],
      ["QUJD", "ABC"],
      ["SldPMTIz", "JWO123"],
    ])("decodes %p", (input, text) => {
      expect(decodeIdentityKey(input)).toEqual({ ok: true, text })
    })

    it("accepts the standard alphabet's + and /", () => {
      expect(decodeIdentityKey("+/8=")).toEqual({ ok: true, text: Buffer.from([0xfb, 0xff]).toString("utf8") })
    })

    it.each([
      ["empty", ""],
      ["missing padding", "QQ"],
      ["missing one pad", "QQ="],
      ["too much padding", "QQ==="],
      ["padding where none is due", "QUJD===="],
      ["padding in the middle", "QQ==QUJD"],
      ["padding first", "=QUJ"],
      ["single char", "Q"],
      ["length 5", "QUJDR"],
      ["non-zero trailing bits (does not round-trip)", "QR=="],
      ["non-zero trailing bits, one pad", "QUJ="],
      ["base64url -", "-_8="],
      ["base64url _", "__8="],
      ["a space", "QU JD"],
      ["leading space", " QUJD"],
      ["trailing newline", "QUJD\n"],
      ["CRLF line break", "QUJD\r\nQUJD"],
      ["a dot", "QUJ.RA=="],
      ["unicode", "QUJ€"],
      ["fullwidth letters", "ＱＵＪＤ"],
    ])("refuses %s", (_, input) => {
      expect(decodeIdentityKey(input)).toEqual({ ok: false, reason: "NOT_BASE64" })
    })

    it("accepts exactly 1000 characters and refuses more", () => {
      expect(IDENTITY_KEY_MAX_LENGTH).toBe(1000)
      const max = "QUJD".repeat(250)
      expect(max).toHaveLength(1000)
      expect(decodeIdentityKey(max)).toEqual({ ok: true, text: "ABC".repeat(250) })
      expect(decodeIdentityKey(max + "QUJD")).toEqual({ ok: false, reason: "NOT_BASE64" })
      expect(decodeIdentityKey(max + "Q")).toEqual({ ok: false, reason: "NOT_BASE64" })
    })

    it("refuses a non-string", () => {
      expect(decodeIdentityKey(null as unknown as string)).toEqual({ ok: false, reason: "NOT_BASE64" })
      expect(decodeIdentityKey(42 as unknown as string)).toEqual({ ok: false, reason: "NOT_BASE64" })
    })
  })
})
