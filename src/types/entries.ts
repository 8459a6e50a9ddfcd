import type { CustomerRef, ListPage, Timestamp } from "./common"

/** Why a gate stays closed (401), in the order the gate checks them. Stored on the decision, shown to staff. */
export const ENTRY_REFUSAL_REASONS = [
  "STORE_DISABLED",
  "NOT_ALPHANUMERIC",
  "WRONG_PREFIX",
  "MALFORMED",
  "BAD_SIGNATURE",
  "EXPIRED",
  "FROM_FUTURE",
  "UNKNOWN_RECOGNITION",
  "REVOKED",
  "CUSTOMER_NOT_FOUND",
  "CUSTOMER_BLOCKED",
] as const
export type EntryRefusalReason = (typeof ENTRY_REFUSAL_REASONS)[number]

/** Reason stored on an accepted decision that used a store's connectivity-test identity. */
export const CONNECTIVITY_TEST_REASON = "CONNECTIVITY_TEST"

/** A gate decision's result as stored (`rejected` is a refused entry: the admin says "Refused"). */
export type EntryResult = "accepted" | "rejected"

export type AdminJwoEntry = {
  id: string
  auth_event_id: string
  jwo_store_id: string
  amazon_store_id: string
  location: string
  key_channel: string | null
  event_time: Timestamp
  result: EntryResult
  reason: EntryRefusalReason | typeof CONNECTIVITY_TEST_REASON | string | null
  customer_id: string | null
  visitor_type: string | null
  connectivity_test: boolean
  response_status: number
  duration_ms: number | null
  created_at: Timestamp
  customer?: CustomerRef | null
}

export type EntryCounts = {
  since: Timestamp
  total: number
  accepted: number
  rejected: number
  acceptance_rate: number | null
  by_reason: Record<string, number>
}

export type AdminJwoEntryListResponse = ListPage & { entries: AdminJwoEntry[] }
export type AdminJwoEntryStatsResponse = {
  entry_stats: { jwo_store_id: string | null; last_hour: EntryCounts; last_day: EntryCounts }
}
