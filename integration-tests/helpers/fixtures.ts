import type { MedusaContainer } from "@medusajs/framework/types"
import {
  createRegionsWorkflow,
  createSalesChannelsWorkflow,
  createStockLocationsWorkflow,
} from "@medusajs/medusa/core-flows"

/** A US region, a sales channel and a stock location, made through Medusa's own workflows. */
export async function createStoreFixtures(container: MedusaContainer) {
  const {
    result: [region],
  } = await createRegionsWorkflow(container).run({
    input: { regions: [{ name: "US", currency_code: "usd", countries: ["us"], automatic_taxes: true }] },
  })
  const {
    result: [salesChannel],
  } = await createSalesChannelsWorkflow(container).run({
    input: { salesChannelsData: [{ name: "JWO Seattle" }] },
  })
  const {
    result: [stockLocation],
  } = await createStockLocationsWorkflow(container).run({
    input: { locations: [{ name: "JWO Seattle backroom" }] },
  })
  return { region, salesChannel, stockLocation }
}

export function storeBody(fixtures: Awaited<ReturnType<typeof createStoreFixtures>>, overrides: Record<string, unknown> = {}) {
  return {
    amazon_store_id: "STORE-SEA-1",
    name: "Seattle 7th Ave",
    sales_channel_id: fixtures.salesChannel.id,
    region_id: fixtures.region.id,
    stock_location_id: fixtures.stockLocation.id,
    address_country_code: "US",
    address_province: "us-wa",
    address_city: "Seattle",
    address_postal_code: "98101",
    address_line_1: "2131 7th Ave",
    ...overrides,
  }
}
