import type { Timestamp } from "./common"
import type { TripStatus } from "./trips"

/** Query of GET /admin/jwo/stats: a time range (default: the last 24 hours) and optionally one store. */
export type AdminJwoStatsParams = { from?: string; to?: string; jwo_store_id?: string }

/** Per currency: what Amazon charged (Σ `charged_total` of trips charged in the range), exact two-decimal strings. */
export type ChargedRevenue = { currency_code: string; total: string; trips: number }

/** Percentiles in milliseconds (nearest rank) over the trips charged in the range: from the shopper's exit to Amazon's charge. */
export type ExitToCharge = { count: number; p50_ms: number | null; p95_ms: number | null; max_ms: number | null }

export type StoreStats = {
  jwo_store_id: string
  amazon_store_id: string
  name: string
  enabled: boolean
  entries: { total: number; accepted: number; refused: number }
  /** Trips received in the range, by their status now. */
  trips_by_status: Partial<Record<TripStatus, number>>
  trips_total: number
  charged: ChargedRevenue[]
  exit_to_charge: ExitToCharge
  /** The last gate scan ever (not only in the range), accepted or refused. */
  last_scan_at: Timestamp | null
}

/** One hour of the range (hour start, UTC): gate scans, refusals, trips received, trips charged. */
export type HourlyStats = { hour: Timestamp; entries: number; refused: number; trips: number; charged: number }

/** One day of the range (UTC): charged revenue per currency. */
export type DailyRevenue = { day: string; currency_code: string; total: string; trips: number }

export type AdminJwoStats = {
  from: Timestamp
  to: Timestamp
  jwo_store_id: string | null
  /** Every store (or the one asked for), with its figures for the range. */
  stores: StoreStats[]
  /** All stores (or the one asked for) together. */
  totals: Omit<StoreStats, "jwo_store_id" | "amazon_store_id" | "name" | "enabled">
  hourly: HourlyStats[]
  daily_revenue: DailyRevenue[]
}
export type AdminJwoStatsResponse = { stats: AdminJwoStats }
