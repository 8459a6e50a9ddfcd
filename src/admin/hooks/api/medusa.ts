import { useQuery } from "@tanstack/react-query"
import { sdk } from "../../lib/sdk"

/** Medusa records a JWO store maps to, for the store form's selects (through the sdk's own admin resources). */
export const medusaQueryKeys = {
  salesChannels: ["jwo-medusa", "sales-channels"] as const,
  regions: ["jwo-medusa", "regions"] as const,
  stockLocations: ["jwo-medusa", "stock-locations"] as const,
}

export const useSalesChannelOptions = () =>
  useQuery({
    queryKey: medusaQueryKeys.salesChannels,
    queryFn: () => sdk.admin.salesChannel.list({ limit: 200, fields: "id,name" }),
  })

export const useRegionOptions = () =>
  useQuery({
    queryKey: medusaQueryKeys.regions,
    queryFn: () => sdk.admin.region.list({ limit: 200, fields: "id,name,currency_code,*countries" }),
  })

export const useStockLocationOptions = () =>
  useQuery({
    queryKey: medusaQueryKeys.stockLocations,
    queryFn: () => sdk.admin.stockLocation.list({ limit: 200, fields: "id,name" }),
  })
