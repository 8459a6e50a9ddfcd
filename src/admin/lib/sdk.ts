import Medusa from "@medusajs/js-sdk"

/**
 * The admin's HTTP client, configured as the dashboard's own (and the official plugins') is: the app's backend URL
 * and auth type (session cookie or JWT) from the admin build. Every admin request of the plugin goes through it.
 */
export const sdk = new Medusa({
  baseUrl: __BACKEND_URL__ ?? "/",
  auth: {
    type: __AUTH_TYPE__ ?? "session",
    jwtTokenStorageKey: __JWT_TOKEN_STORAGE_KEY__ || undefined,
  },
})
