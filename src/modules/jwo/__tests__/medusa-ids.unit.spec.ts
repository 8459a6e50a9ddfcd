import { generateEntityId } from "@medusajs/framework/utils"
import { medusaIdFloor } from "../medusa-ids"

describe("medusaIdFloor", () => {
  it("orders below every id Medusa makes from that moment on, and above every id made a millisecond before", async () => {
    const before = medusaIdFloor("order", Date.now() - 1)
    const floor = medusaIdFloor("order", Date.now())
    await new Promise((r) => setTimeout(r, 2))
    const made = generateEntityId(undefined, "order")
    expect(made >= floor).toBe(true)
    expect(before < floor).toBe(true)
    expect(medusaIdFloor("order", Date.now() + 60_000) > made).toBe(true)
  })

  it("writes the time as a ULID does (10 Crockford base32 characters) and refuses a time a ULID cannot hold", () => {
    expect(medusaIdFloor("order", 0)).toBe("order_00000000000000000000000000")
    expect(medusaIdFloor("cart", 1469918176385)).toBe("cart_01ARYZ6S410000000000000000")
    expect(() => medusaIdFloor("order", -1)).toThrow(RangeError)
  })
})
