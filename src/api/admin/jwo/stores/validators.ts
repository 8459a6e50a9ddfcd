import { z } from "@medusajs/framework/zod"
import { IDENTITY_KEY_MAX_LENGTH } from "../../../../modules/jwo/scan-key"
import { MAX_CONNECTIVITY_TEST_KEYS } from "../../../../modules/jwo/entry"
import { createFindParams, createSelectParams } from "@medusajs/medusa/api/utils/validators"

const text255 = z.string().trim().min(1).max(255)
const optionalText = z.string().trim().max(255).nullish()

export const AdminGetJwoStoreParams = createSelectParams()

export const AdminGetJwoStoresParams = createFindParams({ offset: 0, limit: 20 })
  .extend({
    sales_channel_id: z.union([z.string(), z.array(z.string())]).optional(),
    region_id: z.union([z.string(), z.array(z.string())]).optional(),
    enabled: z
      .enum(["true", "false"])
      .transform((value) => value === "true")
      .optional(),
    amazon_store_id: z.string().optional(),
  })
  .strict()

const storeFields = {
  amazon_store_id: text255.regex(/^\S+$/, "must not contain spaces"),
  name: text255,
  sales_channel_id: text255,
  region_id: text255,
  stock_location_id: z.string().trim().min(1).nullish(),
  address_country_code: z
    .string()
    .regex(/^[A-Za-z]{2}$/, "must be an ISO 3166-1 alpha-2 country code such as us")
    .transform((value) => value.toLowerCase()),
  address_province: optionalText,
  address_city: optionalText,
  address_postal_code: optionalText,
  address_line_1: optionalText,
  enabled: z.boolean().optional(),
  /** Opt-in: the identity keys below open the gate for a fixed test visitor (Merchant Portal connectivity test). */
  connectivity_test_enabled: z.boolean().optional(),
  connectivity_test_keys: z
    .array(z.string().trim().min(1).max(IDENTITY_KEY_MAX_LENGTH))
    .max(MAX_CONNECTIVITY_TEST_KEYS, `at most ${MAX_CONNECTIVITY_TEST_KEYS} keys`)
    .nullish(),
  /** How Checkout amounts are read: for the whole line (default) or per unit. See docs/money.md. */
  checkout_pricing_mode: z.enum(["line", "unit"]).optional(),
  /** Send Checkout calls to Amazon's `.test.` host (connectivity testing, no real charges). */
  checkout_use_test_host: z.boolean().optional(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
}

export const AdminCreateJwoStore = z.object(storeFields).strict()
export type AdminCreateJwoStoreType = z.infer<typeof AdminCreateJwoStore>

export const AdminUpdateJwoStore = z
  .object(storeFields)
  .partial()
  .strict()
  .refine((body) => Object.keys(body).length > 0, "Nothing to update: send at least one field.")
export type AdminUpdateJwoStoreType = z.infer<typeof AdminUpdateJwoStore>
