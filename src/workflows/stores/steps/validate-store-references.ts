import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { JWO_MODULE } from "../../../modules/jwo"
import type JwoModuleService from "../../../modules/jwo/service"

export type StoreReferencesInput = {
  /** Set when updating: unchanged fields are read from the stored store. */
  id?: string
  amazon_store_id?: string
  sales_channel_id?: string
  region_id?: string
  stock_location_id?: string | null
  address_country_code?: string
}

/**
 * Refuses, before anything is written, a store whose sales channel, region or stock location does not exist, whose
 * tax address is outside its region (Medusa could not price a cart there), or whose Amazon store id is taken.
 */
export const validateStoreReferencesStep = createStep(
  "jwo-validate-store-references",
  async (input: StoreReferencesInput, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const jwo = container.resolve<JwoModuleService>(JWO_MODULE)
    const current = input.id ? await jwo.retrieveJwoStore(input.id) : undefined
    const merged = { ...current, ...input }

    if (input.amazon_store_id) {
      const [taken] = await jwo.listJwoStores({ amazon_store_id: input.amazon_store_id }, { take: 1 })
      if (taken && taken.id !== input.id) {
        throw new MedusaError(
          MedusaError.Types.DUPLICATE_ERROR,
          `A JWO store with amazon_store_id "${input.amazon_store_id}" already exists (${taken.id}).`
        )
      }
    }

    const exists = async (entity: string, id: string) => {
      const { data } = await query.graph({ entity, fields: ["id"], filters: { id } })
      return data.length > 0
    }
    if (input.sales_channel_id && !(await exists("sales_channel", input.sales_channel_id))) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `Sales channel "${input.sales_channel_id}" does not exist.`)
    }
    if (input.stock_location_id && !(await exists("stock_location", input.stock_location_id))) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `Stock location "${input.stock_location_id}" does not exist.`)
    }
    if (input.region_id || input.address_country_code) {
      const { data: regions } = await query.graph({
        entity: "region",
        fields: ["id", "countries.iso_2"],
        filters: { id: merged.region_id! },
      })
      if (!regions.length) {
        throw new MedusaError(MedusaError.Types.INVALID_DATA, `Region "${merged.region_id}" does not exist.`)
      }
      const countries = (regions[0].countries ?? []).map((c: { iso_2: string } | null) => c?.iso_2)
      const country = merged.address_country_code!.toLowerCase()
      if (!countries.includes(country)) {
        throw new MedusaError(
          MedusaError.Types.INVALID_DATA,
          `address_country_code "${country}" is not a country of region "${merged.region_id}" (its countries: ${
            countries.join(", ") || "none"
          }); Medusa computes tax at the store's address, so it must lie in the store's region.`
        )
      }
    }
    return new StepResponse(undefined)
  }
)
