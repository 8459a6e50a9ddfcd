import { model } from "@medusajs/framework/utils"

/**
 * One Amazon Just Walk Out store, as Amazon knows it (`amazon_store_id` is the `storeId` in every call), mapped to
 * the Medusa sales channel it sells through, the region whose currency, prices and taxes apply, and the address
 * used as the tax location of every trip.
 */
export const JwoStore = model
  .define("jwo_store", {
    id: model.id({ prefix: "jwostore" }).primaryKey(),
    amazon_store_id: model.text(),
    name: model.text(),
    sales_channel_id: model.text(),
    region_id: model.text(),
    stock_location_id: model.text().nullable(),
    address_country_code: model.text(),
    address_province: model.text().nullable(),
    address_city: model.text().nullable(),
    address_postal_code: model.text().nullable(),
    address_line_1: model.text().nullable(),
    enabled: model.boolean().default(true),
    /** Opt-in: fixed identity keys that open the gate for a test visitor (Merchant Portal connectivity test). */
    connectivity_test_enabled: model.boolean().default(false),
    connectivity_test_keys: model.array().nullable(),
    /** How Checkout amounts are read: `line` (whole line, default) or `unit` (per unit). See docs/money.md. */
    checkout_pricing_mode: model.enum(["line", "unit"]).default("line"),
    /** Send this store's Checkout calls to Amazon's `.test.` host (connectivity testing: no real charges). */
    checkout_use_test_host: model.boolean().default(false),
    /** The last Checkout connectivity check: reachable, forbidden, unreachable or unexpected; its message and time. */
    checkout_check_status: model.text().nullable(),
    checkout_check_message: model.text().nullable(),
    checkout_checked_at: model.dateTime().nullable(),
    metadata: model.json().nullable(),
  })
  .indexes([
    { on: ["amazon_store_id"], unique: true, where: "deleted_at IS NULL" },
    { on: ["sales_channel_id"] },
  ])
