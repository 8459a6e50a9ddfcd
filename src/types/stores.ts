import type { DeleteResponse, ListPage, Timestamp } from "./common"

export const CHECKOUT_PRICING_MODES = ["line", "unit"] as const
export type CheckoutPricingMode = (typeof CHECKOUT_PRICING_MODES)[number]

/** Results of the Checkout connectivity check (POST /admin/jwo/stores/:id/checkout-check). */
export type CheckoutCheckStatus = "reachable" | "forbidden" | "unreachable" | "unexpected"

/** Which kind of Amazon endpoint a URL is: the local sandbox, Amazon's `.test.` host, Amazon's production host, or another. */
export type EndpointKind = "sandbox" | "test" | "production" | "other"

export type AdminJwoStore = {
  id: string
  amazon_store_id: string
  name: string
  sales_channel_id: string
  region_id: string
  stock_location_id: string | null
  address_country_code: string
  address_province: string | null
  address_city: string | null
  address_postal_code: string | null
  address_line_1: string | null
  enabled: boolean
  connectivity_test_enabled: boolean
  connectivity_test_keys: string[] | null
  checkout_pricing_mode: CheckoutPricingMode
  checkout_use_test_host: boolean
  checkout_check_status: CheckoutCheckStatus | string | null
  checkout_check_message: string | null
  checkout_checked_at: Timestamp | null
  metadata: Record<string, unknown> | null
  created_at: Timestamp
  updated_at: Timestamp
  /** Every Scan Key Code this app issues matches it: enter exactly this in the Merchant Portal. */
  qr_pattern: string
  /** The Checkout endpoint this store's calls go to now (the test host when `checkout_use_test_host`), and its kind. */
  checkout_endpoint: { url: string; kind: EndpointKind }
  sales_channel?: { id: string; name: string } | null
  region?: { id: string; name: string; currency_code: string } | null
  stock_location?: { id: string; name: string } | null
}

/** Body of POST /admin/jwo/stores (create); the update takes any subset. */
export type AdminJwoStoreInput = {
  amazon_store_id: string
  name: string
  sales_channel_id: string
  region_id: string
  stock_location_id?: string | null
  address_country_code: string
  address_province?: string | null
  address_city?: string | null
  address_postal_code?: string | null
  address_line_1?: string | null
  enabled?: boolean
  connectivity_test_enabled?: boolean
  connectivity_test_keys?: string[] | null
  checkout_pricing_mode?: CheckoutPricingMode
  checkout_use_test_host?: boolean
  metadata?: Record<string, unknown> | null
}

/** `warnings`: what is configured but silently does nothing, e.g. customer groups that do not exist (shown on the settings page). */
export type AdminJwoStoreListResponse = ListPage & { jwo_stores: AdminJwoStore[]; warnings?: string[] }
export type AdminJwoStoreResponse = { jwo_store: AdminJwoStore }
export type AdminJwoStoreDeleteResponse = DeleteResponse<"jwo_store">
export type AdminJwoCheckoutCheckResponse = {
  checkout_check: { status: CheckoutCheckStatus; message: string; http_status?: number | null }
  jwo_store: AdminJwoStore
}

/**
 * GET /admin/jwo/settings: what the plugin is configured with, as staff need to see it (never a secret): the Amazon
 * endpoints in use and their kind, the QR pattern, whether alerts reach the notification bell.
 */
export type AdminJwoSettings = {
  checkout: { endpoint: string; kind: EndpointKind; test_endpoint: string; test_kind: EndpointKind }
  catalog: { endpoint: string; kind: EndpointKind; notifications_queue: string | null }
  scan_key: { prefix: string; qr_pattern: string; freshness_seconds: number }
  /** How the Amazon calls are signed (no secret): static keys, an IAM role, or the AWS_* environment. */
  credentials: "static" | "role" | "environment"
  alerts: { feed: boolean }
}
export type AdminJwoSettingsResponse = { settings: AdminJwoSettings }
