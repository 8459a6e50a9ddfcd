import { formatActor, formatMoney, formatQuantity, personName, roundDecimal, syncShownStatus } from "../jwo-format"

describe("admin formatting", () => {
  it("rounds exact decimal strings half-up on their digits, as the charge is rounded", () => {
    expect(roundDecimal("12.935983125", 2)).toBe("12.94")
    expect(roundDecimal("0.3984875", 2)).toBe("0.40")
    expect(roundDecimal("2.675", 2)).toBe("2.68") // a float would give 2.67
    expect(roundDecimal("2.665", 2)).toBe("2.67")
    expect(roundDecimal("9.995", 2)).toBe("10.00")
    expect(roundDecimal("99.999", 2)).toBe("100.00")
    expect(roundDecimal("0.004", 2)).toBe("0.00")
    expect(roundDecimal("-0.004", 2)).toBe("0.00")
    expect(roundDecimal("-1.005", 2)).toBe("-1.01")
    expect(roundDecimal("24.5", 0)).toBe("25")
    expect(roundDecimal("7", 2)).toBe("7.00")
    expect(roundDecimal(1.5, 0)).toBe("2")
    expect(roundDecimal("1e-7", 2)).toBe("0.00")
    expect(roundDecimal(".5", 0)).toBe("1")
  })

  it("shows money rounded to the currency's minor unit", () => {
    expect(formatMoney("12.935983125", "usd")).toBe(new Intl.NumberFormat(undefined, { style: "currency", currency: "USD" }).format(12.94))
    expect(formatMoney("24.5", "jpy")).toBe(new Intl.NumberFormat(undefined, { style: "currency", currency: "JPY" }).format(25))
    expect(formatMoney(null, "usd")).toBe("—")
  })

  it("names people and actors, and writes weighed quantities with their unit", () => {
    expect(personName({ id: "cus_1", email: "a@b.c", first_name: "Alex", last_name: "Rivera" })).toBe("Alex Rivera")
    expect(personName({ id: "cus_1", email: "a@b.c", first_name: null, last_name: null })).toBe("a@b.c")
    expect(formatActor("staff:user_1", { id: "user_1", email: "r@s.t", first_name: "Robin", last_name: "Staff" })).toBe("Robin Staff")
    expect(formatActor("staff:user_1", null)).toBe("Staff")
    expect(formatActor("amazon")).toBe("Amazon")
    expect(formatActor("system")).toBe("The plugin")
    expect(formatQuantity({ value: "0.455", unit: "kg" })).toBe("0.455 kg")
    expect(formatQuantity({ value: "2.0", unit: "unit" })).toBe("2 ×")
  })

  it("shows a completed full sync as uploading while its items are still on their way to Amazon", () => {
    const totals = (uploading: number, pending: number) => ({ totals: { uploading, pending } as any })
    expect(syncShownStatus({ status: "completed" }, totals(57, 0))).toBe("uploading")
    expect(syncShownStatus({ status: "completed" }, totals(0, 3))).toBe("uploading")
    expect(syncShownStatus({ status: "completed" }, totals(0, 0))).toBe("completed")
    expect(syncShownStatus({ status: "failed" }, totals(5, 0))).toBe("failed")
  })
})
