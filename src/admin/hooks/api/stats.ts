import { keepPreviousData, useQuery } from "@tanstack/react-query"
import type { AdminJwoStatsParams, AdminJwoStatsResponse } from "../../../types"
import { sdk } from "../../lib/sdk"
import { LIVE_MS, compact } from "./live"

const STATS = "jwo-stats"

export const jwoStatsQueryKeys = {
  all: [STATS] as const,
  detail: (query?: AdminJwoStatsParams) => [STATS, query ? { query } : undefined] as const,
}

/** Figures per store and over time for a range (the dashboard, the stores' "today"); live. */
export const useJwoStats = (query: AdminJwoStatsParams, options?: { refetchInterval?: number | false; enabled?: boolean }) => {
  const params = compact(query)
  return useQuery({
    queryKey: jwoStatsQueryKeys.detail(params),
    queryFn: () => sdk.client.fetch<AdminJwoStatsResponse>("/admin/jwo/stats", { query: params }),
    refetchInterval: options?.refetchInterval ?? LIVE_MS * 2,
    placeholderData: keepPreviousData,
    enabled: options?.enabled ?? true,
  })
}
