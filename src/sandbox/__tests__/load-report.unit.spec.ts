import { arrivalSchedule, GATE_BUDGET_MS, loadExitCode, percentile, summarizeLoad, type LoadTrip } from "../load-report"

const walked = (gateMs: number, over: Partial<LoadTrip> = {}): LoadTrip => ({
  gate: { status: 200, ms: gateMs },
  exit: { status: 201, ms: 50, answeredAt: 1_000 },
  duplicates: 0,
  charges: 1,
  chargedAt: 1_800,
  ...over,
})

describe("load run accounting", () => {
  it("takes nearest-rank percentiles", () => {
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1)
    expect(percentile(hundred, 50)).toBe(50)
    expect(percentile(hundred, 99)).toBe(99)
    expect(percentile([7], 99)).toBe(7)
    expect(percentile([], 50)).toBeNull()
  })

  it("passes a clean run and reports exit → charge and throughput", () => {
    const report = summarizeLoad([walked(10), walked(20), walked(30, { duplicates: 2 })], 3_000)
    expect(report).toMatchObject({ shoppers: 3, lost: 0, charged_twice: 0, errors: 0, duplicates_sent: 2, charges_per_s: 1, ok: true })
    expect(report.gate_ms).toMatchObject({ count: 3, p50: 20, p99: 30, max: 30, over_budget: 0, budget_ms: GATE_BUDGET_MS })
    expect(report.exit_to_charge_ms).toMatchObject({ count: 3, p50: 800 })
    expect(loadExitCode(report)).toBe(0)
  })

  it("counts an acknowledged trip that was never charged as lost, and fails", () => {
    const report = summarizeLoad([walked(10), walked(10, { charges: 0, chargedAt: undefined })], 1_000)
    expect(report.lost).toBe(1)
    expect(report.ok).toBe(false)
    expect(report.failures.join()).toMatch(/not charged within the charge timeout/)
    expect(loadExitCode(report)).toBe(3)
  })

  it("does not count a trip refused at the gate as lost, but as an error", () => {
    const report = summarizeLoad([walked(10), { gate: { status: 401, ms: 5 }, duplicates: 0, charges: 0 }], 1_000)
    expect(report).toMatchObject({ lost: 0, errors: 1, ok: true })
  })

  it("fails on a trip charged twice", () => {
    const report = summarizeLoad([walked(10, { charges: 2, duplicates: 1 })], 1_000)
    expect(report).toMatchObject({ charged_twice: 1, ok: false })
  })

  it("fails when the gate p99 is over the 2 s budget", () => {
    const trips = [...Array.from({ length: 98 }, () => walked(10)), walked(2_500), walked(2_600)]
    const report = summarizeLoad(trips, 10_000)
    expect(report.gate_ms).toMatchObject({ p99: 2_500, over_budget: 2 })
    expect(report.ok).toBe(false)
    expect(report.failures.join()).toMatch(/gate p99 2500 ms/)
    // one slow scan in 100 is above p99: within budget
    expect(summarizeLoad([...trips.slice(0, 99), walked(10)], 10_000).gate_ms.p99).toBe(10)
  })

  it("schedules arrivals at the rate, with a ramp and a burst", () => {
    const flat = arrivalSchedule({ ratePerS: 2, durationS: 5 })
    expect(flat).toHaveLength(10)
    expect(flat.slice(0, 3)).toEqual([500, 1000, 1500])
    const ramped = arrivalSchedule({ ratePerS: 2, durationS: 10, rampS: 4 })
    expect(ramped).toHaveLength(16) // 4 during the ramp (half the rate on average), then 12
    expect(ramped[0]).toBeGreaterThan(flat[0])
    const burst = arrivalSchedule({ ratePerS: 1, durationS: 2, burst: 3, burstAtS: 1 })
    expect(burst.filter((t) => t === 1000)).toHaveLength(4)
  })

  it("counts a refused or unanswered exit as an error, not as lost, and times only acknowledged exits", () => {
    const refused = walked(10, { exit: { status: 500, ms: 900, answeredAt: 1_000 }, charges: 0, chargedAt: undefined })
    const unanswered = walked(10, { exit: undefined, charges: 0, chargedAt: undefined, error: "timeout" })
    const report = summarizeLoad([walked(10), refused, unanswered], 1_000)
    expect(report).toMatchObject({ lost: 0, errors: 2, ok: true })
    // Each kind of error named, with its count.
    expect(report.error_kinds).toEqual([
      { kind: "exit answered 500", count: 1 },
      { kind: "timeout", count: 1 },
    ])
    expect(report.purchase_201_ms).toMatchObject({ count: 1, max: 50 })
    expect(report.exit_to_charge_ms.count).toBe(1)
  })

  it("lists every reason a run failed, and passes a gate p99 of exactly the budget", () => {
    const atBudget = Array.from({ length: 100 }, () => walked(GATE_BUDGET_MS))
    expect(summarizeLoad(atBudget, 1_000)).toMatchObject({ ok: true, gate_ms: { p99: GATE_BUDGET_MS, over_budget: 0 } })
    const report = summarizeLoad(
      [walked(3_000), walked(10, { charges: 0, chargedAt: undefined }), walked(10, { charges: 3, duplicates: 1 })],
      1_000
    )
    expect(report).toMatchObject({ lost: 1, charged_twice: 1, ok: false })
    expect(report.failures).toHaveLength(3)
    expect(loadExitCode(report)).toBe(3)
  })

  it("measures exit → charge from the 201 to the charge, and only for charged trips", () => {
    const report = summarizeLoad(
      [
        walked(10, { exit: { status: 201, ms: 40, answeredAt: 10_000 }, chargedAt: 10_250 }),
        walked(10, { exit: { status: 201, ms: 40, answeredAt: 10_000 }, chargedAt: 14_000 }),
        walked(10, { exit: { status: 201, ms: 40, answeredAt: 10_000 }, charges: 0, chargedAt: undefined }),
      ],
      5_000
    )
    expect(report.exit_to_charge_ms).toMatchObject({ count: 2, p50: 250, p99: 4_000, max: 4_000 })
    expect(report).toMatchObject({ lost: 1, charges_per_s: 0.4 })
  })
})
