import { isConnectivityTestKey, refusedAnswer, scanKeyTimes, visitorStatusFor } from "../entry"

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
