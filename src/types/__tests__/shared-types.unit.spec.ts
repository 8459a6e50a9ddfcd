import {
  ENTRY_REASON_TEXTS,
  ENTRY_REFUSAL_REASONS,
  LINE_PROBLEM_TEXTS,
  RESOLVABLE_STATUSES,
  RETRYABLE_STATUSES,
  TRIP_STATUSES,
  TRIP_STATUS_HELP,
  TRIP_STATUS_LABELS,
  WORKING_TRIP_STATUSES,
} from ".."
import { staffCanMoveFrom, WORKING_STATUSES } from "../../modules/jwo/trip-states"
import { LINE_PROBLEMS } from "../../modules/jwo/trip"
import { ENTRY_REFUSAL_REASONS as MODULE_REASONS } from "../../modules/jwo/entry"

describe("shared types", () => {
  it("hold the staff actions and working states to the state machine", () => {
    expect([...RESOLVABLE_STATUSES].sort()).toEqual([...staffCanMoveFrom("resolved")].sort())
    const retryable = [...new Set([...staffCanMoveFrom("pricing"), ...staffCanMoveFrom("checkout_pending")])]
    expect([...RETRYABLE_STATUSES].sort()).toEqual(retryable.sort())
    expect([...WORKING_TRIP_STATUSES].sort()).toEqual([...WORKING_STATUSES].sort())
  })

  it("give every trip state one label (all different) and an explanation", () => {
    for (const status of TRIP_STATUSES) {
      expect(TRIP_STATUS_LABELS[status]).toBeTruthy()
      expect(TRIP_STATUS_HELP[status]).toBeTruthy()
    }
    expect(new Set(Object.values(TRIP_STATUS_LABELS)).size).toBe(TRIP_STATUSES.length)
  })

  it("explain every refusal reason of the gate and every line problem of pricing", () => {
    expect(MODULE_REASONS).toBe(ENTRY_REFUSAL_REASONS)
    for (const reason of [...ENTRY_REFUSAL_REASONS, "CONNECTIVITY_TEST" as const]) expect(ENTRY_REASON_TEXTS[reason]).toMatch(/\w+/)
    expect(Object.keys(LINE_PROBLEM_TEXTS).sort()).toEqual([...LINE_PROBLEMS].sort())
  })
})
