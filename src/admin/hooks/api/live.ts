import type { FetchError } from "@medusajs/js-sdk"

/**
 * Live pages: lists and the trip page refetch every few seconds while the tab is visible (react-query pauses
 * intervals in a hidden tab: `refetchIntervalInBackground` stays false), faster while something is in motion.
 */
export const LIVE_MS = 4000
/** While a trip (or a sync) is being worked on: follow it closely until it settles. */
export const FOLLOW_MS = 1000

export type ApiError = FetchError

/** The message of anything an sdk call threw (Medusa's `message`, or the status line). */
export function errorMessage(error: unknown): string {
  if (!error) return ""
  return error instanceof Error ? error.message : String(error)
}

/** Drops undefined, null and "" so they do not become `?q=` in a request or a query key. */
export function compact<T extends Record<string, unknown>>(query: T): Partial<T> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === "") continue
    if (Array.isArray(value) && value.length === 0) continue
    out[key] = value
  }
  return out as Partial<T>
}
