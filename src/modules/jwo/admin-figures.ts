/**
 * The SQL behind the admin's search and figures (GET /admin/jwo/trips?q=…, GET /admin/jwo/stats). Read-only, one
 * statement each, over the indexed columns; the service runs them. Percentiles are nearest-rank (`percentile_disc`),
 * as in the bench scripts.
 */

/** Trips a free-text search finds by their own fields: trip id, Amazon trip id, Amazon order id, a SKU in the cart. */
export const TRIP_SEARCH_SQL = `
  SELECT id FROM jwo_shopping_trip
   WHERE deleted_at IS NULL AND (
         id = ?
      OR idempotent_shopping_trip_id ILIKE ? ESCAPE '\\'
      OR amazon_order_id = ?
      OR customer_id IN (SELECT jsonb_array_elements_text(?::jsonb))
      OR order_id IN (SELECT jsonb_array_elements_text(?::jsonb))
      OR cart->'cartItems' @> jsonb_build_array(jsonb_build_object('id', ?::text))
      OR line_resolution @> jsonb_build_array(jsonb_build_object('sku', ?::text))
   )
   ORDER BY created_at DESC
   LIMIT ?`

/** `%text%` for ILIKE, with the wildcards in the text escaped. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

const storeFilter = (column: string, jwoStoreId?: string) => (jwoStoreId ? `AND ${column} = ?` : "")

export function statsQueries(jwoStoreId?: string) {
  const store = (column = "jwo_store_id") => storeFilter(column, jwoStoreId)
  return {
    entries: `SELECT jwo_store_id, result, COUNT(*)::int AS count FROM jwo_entry_decision
                WHERE deleted_at IS NULL AND created_at >= ? AND created_at < ? ${store()}
                GROUP BY jwo_store_id, result`,
    lastScan: `SELECT jwo_store_id, MAX(created_at) AS last_scan_at FROM jwo_entry_decision
                WHERE deleted_at IS NULL ${store()} GROUP BY jwo_store_id`,
    tripsByStatus: `SELECT jwo_store_id, status, COUNT(*)::int AS count FROM jwo_shopping_trip
                WHERE deleted_at IS NULL AND created_at >= ? AND created_at < ? ${store()}
                GROUP BY jwo_store_id, status`,
    charged: `SELECT jwo_store_id, charged_currency_code AS currency_code, SUM(charged_total::numeric)::text AS total, COUNT(*)::int AS trips
                FROM jwo_shopping_trip
                WHERE deleted_at IS NULL AND status = 'charged' AND charged_at >= ? AND charged_at < ? ${store()}
                GROUP BY jwo_store_id, charged_currency_code`,
    // GROUPING SETS: one row per store and one for all of them (jwo_store_id NULL).
    exitToCharge: `SELECT jwo_store_id, COUNT(*)::int AS count,
                  percentile_disc(0.5) WITHIN GROUP (ORDER BY ms) AS p50_ms,
                  percentile_disc(0.95) WITHIN GROUP (ORDER BY ms) AS p95_ms,
                  MAX(ms) AS max_ms
                FROM (SELECT jwo_store_id, EXTRACT(EPOCH FROM (charged_at - end_time)) * 1000 AS ms FROM jwo_shopping_trip
                       WHERE deleted_at IS NULL AND status = 'charged' AND charged_at >= ? AND charged_at < ? ${store()}) t
                GROUP BY GROUPING SETS ((jwo_store_id), ())`,
    hourly: `WITH hours AS (
                SELECT generate_series(date_trunc('hour', ?::timestamptz AT TIME ZONE 'UTC'), (?::timestamptz - interval '1 microsecond') AT TIME ZONE 'UTC', interval '1 hour') AS hour
              ),
              e AS (SELECT date_trunc('hour', created_at AT TIME ZONE 'UTC') AS hour, COUNT(*)::int AS entries,
                           COUNT(*) FILTER (WHERE result = 'rejected')::int AS refused
                      FROM jwo_entry_decision WHERE deleted_at IS NULL AND created_at >= ? AND created_at < ? ${store()} GROUP BY 1),
              r AS (SELECT date_trunc('hour', created_at AT TIME ZONE 'UTC') AS hour, COUNT(*)::int AS trips
                      FROM jwo_shopping_trip WHERE deleted_at IS NULL AND created_at >= ? AND created_at < ? ${store()} GROUP BY 1),
              c AS (SELECT date_trunc('hour', charged_at AT TIME ZONE 'UTC') AS hour, COUNT(*)::int AS charged
                      FROM jwo_shopping_trip WHERE deleted_at IS NULL AND status = 'charged' AND charged_at >= ? AND charged_at < ? ${store()} GROUP BY 1)
              SELECT to_char(hours.hour, 'YYYY-MM-DD"T"HH24:00:00"Z"') AS hour,
                     COALESCE(e.entries, 0) AS entries, COALESCE(e.refused, 0) AS refused,
                     COALESCE(r.trips, 0) AS trips, COALESCE(c.charged, 0) AS charged
                FROM hours LEFT JOIN e ON e.hour = hours.hour LEFT JOIN r ON r.hour = hours.hour LEFT JOIN c ON c.hour = hours.hour
               ORDER BY hours.hour`,
    dailyRevenue: `SELECT to_char(date_trunc('day', charged_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS day, charged_currency_code AS currency_code,
                  SUM(charged_total::numeric)::text AS total, COUNT(*)::int AS trips
                FROM jwo_shopping_trip
                WHERE deleted_at IS NULL AND status = 'charged' AND charged_at >= ? AND charged_at < ? ${store()}
                GROUP BY 1, 2 ORDER BY 1, 2`,
  }
}

export type StatsRows = {
  entries: { jwo_store_id: string; result: string; count: number }[]
  lastScan: { jwo_store_id: string; last_scan_at: Date }[]
  tripsByStatus: { jwo_store_id: string; status: string; count: number }[]
  charged: { jwo_store_id: string; currency_code: string | null; total: string; trips: number }[]
  exitToCharge: { jwo_store_id: string | null; count: number; p50_ms: number | string | null; p95_ms: number | string | null; max_ms: number | string | null }[]
  hourly: { hour: string; entries: number; refused: number; trips: number; charged: number }[]
  dailyRevenue: { day: string; currency_code: string | null; total: string; trips: number }[]
}
