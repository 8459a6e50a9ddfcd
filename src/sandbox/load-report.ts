/**
 * The accounting of `medusa-plugin-jwo load` (issue 16): pure code, no I/O. The load run records one `LoadTrip` per
 * shopper; this turns them into the report (percentiles, throughput, errors, lost trips, trips charged twice) and the
 * verdict the command's exit status follows.
 */

/** Amazon's gate waits at most this long for the Identity Connector (contract §4). */
export const GATE_BUDGET_MS = 2000

/** What one shopper's walk left behind, as the load run observed it. */
export type LoadTrip = {
  /** The gate's answer: HTTP status and latency (sending → end of body). Absent when the scan never got an answer. */
  gate?: { status: number; ms: number }
  /** Create Purchases: status, latency, and the client's clock when the answer arrived (ms since epoch). */
  exit?: { status: number; ms: number; answeredAt: number }
  /** How many extra deliveries of the same Create Purchases were sent (Amazon's duplicates). */
  duplicates: number
  /** Charges the sandbox recorded for the trip when the run ended. */
  charges: number
  /** When the sandbox first saw the charge (ms since epoch, the same clock as `answeredAt`). */
  chargedAt?: number
  /** Any failure the run saw for this shopper (timeout, refused request, a non-201 duplicate...). */
  error?: string
}

export type Percentiles = { count: number; p50: number | null; p95: number | null; p99: number | null; max: number | null }

export type LoadReport = {
  shoppers: number
  duration_s: number
  gate_ms: Percentiles & { budget_ms: number; over_budget: number }
  purchase_201_ms: Percentiles
  exit_to_charge_ms: Percentiles
  /** Trips charged per second of the run. */
  charges_per_s: number
  errors: number
  /** The ten most frequent kinds of error, with their counts. */
  error_kinds: { kind: string; count: number }[]
  /** Trips the plugin acknowledged (201) that the sandbox never charged: must be 0. */
  lost: number
  /** Trips the sandbox charged more than once: must be 0. */
  charged_twice: number
  duplicates_sent: number
  ok: boolean
  /** Why `ok` is false, one line each. */
  failures: string[]
}

/** Nearest-rank percentile of ascending values (the value below which p % of them lie). */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (!sorted.length) return null
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]
}

export function percentiles(values: readonly number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b)
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1] : null,
  }
}

/** The report of a run of `durationMs` over `trips`. */
export function summarizeLoad(trips: readonly LoadTrip[], durationMs: number): LoadReport {
  const gate = trips.flatMap((t) => (t.gate ? [t.gate.ms] : []))
  const acknowledged = trips.filter((t) => t.exit?.status === 201)
  const charged = trips.filter((t) => t.charges > 0)
  const exitToCharge = acknowledged.flatMap((t) =>
    t.chargedAt !== undefined && t.exit ? [Math.max(0, t.chargedAt - t.exit.answeredAt)] : []
  )
  const lost = acknowledged.filter((t) => t.charges === 0).length
  const chargedTwice = trips.filter((t) => t.charges > 1).length
  const errors = trips.filter(
    (t) => t.error !== undefined || !t.gate || t.gate.status !== 200 || (t.exit !== undefined && t.exit.status !== 201)
  ).length
  const gateStats = percentiles(gate)
  // What the errors were, most frequent first: a failed call's message, or the answer that was not the expected one.
  const errorKinds = new Map<string, number>()
  for (const t of trips) {
    const kind =
      t.error ??
      (!t.gate ? "no gate scan" : t.gate.status !== 200 ? `gate answered ${t.gate.status}` : t.exit && t.exit.status !== 201 ? `exit answered ${t.exit.status}` : null)
    if (kind) errorKinds.set(kind.slice(0, 200), (errorKinds.get(kind.slice(0, 200)) ?? 0) + 1)
  }
  const failures: string[] = []
  if (lost) failures.push(`${lost} trip(s) acknowledged with 201 were not charged within the charge timeout`)
  if (chargedTwice) failures.push(`${chargedTwice} trip(s) were charged more than once`)
  if (gateStats.p99 !== null && gateStats.p99 > GATE_BUDGET_MS) {
    failures.push(`gate p99 ${gateStats.p99} ms is over the ${GATE_BUDGET_MS} ms budget`)
  }
  const seconds = durationMs / 1000
  return {
    shoppers: trips.length,
    duration_s: Math.round(seconds * 10) / 10,
    gate_ms: { ...gateStats, budget_ms: GATE_BUDGET_MS, over_budget: gate.filter((ms) => ms > GATE_BUDGET_MS).length },
    purchase_201_ms: percentiles(acknowledged.map((t) => t.exit!.ms)),
    exit_to_charge_ms: percentiles(exitToCharge),
    charges_per_s: seconds > 0 ? Math.round((charged.length / seconds) * 100) / 100 : 0,
    errors,
    error_kinds: [...errorKinds].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([kind, count]) => ({ kind, count })),
    lost,
    charged_twice: chargedTwice,
    duplicates_sent: trips.reduce((n, t) => n + t.duplicates, 0),
    ok: failures.length === 0,
    failures,
  }
}

/** The command's exit status: 0 when the run passed, 3 on a lost trip, a double charge or a gate p99 over budget. */
export function loadExitCode(report: LoadReport): number {
  return report.ok ? 0 : 3
}

/**
 * Arrivals of an open-loop run: the start offsets (ms) of each shopper for `ratePerS` shoppers per second over
 * `durationS`, reached linearly over the first `rampS` seconds, plus `burst` extra shoppers at `burstAtS`.
 */
export function arrivalSchedule(opts: { ratePerS: number; durationS: number; rampS?: number; burst?: number; burstAtS?: number }): number[] {
  const { ratePerS, durationS } = opts
  const ramp = Math.min(opts.rampS ?? 0, durationS)
  const out: number[] = []
  // Integrate the rate: the n-th arrival is where the cumulative count reaches n.
  const countAt = (t: number) => (t <= ramp ? (ratePerS * t * t) / (2 * ramp || 1) : (ratePerS * ramp) / 2 + ratePerS * (t - ramp))
  const total = Math.floor(countAt(durationS))
  for (let n = 1; n <= total; n++) {
    const inRamp = ramp > 0 && n <= (ratePerS * ramp) / 2
    const t = inRamp ? Math.sqrt((2 * ramp * n) / ratePerS) : ramp + (n - (ratePerS * ramp) / 2) / ratePerS
    out.push(Math.round(t * 1000))
  }
  for (let i = 0; i < (opts.burst ?? 0); i++) out.push(Math.round((opts.burstAtS ?? 0) * 1000))
  return out.sort((a, b) => a - b)
}
