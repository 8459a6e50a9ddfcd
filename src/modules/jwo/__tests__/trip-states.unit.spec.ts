import { readFileSync } from "node:fs"
import { join } from "node:path"
import { canMove, FINAL_STATUSES, isContention, staffCanMoveFrom, TRIP_STATUSES, TRIP_TRANSITIONS, WORKING_STATUSES, workFor } from "../trip-states"

/** The table between the trip-transitions markers of docs/architecture.md, as "from>to:who,who" lines. */
function documentedTransitions(): string[] {
  const doc = readFileSync(join(__dirname, "../../../../docs/architecture.md"), "utf8")
  const block = doc.split("<!-- trip-transitions:start -->")[1]?.split("<!-- trip-transitions:end -->")[0]
  if (!block) throw new Error("docs/architecture.md has no trip-transitions table")
  return block
    .split("\n")
    .filter((line) => line.startsWith("|") && !line.includes("---") && !line.includes("| from |"))
    .map((line) => line.split("|").map((cell) => cell.trim()).filter(Boolean))
    .map(([from, to, who]) => `${from}>${to}:${who.split(",").map((w) => w.trim()).sort().join(",")}`)
    .sort()
}

describe("the trip state machine", () => {
  it("is the table in docs/architecture.md, move for move and actor for actor", () => {
    const table = Object.entries(TRIP_TRANSITIONS)
      .flatMap(([from, moves]) => Object.entries(moves).map(([to, who]) => `${from}>${to}:${[...who!].sort().join(",")}`))
      .sort()
    expect(table).toEqual(documentedTransitions())
  })

  it("covers every status, and final states have no way out", () => {
    expect(Object.keys(TRIP_TRANSITIONS).sort()).toEqual([...TRIP_STATUSES].sort())
    expect(FINAL_STATUSES.sort()).toEqual(["charged", "empty", "not_charged", "resolved"])
    for (const from of TRIP_STATUSES) for (const to of TRIP_STATUSES) if (FINAL_STATUSES.includes(from)) expect(canMove(from, to)).toBe(false)
  })

  it("gives every working state its work, and no other state any", () => {
    expect(WORKING_STATUSES.map(workFor)).toEqual(["process", "process", "checkout", "checkout"])
    for (const s of TRIP_STATUSES.filter((s) => !WORKING_STATUSES.includes(s))) expect(workFor(s)).toBeNull()
  })

  it("lets staff resolve only trips no order is being charged for, and never lets staff charge", () => {
    expect(staffCanMoveFrom("resolved").sort()).toEqual(["checkout_rejected", "needs_attention", "pricing", "received"])
    expect(canMove("checkout_pending", "charged", "staff")).toBe(false)
    expect(canMove("checkout_pending", "charged", "amazon")).toBe(true)
    expect(canMove("order_placed", "resolved", "staff")).toBe(false)
  })
})

describe("isContention", () => {
  it("knows Medusa's lock timeouts (Redis and in-memory providers) and stock refusals, and nothing else", () => {
    expect(isContention("Timed-out acquiring lock.")).toBe(true)
    expect(isContention('Failed to acquire lock for key "iitem_01"')).toBe(true)
    expect(isContention("Some variant does not have the required inventory")).toBe(true)
    expect(isContention("Not enough stock available for item iitem_01 at location sloc_01")).toBe(true)
    expect(isContention("insufficient_inventory")).toBe(false)
    expect(isContention("Lost the lock for key(s) \"x\" while the job was still running")).toBe(false)
    expect(isContention("fetch failed: Timed-out acquiring lock. (proxy)")).toBe(false)
  })
})
