import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import type { FetchError } from "@medusajs/js-sdk"
import type {
  CatalogItemList,
  CatalogOverview,
  CatalogSyncList,
  CatalogUploadList,
  RetryCatalogResult,
  StartCatalogSyncResult,
} from "../../../types"
import { sdk } from "../../lib/sdk"
import { FOLLOW_MS, LIVE_MS, compact } from "./live"

const CATALOG = "jwo-catalog"

export const jwoCatalogQueryKeys = {
  all: [CATALOG] as const,
  overview: (query?: Record<string, unknown>) => [CATALOG, "overview", query ? { query } : undefined] as const,
  items: (query?: Record<string, unknown>) => [CATALOG, "items", query ? { query } : undefined] as const,
  uploads: (query?: Record<string, unknown>) => [CATALOG, "uploads", query ? { query } : undefined] as const,
  syncs: (query?: Record<string, unknown>) => [CATALOG, "syncs", query ? { query } : undefined] as const,
}

/** Whether anything of the catalog is in motion (a full sync, an upload at Amazon): then it is followed closely. */
export function catalogInMotion(overview: CatalogOverview | undefined): boolean {
  return Boolean(
    overview?.stores.some(
      (s) => s.running_sync || (s.totals.uploading ?? 0) > 0 || (s.last_upload && ["queued", "submitted"].includes(s.last_upload.status))
    )
  )
}

/** Per store: totals by status, last upload, running sync; the notifications state. Live, faster while in motion. */
export const useJwoCatalogOverview = (jwoStoreId?: string) => {
  const params = compact({ jwo_store_id: jwoStoreId })
  return useQuery({
    queryKey: jwoCatalogQueryKeys.overview(params),
    queryFn: () => sdk.client.fetch<CatalogOverview>("/admin/jwo/catalog", { query: params }),
    refetchInterval: (q) => (catalogInMotion(q.state.data) ? FOLLOW_MS * 2 : LIVE_MS),
    placeholderData: keepPreviousData,
  })
}

export const useJwoCatalogItems = (query: Record<string, unknown>) => {
  const params = compact(query)
  return useQuery({
    queryKey: jwoCatalogQueryKeys.items(params),
    queryFn: () => sdk.client.fetch<CatalogItemList>("/admin/jwo/catalog/items", { query: params }),
    refetchInterval: LIVE_MS,
    placeholderData: keepPreviousData,
  })
}

export const useJwoCatalogUploads = (query: Record<string, unknown>) => {
  const params = compact(query)
  return useQuery({
    queryKey: jwoCatalogQueryKeys.uploads(params),
    queryFn: () => sdk.client.fetch<CatalogUploadList>("/admin/jwo/catalog/uploads", { query: params }),
    refetchInterval: LIVE_MS,
    placeholderData: keepPreviousData,
  })
}

export const useJwoCatalogSyncs = (query: Record<string, unknown>) => {
  const params = compact(query)
  return useQuery({
    queryKey: jwoCatalogQueryKeys.syncs(params),
    queryFn: () => sdk.client.fetch<CatalogSyncList>("/admin/jwo/catalog/syncs", { query: params }),
    refetchInterval: LIVE_MS,
  })
}

/** Start (or resume) a full sync of one store; `force` sends every item again. */
export const useStartJwoCatalogSync = () => {
  const queryClient = useQueryClient()
  return useMutation<StartCatalogSyncResult, FetchError, { jwo_store_id: string; force: boolean }>({
    mutationFn: (body) => sdk.client.fetch("/admin/jwo/catalog/syncs", { method: "POST", body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: jwoCatalogQueryKeys.all }),
  })
}

/** Send a store's rejected items again. */
export const useRetryJwoCatalogItems = () => {
  const queryClient = useQueryClient()
  return useMutation<RetryCatalogResult, FetchError, { jwo_store_id: string }>({
    mutationFn: (body) => sdk.client.fetch("/admin/jwo/catalog/retry", { method: "POST", body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: jwoCatalogQueryKeys.all }),
  })
}
