import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryKey, type UseQueryOptions } from "@tanstack/react-query"
import type { FetchError } from "@medusajs/js-sdk"
import {
  WORKING_TRIP_STATUSES,
  type AdminJwoTripBulkAction,
  type AdminJwoTripBulkResponse,
  type AdminJwoTripListParams,
  type AdminJwoTripListResponse,
  type AdminJwoTripResponse,
} from "../../../types"
import { sdk } from "../../lib/sdk"
import { FOLLOW_MS, LIVE_MS, compact } from "./live"
import { jwoStatsQueryKeys } from "./stats"

const TRIPS = "jwo-trips"

export const jwoTripsQueryKeys = {
  all: [TRIPS] as const,
  lists: () => [TRIPS, "list"] as const,
  list: (query?: AdminJwoTripListParams) => [TRIPS, "list", query ? { query } : undefined] as const,
  details: () => [TRIPS, "detail"] as const,
  detail: (id: string) => [TRIPS, "detail", id] as const,
}

type QueryOptions<T> = Omit<UseQueryOptions<T, FetchError, T, QueryKey>, "queryFn" | "queryKey">

/** Trips, newest first; live (refetched every few seconds while the page is visible). */
export const useJwoTrips = (query: AdminJwoTripListParams, options?: QueryOptions<AdminJwoTripListResponse>) => {
  const params = compact(query)
  return useQuery({
    queryKey: jwoTripsQueryKeys.list(params),
    queryFn: () => sdk.client.fetch<AdminJwoTripListResponse>("/admin/jwo/trips", { query: params }),
    refetchInterval: LIVE_MS,
    placeholderData: keepPreviousData,
    ...options,
  })
}

/** One trip; while the plugin works on it (after a retry, say) it is followed every second until it settles. */
export const useJwoTrip = (id: string | undefined, options?: QueryOptions<AdminJwoTripResponse>) =>
  useQuery({
    queryKey: jwoTripsQueryKeys.detail(id ?? ""),
    queryFn: () => sdk.client.fetch<AdminJwoTripResponse>(`/admin/jwo/trips/${id}`),
    enabled: Boolean(id),
    refetchInterval: (q) => {
      const status = q.state.data?.trip.status
      return status && WORKING_TRIP_STATUSES.includes(status) ? FOLLOW_MS : LIVE_MS
    },
    ...options,
  })

/** Everything a change to trips makes stale: the lists, the trip pages, the counts and the dashboard. */
function useInvalidateTrips() {
  const queryClient = useQueryClient()
  return (id?: string) => {
    queryClient.invalidateQueries({ queryKey: jwoTripsQueryKeys.lists() })
    if (id) queryClient.invalidateQueries({ queryKey: jwoTripsQueryKeys.detail(id) })
    else queryClient.invalidateQueries({ queryKey: jwoTripsQueryKeys.details() })
    queryClient.invalidateQueries({ queryKey: jwoStatsQueryKeys.all })
  }
}

/** Retry (price again, or submit to Checkout again) with an optional note. */
export const useRetryJwoTrip = (id: string) => {
  const queryClient = useQueryClient()
  const invalidate = useInvalidateTrips()
  return useMutation<AdminJwoTripResponse, FetchError, { note?: string }>({
    mutationFn: (body) => sdk.client.fetch(`/admin/jwo/trips/${id}/retry`, { method: "POST", body: compact(body) }),
    onSuccess: (data) => {
      queryClient.setQueryData(jwoTripsQueryKeys.detail(id), data)
      invalidate(id)
    },
  })
}

/** Resolve by hand, with a reason: no charge, and no order is placed for the trip. */
export const useResolveJwoTrip = (id: string) => {
  const queryClient = useQueryClient()
  const invalidate = useInvalidateTrips()
  return useMutation<AdminJwoTripResponse, FetchError, { reason: string }>({
    mutationFn: (body) => sdk.client.fetch(`/admin/jwo/trips/${id}/resolve`, { method: "POST", body }),
    onSuccess: (data) => {
      queryClient.setQueryData(jwoTripsQueryKeys.detail(id), data)
      invalidate(id)
    },
  })
}

/** Retry or resolve many trips with one note or reason; answers per trip. */
export const useBulkJwoTrips = () => {
  const invalidate = useInvalidateTrips()
  return useMutation<AdminJwoTripBulkResponse, FetchError, AdminJwoTripBulkAction>({
    mutationFn: (body) => sdk.client.fetch("/admin/jwo/trips/bulk", { method: "POST", body }),
    onSuccess: () => invalidate(),
  })
}
