import {
  checkScanKey,
  decideEntry,
  type GateFacts,
  type IdentityKeyScan,
  isConnectivityTestKey,
  RECORD_TOUCH_INTERVAL_MS,
  refusedAnswer,
  scanKeyTimes,
  visitorStatusFor,
} from "../entry"
import { hashRecognitionToken, issueScanKeyCode, newRecognitionToken } from "../scan-key"

const config = { associates: ["cusgroup_staff"], cashShoppers: ["Cash"], blocked: ["Banned"] }

describe("visitorStatusFor", () => {
  it("is SHOPPER without a configured group", () => {
    expect(visitorStatusFor([], config, false)).toEqual({ blocked: false, type: "SHOPPER" })
    expect(visitorStatusFor([{ id: "cusgroup_x", name: "VIP" }], config, false)).toEqual({ blocked: false, type: "SHOPPER" })
  })
  it("matches groups by id or by exact name", () => {
    expect(visitorStatusFor([{ id: "cusgroup_staff", name: "Staff" }], config, false)).toEqual({ blocked: false, type: "ASSOCIATE" })
    expect(visitorStatusFor([{ id: "cusgroup_c", name: "Cash" }], config, false)).toEqual({ blocked: false, type: "CASH_SHOPPER" })
    expect(visitorStatusFor([{ id: "cusgroup_c", name: "cash" }], config, false)).toEqual({ blocked: false, type: "SHOPPER" })
  })
  it("puts blocked over associate over cash shopper, and a staff block over everything", () => {
    const all = [
      { id: "cusgroup_staff", name: "Staff" },
      { id: "cusgroup_c", name: "Cash" },
    ]
    expect(visitorStatusFor(all, config, false)).toEqual({ blocked: false, type: "ASSOCIATE" })
    expect(visitorStatusFor([...all, { id: "cusgroup_b", name: "Banned" }], config, false)).toEqual({
      blocked: true,
      reason: "CUSTOMER_BLOCKED",
    })
    expect(visitorStatusFor(all, config, true)).toEqual({ blocked: true, reason: "CUSTOMER_BLOCKED" })
  })
})

describe("isConnectivityTestKey", () => {
  const store = { connectivity_test_enabled: true, connectivity_test_keys: ["TESTKEY1"] }
  it("matches the raw or the decoded key only when the store opted in", () => {
    expect(isConnectivityTestKey(store, "VEVTVEtFWTE=", "TESTKEY1")).toBe(true)
    expect(isConnectivityTestKey(store, "TESTKEY1", undefined)).toBe(true)
    expect(isConnectivityTestKey(store, "VEVTVEtFWTI=", "TESTKEY2")).toBe(false)
    expect(isConnectivityTestKey({ ...store, connectivity_test_enabled: false }, "TESTKEY1", "TESTKEY1")).toBe(false)
    expect(isConnectivityTestKey({ connectivity_test_enabled: true, connectivity_test_keys: null }, "X", "X")).toBe(false)
  })
})

describe("answers and times", () => {
  it("names the reason and nothing else in a refusal", () => {
    expect(refusedAnswer("EXPIRED")).toEqual({ status: 401, body: { errorMsg: "Entry refused: EXPIRED", reason: "EXPIRED" } })
  })
  it("expires a code after the window and asks for a refresh halfway, on whole seconds", () => {
    const times = scanKeyTimes(new Date("2026-01-01T00:00:00.900Z"), 61)
    expect(times.issued_at.toISOString()).toBe("2026-01-01T00:00:00.000Z")
    expect(times.expires_at.toISOString()).toBe("2026-01-01T00:01:01.000Z")
    expect(times.refresh_at.toISOString()).toBe("2026-01-01T00:00:30.000Z")
  })
})

describe("the gate decision (checkScanKey, decideEntry)", () => {
  const scanKey = { prefix: "JWO", secrets: ["scan-key-secret-new-0000000000000001", "scan-key-secret-old-0000000000000002"], freshnessSeconds: 60, clockSkewSeconds: 5 }
  const at = new Date("2026-03-01T12:00:00Z")
  const token = newRecognitionToken()
  const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64")
  const code = (over: { secret?: string; issuedAt?: Date } = {}) =>
    issueScanKeyCode({ prefix: "JWO", secret: over.secret ?? scanKey.secrets[0], recognitionToken: token, issuedAt: over.issuedAt ?? at })
  const scan = (identityKey: string, timestamp = at): IdentityKeyScan => ({
    requestId: "11111111-1111-4111-8111-111111111111",
    identityKey,
    storeId: "STORE-1",
    authEvent: { id: "22222222-2222-4222-8222-222222222222", timestamp: timestamp.toISOString(), location: "ENTRY" },
    keyChannel: "OPTICAL",
  })
  const store = { id: "jwostore_1", enabled: true, connectivity_test_enabled: false, connectivity_test_keys: null }
  const record = { id: "jworec_1", customer_id: "cus_1", status: "active", visitor_type: "SHOPPER", last_used_at: new Date(at.getTime() - 5_000) }
  const facts = (over: Partial<GateFacts> = {}): GateFacts => ({
    store,
    record,
    customer: { exists: true, groups: [], blocked_by_staff: false },
    ...over,
  })
  const decide = (s: IdentityKeyScan, f: GateFacts = facts()) => decideEntry(s, checkScanKey(s, scanKey), f, config, at)

  it("hands the token's hash to the lookup only when the code verifies against authEvent.timestamp", () => {
    expect(checkScanKey(scan(b64(code())), scanKey)).toEqual({ text: code(), result: { ok: true, token_hash: hashRecognitionToken(token) } })
    expect(checkScanKey(scan(b64(code({ secret: scanKey.secrets[1] }))), scanKey).result.ok).toBe(true)
    const late = new Date(at.getTime() + 61_000)
    expect(checkScanKey(scan(b64(code()), late), scanKey).result).toEqual({ ok: false, reason: "EXPIRED" })
    expect(checkScanKey(scan(b64(code({ issuedAt: new Date(at.getTime() + 6_000) }))), scanKey).result).toEqual({ ok: false, reason: "FROM_FUTURE" })
    expect(checkScanKey(scan(b64(code({ secret: "scan-key-secret-retired-000000000003" }))), scanKey).result).toEqual({ ok: false, reason: "BAD_SIGNATURE" })
    expect(checkScanKey(scan("not base64!"), scanKey)).toEqual({ text: undefined, result: { ok: false, reason: "MALFORMED" } })
  })

  it("accepts an active record of an existing customer, with the answer and the row to store", () => {
    const decision = decide(scan(b64(code())))
    expect(decision).toMatchObject({
      auth_event_id: "22222222-2222-4222-8222-222222222222",
      jwo_store_id: "jwostore_1",
      amazon_store_id: "STORE-1",
      location: "ENTRY",
      key_channel: "OPTICAL",
      event_time: at,
      result: "accepted",
      reason: null,
      customer_id: "cus_1",
      recognition_record_id: "jworec_1",
      visitor_id: "cus_1",
      visitor_type: "SHOPPER",
      connectivity_test: false,
      response_status: 200,
      response_body: { visitorDetails: { id: "cus_1", type: "SHOPPER" } },
      touch_record: null,
    })
  })

  it("gives the visitor type from the groups, and refuses a customer blocked by staff or by group", () => {
    const withGroups = (groups: { id: string; name: string }[], blocked = false) =>
      decide(scan(b64(code())), facts({ customer: { exists: true, groups, blocked_by_staff: blocked } }))
    expect(withGroups([{ id: "cusgroup_staff", name: "Staff" }]).visitor_type).toBe("ASSOCIATE")
    expect(withGroups([{ id: "cusgroup_c", name: "Cash" }]).response_body).toEqual({ visitorDetails: { id: "cus_1", type: "CASH_SHOPPER" } })
    for (const blocked of [withGroups([{ id: "cusgroup_staff", name: "Staff" }], true), withGroups([{ id: "cusgroup_b", name: "Banned" }])]) {
      expect(blocked).toMatchObject({ result: "rejected", reason: "CUSTOMER_BLOCKED", response_status: 401, customer_id: "cus_1", visitor_id: null, touch_record: null })
    }
  })

  it("checks in the contract's order: store, connectivity test, code, record, customer", () => {
    const s = scan(b64(code()))
    const reason = (f: GateFacts, sc = s) => decide(sc, f).reason
    expect(reason(facts({ store: { ...store, enabled: false }, record: null, customer: null }))).toBe("STORE_DISABLED")
    // A disabled store refuses even its connectivity-test keys.
    expect(reason(facts({ store: { ...store, enabled: false, connectivity_test_enabled: true, connectivity_test_keys: ["TESTKEY1"] } }), scan(b64("TESTKEY1")))).toBe("STORE_DISABLED")
    expect(reason(facts(), scan(b64(code()), new Date(at.getTime() + 61_000)))).toBe("EXPIRED")
    expect(reason(facts({ record: null, customer: null }))).toBe("UNKNOWN_RECOGNITION")
    expect(reason(facts({ record: { ...record, status: "revoked" } }))).toBe("REVOKED")
    expect(reason(facts({ customer: { exists: false } }))).toBe("CUSTOMER_NOT_FOUND")
    expect(decide(s, facts({ record: { ...record, status: "revoked" } }))).toMatchObject({ customer_id: "cus_1", recognition_record_id: "jworec_1" })
  })

  it("opens for a connectivity-test key of a store that opted in, raw or decoded, recorded as such", () => {
    const testStore = { ...store, connectivity_test_enabled: true, connectivity_test_keys: ["TESTKEY1"] }
    for (const key of [b64("TESTKEY1"), "TESTKEY1"]) {
      expect(decide(scan(key), facts({ store: testStore, record: null, customer: null }))).toMatchObject({
        result: "accepted",
        reason: "CONNECTIVITY_TEST",
        connectivity_test: true,
        visitor_id: "jwo-connectivity-test-visitor",
        response_body: { visitorDetails: { id: "jwo-connectivity-test-visitor", type: "SHOPPER" } },
      })
    }
  })

  it("marks the record as used at most once a minute, or when the visitor type changed", () => {
    const s = scan(b64(code()))
    expect(decide(s).touch_record).toBeNull()
    const stale = { ...record, last_used_at: new Date(at.getTime() - RECORD_TOUCH_INTERVAL_MS - 1) }
    expect(decide(s, facts({ record: stale })).touch_record).toEqual({ id: "jworec_1", visitor_type: "SHOPPER" })
    expect(decide(s, facts({ record: { ...record, last_used_at: null } })).touch_record).toEqual({ id: "jworec_1", visitor_type: "SHOPPER" })
    const associate = facts({ customer: { exists: true, groups: [{ id: "cusgroup_staff", name: "Staff" }], blocked_by_staff: false } })
    expect(decide(s, associate).touch_record).toEqual({ id: "jworec_1", visitor_type: "ASSOCIATE" })
  })
})
