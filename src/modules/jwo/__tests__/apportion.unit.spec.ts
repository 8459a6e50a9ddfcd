import { MathBN } from "@medusajs/framework/utils"
import { apportion, controlledRound, roundUnits } from "../apportion"

const D = (x: string | number) => MathBN.convert(x)
const strings = (xs: ReturnType<typeof D>[]) => xs.map((x) => x.toFixed())
const table = (rows: (string | number)[][]) => rows.map((r) => r.map(D))

describe("apportion (largest remainder from half-up)", () => {
  it("keeps half-up rounding when it adds up", () => {
    expect(strings(apportion([D("1.4"), D("2.6"), D("3")], D(7)))).toEqual(["1", "3", "3"])
  })

  it("gives missing units to the largest remainders, earlier parts first on a tie", () => {
    // Ten taxes of 8.1675 cents: 81.675 → 82 in all, ten half-ups give 80.
    expect(strings(apportion(Array.from({ length: 10 }, () => D("8.1675")), D(82)))).toEqual(["9", "9", "8", "8", "8", "8", "8", "8", "8", "8"])
  })

  it("takes surplus units from the smallest remainders, later parts first on a tie", () => {
    expect(strings(apportion([D("267.5"), D("12.5")], D(280)))).toEqual(["268", "12"])
    expect(strings(apportion([D("0.5"), D("0.5"), D("0.9")], D(1)))).toEqual(["0", "0", "1"])
  })

  it("divides by a quantity exactly: 0.597 / 3 per unit is 19.9 cents", () => {
    expect(strings(apportion([D("59.7"), D("0")], D(20), D(3)))).toEqual(["20", "0"])
    expect(roundUnits(D("583.642125"), D(3)).toFixed()).toBe("195") // 194.547375
    expect(roundUnits(D("-12.5")).toFixed()).toBe("-13") // half away from zero
  })

  it("refuses a total no adjacent rounding can reach", () => {
    expect(() => apportion([D("1.5"), D("2")], D(5))).toThrow(/cannot give/)
  })
})

describe("controlledRound", () => {
  const valid = (cells: ReturnType<typeof table>, target: string) => {
    const out = controlledRound(cells, D(target))
    const near = (r: ReturnType<typeof D>, x: ReturnType<typeof D>) => r.isInteger() && r.minus(x).abs().lt(1)
    const sum = (xs: ReturnType<typeof D>[]) => xs.reduce((a, x) => a.plus(x), D(0))
    out.forEach((row, i) => {
      row.forEach((r, j) => expect(near(r, cells[i][j])).toBe(true))
      expect(near(sum(row), sum(cells[i]))).toBe(true)
    })
    cells[0].forEach((_, j) => expect(near(sum(out.map((r) => r[j])), sum(cells.map((r) => r[j])))).toBe(true))
    expect(sum(out.flat()).toFixed()).toBe(target)
    return out.map(strings)
  }

  it("rounds 3 × 1.99, 10 % off, 8.625 % tax to a line that adds up to the rounded total (in cents)", () => {
    expect(valid(table([["597", "-59.7", "46.342125"]]), "584")).toEqual([["597", "-60", "47"]])
  })

  it("keeps a 100 % promotion's line at zero when price and promotion have the same fraction", () => {
    // 0.455 kg at 0.59 = 26.845 cents, 100 % off, no tax: never −1 cent.
    expect(valid(table([["26.845", "-26.845", "0"], ["26.845", "0", "2.3"]]), "29")).toEqual([
      ["27", "-27", "0"],
      ["27", "0", "2"],
    ])
  })

  it("falls back to other column totals when the half-up ones cannot be reached", () => {
    // Column half-ups 13, 29, −78 (+1 for the total: 14) would force row 2 to −74, outside [−76, −75].
    expect(valid(table([["11", "28", "0.2"], ["2.3", "0.6", "-78"]]), "-35")).toEqual([
      ["11", "28", "1"],
      ["2", "1", "-78"],
    ])
  })

  it("refuses a total that is not adjacent to the exact grand total", () => {
    expect(() => controlledRound(table([["1.5", "1.5"]]), D(5))).toThrow(/not adjacent/)
  })
})
