/**
 * Rounding exact amounts so that the rounded figures still add up to rounded totals. Pure, no I/O. See
 * docs/money.md "The rounding rule".
 *
 * Everything here counts in whole minor units (cents): an input is an exact decimal number of minor units, or an
 * exact decimal divided by a positive `denominator` (a weighed quantity in unit mode). Every figure returned is
 * *adjacent* to its exact value: its floor or its ceiling. An exact whole number is therefore returned unchanged,
 * and a zero stays zero.
 *
 * - `apportion`: one list of parts and one total (Hamilton's largest remainder, starting from half-up rounding).
 * - `controlledRound`: a table (lines × columns) whose cells, line totals, column totals and grand total must all be
 *   adjacent to their exact values and still add up (Cox & Ernst's controlled rounding, 1982). It is found as a
 *   feasible flow in a small network, repaired one unit at a time from the half-up rounding of each cell.
 *
 * Numbers of units moved (a few per line) are JavaScript integers; amounts are never JavaScript numbers.
 */
import { MathBN, MedusaError } from "@medusajs/framework/utils"

type Decimal = ReturnType<typeof MathBN.convert>

const ZERO = MathBN.convert(0)
const ONE = MathBN.convert(1)
/** bignumber.js ROUND_FLOOR. */
const ROUND_FLOOR = 3

/** Exact floor division: `x = floor × den + rem`, `0 ≤ rem < den` (den > 0). */
function floorDiv(x: Decimal, den: Decimal): { floor: Decimal; rem: Decimal } {
  if (den.isEqualTo(ONE)) {
    const whole = x.integerValue(ROUND_FLOOR)
    return { floor: whole, rem: x.minus(whole) }
  }
  let floor = x.idiv(den) // truncated toward zero, exact
  let rem = x.minus(floor.times(den))
  if (rem.isNegative() && !rem.isZero()) {
    floor = floor.minus(1)
    rem = rem.plus(den)
  }
  return { floor, rem }
}

type Share = {
  floor: Decimal
  /** Remainder over the denominator: the fractional part is `rem / den`. Comparable within one call. */
  rem: Decimal
  /** Half-up (away from zero) would round this part up: `rem/den > ½`, or `= ½` for a positive part. */
  halfUp: boolean
}

function shareOf(x: Decimal, den: Decimal): Share {
  const { floor, rem } = floorDiv(x, den)
  const twice = rem.times(2)
  const halfUp = twice.isGreaterThan(den) || (twice.isEqualTo(den) && x.isPositive() && !x.isZero())
  return { floor, rem, halfUp }
}

function internal(message: string): MedusaError {
  return new MedusaError(MedusaError.Types.UNEXPECTED_STATE, `Rounding: ${message}`)
}

/** Whole number of units as a JS integer (counts of units moved; always small). */
function count(x: Decimal): number {
  if (!x.isInteger() || x.abs().isGreaterThan(Number.MAX_SAFE_INTEGER)) throw internal(`${x.toFixed()} is not a small whole number`)
  return x.toNumber()
}

/**
 * Which parts get one unit more than their floor, so that `extra` parts do: half-up first, then the largest
 * remainders gain a unit (earlier parts first on a tie), or the smallest remainders lose one (later parts first).
 */
function pickUps(shares: readonly Share[], extra: number): boolean[] {
  const up = shares.map((s) => s.halfUp)
  let missing = extra - up.filter(Boolean).length
  if (missing > 0) {
    const candidates = shares
      .map((s, i) => ({ s, i }))
      .filter(({ s, i }) => !up[i] && !s.rem.isZero())
      .sort((a, b) => b.s.rem.comparedTo(a.s.rem) || a.i - b.i)
    for (const { i } of candidates.slice(0, missing)) up[i] = true
    missing -= Math.min(missing, candidates.length)
  } else if (missing < 0) {
    const candidates = shares
      .map((s, i) => ({ s, i }))
      .filter(({ i }) => up[i])
      .sort((a, b) => a.s.rem.comparedTo(b.s.rem) || b.i - a.i)
    for (const { i } of candidates.slice(0, -missing)) up[i] = false
    missing += Math.min(-missing, candidates.length)
  }
  if (missing !== 0) throw internal(`cannot give ${extra} extra unit(s) to ${shares.length} part(s)`)
  return up
}

/**
 * Splits a whole-unit `total` into one whole-unit figure per exact part (`parts[i] / denominator`), each its floor
 * or its ceiling, adding up to `total`. `total` must lie between the sum of the floors and the sum of the ceilings
 * (it does whenever it is itself adjacent to the exact sum). Half-up rounding of each part is kept when it already
 * adds up; otherwise the parts with the largest remainders are rounded up (largest remainder method).
 */
export function apportion(parts: readonly Decimal[], total: Decimal, denominator: Decimal = ONE): Decimal[] {
  const shares = parts.map((p) => shareOf(p, denominator))
  const floors = MathBN.sum(ZERO, ...shares.map((s) => s.floor))
  const up = pickUps(shares, count(total.minus(floors)))
  return shares.map((s, i) => (up[i] ? s.floor.plus(1) : s.floor))
}

/** `x / den` rounded half-up (ties away from zero) to a whole number, exactly. */
export function roundUnits(x: Decimal, denominator: Decimal = ONE): Decimal {
  const s = shareOf(x, denominator)
  return s.halfUp ? s.floor.plus(1) : s.floor
}

/* ------------------------------------------------------------------------------------------------------------ */
/* Controlled rounding of a table                                                                               */
/* ------------------------------------------------------------------------------------------------------------ */

type Edge = { from: number; to: number; lo: number; hi: number; flow: number }

/**
 * Rounds every cell of `cells` (rows × columns, exact minor units, any sign) to its floor or ceiling so that:
 * - every row total is adjacent to the row's exact total (a line's `totalPrice` is within a unit of its exact
 *   total, so it is never negative when the exact one is not),
 * - every column total is adjacent to the column's exact total, and is the half-up rounding of it whenever the
 *   columns' half-up roundings add up to `total`,
 * - everything adds up to `total`, which must be adjacent to the exact grand total (the caller passes its half-up
 *   rounding: the charge).
 *
 * Such a rounding always exists (Cox & Ernst 1982: the table's fractional parts are a feasible flow of a network
 * with whole-number bounds, so a whole-number flow exists too). It is found by starting from each cell's half-up
 * rounding and moving one unit at a time along residual paths, each move mending one violated bound.
 */
export function controlledRound(cells: readonly (readonly Decimal[])[], total: Decimal): Decimal[][] {
  const rows = cells.length
  const cols = rows ? cells[0].length : 0
  if (rows === 0 || cols === 0 || cells.some((r) => r.length !== cols)) throw internal("the table must be a non-empty rectangle")
  const shares = cells.map((r) => r.map((c) => shareOf(c, ONE)))
  const floorSum = MathBN.sum(ZERO, ...shares.flatMap((r) => r.map((s) => s.floor)))
  const extra = count(total.minus(floorSum))

  const bounds = (fractions: Decimal[]): [number, number] => {
    const f = floorDiv(MathBN.sum(ZERO, ...fractions), ONE)
    const lo = count(f.floor)
    return [lo, f.rem.isZero() ? lo : lo + 1]
  }
  const grand = bounds(shares.flatMap((r) => r.map((s) => s.rem)))
  if (extra < grand[0] || extra > grand[1]) throw internal(`total ${total.toFixed()} is not adjacent to the exact grand total`)
  const rowBounds = shares.map((r) => bounds(r.map((s) => s.rem)))
  const colBounds = Array.from({ length: cols }, (_, j) => bounds(shares.map((r) => r[j].rem)))

  // Preferred column totals: each column's half-up rounding, made to add up to `total` by largest remainder.
  const colExact = Array.from({ length: cols }, (_, j) => MathBN.sum(ZERO, ...cells.map((r) => r[j])))
  const colFloors = Array.from({ length: cols }, (_, j) => MathBN.sum(ZERO, ...shares.map((r) => r[j].floor)))
  const preferred = apportion(colExact, total).map((t, j) => count(t.minus(colFloors[j])))

  // Start: each cell half-up, then each row's count of extra units clamped into its bounds (within the row).
  const start = shares.map((r, i) => {
    const halfUps = r.filter((s) => s.halfUp).length
    const [lo, hi] = rowBounds[i]
    return pickUps(r, Math.min(hi, Math.max(lo, halfUps)))
  })

  const solved =
    solveFlow(shares, start, rowBounds, preferred.map((p) => [p, p] as [number, number]), extra) ??
    solveFlow(shares, start, rowBounds, colBounds, extra)
  if (!solved) throw internal("no controlled rounding found") // impossible: one always exists
  return shares.map((r, i) => r.map((s, j) => (solved[i][j] ? s.floor.plus(1) : s.floor)))
}

/**
 * Network: S → row i [row bounds] → column j (cells with a fractional part, [0, 1]) → T [column bounds], and
 * T → S [extra, extra]. Starts from `start` (rows already within bounds) and repairs violated bounds one unit at a
 * time. Returns which cells are rounded up, or null when the bounds admit no flow.
 */
function solveFlow(
  shares: Share[][],
  start: boolean[][],
  rowBounds: [number, number][],
  colBounds: [number, number][],
  extra: number
): boolean[][] | null {
  const rows = shares.length
  const cols = shares[0].length
  const S = 0
  const T = 1
  const rowNode = (i: number) => 2 + i
  const colNode = (j: number) => 2 + rows + j
  const edges: Edge[] = []
  const cellEdge: number[][] = shares.map(() => new Array(cols).fill(-1))
  const add = (from: number, to: number, lo: number, hi: number, flow: number) => edges.push({ from, to, lo, hi, flow }) - 1

  const colFlow = new Array(cols).fill(0)
  let totalFlow = 0
  shares.forEach((r, i) => {
    const rowFlow = start[i].filter(Boolean).length
    add(S, rowNode(i), rowBounds[i][0], rowBounds[i][1], rowFlow)
    r.forEach((s, j) => {
      if (s.rem.isZero()) return
      const f = start[i][j] ? 1 : 0
      cellEdge[i][j] = add(rowNode(i), colNode(j), 0, 1, f)
      colFlow[j] += f
    })
    totalFlow += rowFlow
  })
  colBounds.forEach(([lo, hi], j) => add(colNode(j), T, lo, hi, colFlow[j]))
  add(T, S, extra, extra, totalFlow)

  // Adjacency, in order of preference: from a row, round up the cell with the largest remainder first; from a
  // column, round down the cell with the smallest remainder first.
  const nodes = 2 + rows + cols
  const adjacency: { edge: number; forward: boolean }[][] = Array.from({ length: nodes }, () => [])
  edges.forEach((e, k) => {
    adjacency[e.from].push({ edge: k, forward: true })
    adjacency[e.to].push({ edge: k, forward: false })
  })
  const remOf = (k: number): Decimal | undefined => {
    const e = edges[k]
    if (e.from < 2 || e.from >= 2 + rows) return undefined
    return shares[e.from - 2][e.to - 2 - rows].rem
  }
  for (const list of adjacency) {
    list.sort((a, b) => {
      const ra = remOf(a.edge)
      const rb = remOf(b.edge)
      if (!ra || !rb) return (ra ? 0 : 1) - (rb ? 0 : 1)
      return (a.forward ? rb.comparedTo(ra) : ra.comparedTo(rb)) ?? 0
    })
  }

  /** Pushes one unit from `source` to `sink` along a shortest residual path avoiding `skip`; false if none. */
  const push = (source: number, sink: number, skip: number): boolean => {
    const via: ({ edge: number; forward: boolean } | null)[] = new Array(nodes).fill(undefined)
    via[source] = null
    const queue = [source]
    for (let q = 0; q < queue.length && via[sink] === undefined; q++) {
      const node = queue[q]
      for (const step of adjacency[node]) {
        if (step.edge === skip) continue
        const e = edges[step.edge]
        const next = step.forward ? e.to : e.from
        if (via[next] !== undefined) continue
        if (step.forward ? e.flow < e.hi : e.flow > e.lo) {
          via[next] = step
          queue.push(next)
        }
      }
    }
    if (via[sink] === undefined) return false
    for (let node = sink; node !== source; ) {
      const step = via[node]!
      const e = edges[step.edge]
      e.flow += step.forward ? 1 : -1
      node = step.forward ? e.from : e.to
    }
    return true
  }

  for (;;) {
    const k = edges.findIndex((e) => e.flow < e.lo || e.flow > e.hi)
    if (k < 0) break
    const e = edges[k]
    if (e.flow > e.hi) {
      if (!push(e.from, e.to, k)) return null
      e.flow -= 1
    } else {
      if (!push(e.to, e.from, k)) return null
      e.flow += 1
    }
  }
  return shares.map((r, i) => r.map((_, j) => cellEdge[i][j] >= 0 && edges[cellEdge[i][j]].flow === 1))
}
