import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { JWO_MODULE } from "../../../../modules/jwo"
import type JwoModuleService from "../../../../modules/jwo/service"
import type { StatsRows } from "../../../../modules/jwo/admin-figures"
import type { AdminJwoStatsResponse, ChargedRevenue, ExitToCharge, StoreStats, TripStatus } from "../../../../types"
import type { AdminGetJwoStatsParamsType } from "./validators"

const num = (v: number | string | null | undefined) => (v === null || v === undefined ? null : Math.round(Number(v)))

/** Σ of exact decimal strings without floats: as integers of the largest scale, then back. */
export function addDecimals(values: string[]): string {
  const scale = Math.max(0, ...values.map((v) => (v.split(".")[1] ?? "").length))
  const total = values.reduce((sum, v) => {
    const [int, frac = ""] = v.replace(/^\+/, "").split(".")
    const negative = int.startsWith("-")
    const units = BigInt(`${int.replace("-", "") || "0"}${frac.padEnd(scale, "0")}`)
    return sum + (negative ? -units : units)
  }, 0n)
  const negative = total < 0n
  const digits = (negative ? -total : total).toString().padStart(scale + 1, "0")
  const text = scale ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits
  return negative ? `-${text}` : text
}

function chargedOf(rows: StatsRows["charged"]): ChargedRevenue[] {
  const byCurrency = new Map<string, { totals: string[]; trips: number }>()
  for (const row of rows) {
    const code = row.currency_code ?? "?"
    const entry = byCurrency.get(code) ?? { totals: [], trips: 0 }
    entry.totals.push(row.total)
    entry.trips += row.trips
    byCurrency.set(code, entry)
  }
  return [...byCurrency].map(([currency_code, e]) => ({ currency_code, total: addDecimals(e.totals), trips: e.trips }))
}

function exitOf(row: StatsRows["exitToCharge"][number] | undefined): ExitToCharge {
  return row ? { count: row.count, p50_ms: num(row.p50_ms), p95_ms: num(row.p95_ms), max_ms: num(row.max_ms) } : { count: 0, p50_ms: null, p95_ms: null, max_ms: null }
}

function figuresOf(rows: StatsRows, storeId: string | null): Omit<StoreStats, "jwo_store_id" | "amazon_store_id" | "name" | "enabled"> {
  const mine = <T extends { jwo_store_id: string | null }>(list: T[]) => (storeId === null ? list : list.filter((r) => r.jwo_store_id === storeId))
  const entries = mine(rows.entries)
  const accepted = entries.filter((r) => r.result === "accepted").reduce((a, r) => a + r.count, 0)
  const refused = entries.filter((r) => r.result !== "accepted").reduce((a, r) => a + r.count, 0)
  const trips_by_status: Partial<Record<TripStatus, number>> = {}
  for (const row of mine(rows.tripsByStatus)) trips_by_status[row.status as TripStatus] = (trips_by_status[row.status as TripStatus] ?? 0) + row.count
  const scans = mine(rows.lastScan).map((r) => new Date(r.last_scan_at).getTime())
  return {
    entries: { total: accepted + refused, accepted, refused },
    trips_by_status,
    trips_total: Object.values(trips_by_status).reduce((a, n) => a + (n ?? 0), 0),
    charged: chargedOf(mine(rows.charged)),
    exit_to_charge: exitOf(rows.exitToCharge.find((r) => r.jwo_store_id === storeId)),
    last_scan_at: scans.length ? new Date(Math.max(...scans)) : null,
  }
}

/**
 * The dashboard's figures for a range (default the last 24 hours), per JWO store and for all of them: gate entries
 * and refusals, trips received by their status now, what Amazon charged (per currency, exact), the time from the
 * shopper's exit to the charge (p50 / p95, nearest rank), the last gate scan; per hour (UTC hours) entries, refusals,
 * trips received and charged; per day (UTC) the charged revenue.
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse<AdminJwoStatsResponse>) {
  const jwo = req.scope.resolve<JwoModuleService>(JWO_MODULE)
  const query = req.validatedQuery as AdminGetJwoStatsParamsType
  const to = query.to ? new Date(query.to) : new Date()
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - 86_400_000)
  const storeId = query.jwo_store_id
  const [stores, rows] = await Promise.all([
    jwo.listJwoStores(storeId ? { id: storeId } : {}, { order: { amazon_store_id: "ASC" }, select: ["id", "amazon_store_id", "name", "enabled"] }),
    jwo.tripAndEntryStats(from, to, storeId),
  ])
  res.json({
    stats: {
      from,
      to,
      jwo_store_id: storeId ?? null,
      stores: stores.map((s) => ({ jwo_store_id: s.id, amazon_store_id: s.amazon_store_id, name: s.name, enabled: s.enabled, ...figuresOf(rows, s.id) })),
      totals: figuresOf(rows, null),
      hourly: rows.hourly.map((h) => ({ hour: h.hour, entries: h.entries, refused: h.refused, trips: h.trips, charged: h.charged })),
      daily_revenue: rows.dailyRevenue.map((d) => ({ day: d.day, currency_code: d.currency_code ?? "?", total: d.total, trips: d.trips })),
    },
  })
}
