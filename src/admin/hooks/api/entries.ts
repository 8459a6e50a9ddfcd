import { keepPreviousData, useQuery } from "@tanstack/react-query"
import type { AdminJwoEntryListResponse, AdminJwoEntryStatsResponse } from "../../../types"
import { sdk } from "../../lib/sdk"
import { LIVE_MS, compact } from "./live"

const ENTRIES = "jwo-entries"

export const jwoEntriesQueryKeys = {
  all: [ENTRIES] as const,
  list: (query?: Record<string, unknown>) => [ENTRIES, "list", query ? { query } : undefined] as const,
  stats: (query?: Record<string, unknown>) => [ENTRIES, "stats", query ? { query } : undefined] as const,
}

export type JwoEntriesQuery = {
  jwo_store_id?: string
  result?: string
  reason?: string
  customer_id?: string
  from?: string
  to?: string
  limit?: number
  offset?: number
}

/** Gate decisions, newest first; live. */
export const useJwoEntries = (query: JwoEntriesQuery) => {
  const params = compact(query)
  return useQuery({
    queryKey: jwoEntriesQueryKeys.list(params),
    queryFn: () => sdk.client.fetch<AdminJwoEntryListResponse>("/admin/jwo/entries", { query: params }),
    refetchInterval: LIVE_MS,
    placeholderData: keepPreviousData,
  })
}

/** Accepted vs refused, by reason, for the last hour and day; live. */
export const useJwoEntryStats = (jwoStoreId?: string) => {
  const params = compact({ jwo_store_id: jwoStoreId })
  return useQuery({
    queryKey: jwoEntriesQueryKeys.stats(params),
    queryFn: () => sdk.client.fetch<AdminJwoEntryStatsResponse>("/admin/jwo/entries/stats", { query: params }),
    refetchInterval: LIVE_MS,
    placeholderData: keepPreviousData,
  })
}
