/**
 * The Amazon sandbox (architecture: "Sandbox"): a local stand-in for Amazon's Checkout and Catalog APIs, plus a
 * driver that plays Amazon's Identity and Ordering gateways towards the plugin. See `server.ts` and `driver.ts`.
 */
export * from "./server"
export * from "./driver"
export { verifySigV4 } from "./sigv4"
export { validateCheckoutCart, matchCart, parseCents, formatCents } from "./checkout"
export type { CheckoutProblem, CheckoutRule, CartItem } from "./checkout"
export { validateCatalogUpload, buildReport } from "./catalog"
export type { CatalogReport, ItemResult, ProcessingStatus } from "./catalog"
