import { PickupMemo } from "../pickup-memo"

const whole = { location_id: "sloc_1", fulfillment_set_id: "fuset_1", service_zone_id: "serzo_1", shipping_option_id: "so_1" }

describe("PickupMemo", () => {
  let now = 1_000
  const memo = () => new PickupMemo(60_000, () => now)
  beforeEach(() => (now = 1_000))

  it("gives a whole pickup back for the same version of the store row (a Date or its ISO string)", () => {
    const m = memo()
    const version = new Date("2026-12-03T13:45:57.987Z")
    m.set("jwostore_1", version, whole)
    expect(m.get("jwostore_1", "2026-12-03T13:45:57.987+00:00")).toEqual(whole)
    // Postgres' JSON gives microseconds: the same millisecond is the same version.
    expect(m.get("jwostore_1", "2026-12-03T13:45:57.987654+00:00")).toEqual(whole)
  })

  it("forgets it for another version of the store, after the TTL, and when told to", () => {
    const m = memo()
    m.set("jwostore_1", "2026-12-03T13:45:57.987Z", whole)
    expect(m.get("jwostore_1", "2026-12-03T13:50:00.000Z")).toBeNull()
    expect(m.get("jwostore_1", "2026-12-03T13:45:57.987Z")).toBeNull() // dropped by the miss above

    m.set("jwostore_1", "2026-12-03T13:45:57.987Z", whole)
    now += 60_000
    expect(m.get("jwostore_1", "2026-12-03T13:45:57.987Z")).toBeNull()

    m.set("jwostore_1", "2026-12-03T13:45:57.987Z", whole)
    m.forget("jwostore_1")
    expect(m.get("jwostore_1", "2026-12-03T13:45:57.987Z")).toBeNull()
  })

  it("remembers only a whole pickup, and a partial one forgets what was remembered", () => {
    const m = memo()
    m.set("jwostore_1", "2026-12-03T13:45:57.987Z", whole)
    m.set("jwostore_1", "2026-12-03T13:45:57.987Z", { ...whole, shipping_option_id: undefined })
    expect(m.get("jwostore_1", "2026-12-03T13:45:57.987Z")).toBeNull()
    m.set("jwostore_1", "2026-12-03T13:45:57.987Z", { ...whole, missing: "no stock location" })
    expect(m.get("jwostore_1", "2026-12-03T13:45:57.987Z")).toBeNull()
    m.set("jwostore_1", null, whole)
    expect(m.get("jwostore_1", null)).toBeNull()
  })
})
