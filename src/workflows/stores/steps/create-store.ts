import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { JWO_MODULE } from "../../../modules/jwo"
import type JwoModuleService from "../../../modules/jwo/service"

export type CreateJwoStoreInput = {
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
  checkout_pricing_mode?: "line" | "unit"
  checkout_use_test_host?: boolean
  metadata?: Record<string, unknown> | null
}

export const createJwoStoreStep = createStep(
  "jwo-create-store-step",
  async (input: CreateJwoStoreInput, { container }) => {
    const jwo = container.resolve<JwoModuleService>(JWO_MODULE)
    const store = await jwo.createJwoStores({ ...input, address_country_code: input.address_country_code.toLowerCase() })
    return new StepResponse(store, store.id)
  },
  async (id, { container }) => {
    if (!id) return
    await container.resolve<JwoModuleService>(JWO_MODULE).deleteJwoStores(id)
  }
)
