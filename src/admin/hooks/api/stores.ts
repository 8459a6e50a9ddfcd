import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import type { FetchError } from "@medusajs/js-sdk"
import type {
  AdminJwoCheckoutCheckResponse,
  AdminJwoSettingsResponse,
  AdminJwoStoreDeleteResponse,
  AdminJwoStoreInput,
  AdminJwoStoreListResponse,
  AdminJwoStoreResponse,
} from "../../../types"
import { sdk } from "../../lib/sdk"
import { jwoCatalogQueryKeys } from "./catalog"
import { jwoStatsQueryKeys } from "./stats"

const STORES = "jwo-stores"

export const jwoStoresQueryKeys = {
  all: [STORES] as const,
  lists: () => [STORES, "list"] as const,
  list: (query?: Record<string, unknown>) => [STORES, "list", query ? { query } : undefined] as const,
  detail: (id: string) => [STORES, "detail", id] as const,
  settings: () => [STORES, "settings"] as const,
}

const LIST_QUERY = { limit: 100, order: "amazon_store_id" }

/** Every JWO store (up to 100), ordered by Amazon store id. */
export const useJwoStores = () =>
  useQuery({
    queryKey: jwoStoresQueryKeys.list(LIST_QUERY),
    queryFn: () => sdk.client.fetch<AdminJwoStoreListResponse>("/admin/jwo/stores", { query: LIST_QUERY }),
  })

/** What the plugin is configured with (the Amazon endpoints in use, the QR pattern); no secret. */
export const useJwoSettings = () =>
  useQuery({
    queryKey: jwoStoresQueryKeys.settings(),
    queryFn: () => sdk.client.fetch<AdminJwoSettingsResponse>("/admin/jwo/settings"),
  })

function useInvalidateStores() {
  const queryClient = useQueryClient()
  return () => {
    queryClient.invalidateQueries({ queryKey: jwoStoresQueryKeys.all })
    queryClient.invalidateQueries({ queryKey: jwoStatsQueryKeys.all })
    queryClient.invalidateQueries({ queryKey: jwoCatalogQueryKeys.all })
  }
}

export const useCreateJwoStore = () => {
  const invalidate = useInvalidateStores()
  return useMutation<AdminJwoStoreResponse, FetchError, AdminJwoStoreInput>({
    mutationFn: (body) => sdk.client.fetch("/admin/jwo/stores", { method: "POST", body }),
    onSuccess: () => invalidate(),
  })
}

export const useUpdateJwoStore = (id: string) => {
  const invalidate = useInvalidateStores()
  return useMutation<AdminJwoStoreResponse, FetchError, Partial<AdminJwoStoreInput>>({
    mutationFn: (body) => sdk.client.fetch(`/admin/jwo/stores/${id}`, { method: "POST", body }),
    onSuccess: () => invalidate(),
  })
}

export const useDeleteJwoStore = (id: string) => {
  const invalidate = useInvalidateStores()
  return useMutation<AdminJwoStoreDeleteResponse, FetchError, void>({
    mutationFn: () => sdk.client.fetch(`/admin/jwo/stores/${id}`, { method: "DELETE" }),
    onSuccess: () => invalidate(),
  })
}

/** The signed Checkout call for an unknown trip (nothing is charged); the result is stored on the store. */
export const useJwoCheckoutCheck = (id: string) => {
  const invalidate = useInvalidateStores()
  return useMutation<AdminJwoCheckoutCheckResponse, FetchError, void>({
    mutationFn: () => sdk.client.fetch(`/admin/jwo/stores/${id}/checkout-check`, { method: "POST" }),
    onSuccess: () => invalidate(),
  })
}
