import { CLAIM_TRIP_SQL, claimMoveFor } from "../trip-claim"

describe("claimMoveFor", () => {
  it("allows processing's first move, received → pricing, from the work's statuses", () => {
    const move = { from: "received" as const, to: "pricing" as const, reason: "processing started" }
    expect(claimMoveFor(["received", "pricing"], move)).toEqual(move)
    expect(claimMoveFor(["order_placed", "checkout_pending"], undefined)).toBeNull()
  })

  it("refuses a move the state machine does not give the system, or from a status the work is not for", () => {
    expect(() => claimMoveFor(["received", "pricing"], { from: "received", to: "resolved", reason: "x" })).toThrow(/not one the system makes/)
    expect(() => claimMoveFor(["pricing"], { from: "received", to: "pricing", reason: "x" })).toThrow(/not one the system makes/)
  })

  it("takes the lease, moves, writes the history row and reads the trip and store in one statement", () => {
    expect(CLAIM_TRIP_SQL.match(/;/g)).toBeNull()
    expect(CLAIM_TRIP_SQL).toMatch(/FOR UPDATE/)
    expect(CLAIM_TRIP_SQL).toMatch(/INSERT INTO jwo_trip_transition/)
    expect(CLAIM_TRIP_SQL).toMatch(/FROM jwo_store s/)
    // Nine positional parameters, in the order claimTripForWork passes them.
    expect(CLAIM_TRIP_SQL.match(/\?/g)).toHaveLength(9)
  })
})
