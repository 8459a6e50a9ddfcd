import type { MedusaContainer } from "@medusajs/framework/types"
import {
  createCustomerGroupsWorkflow,
  createPriceListsWorkflow,
  createProductCategoriesWorkflow,
  createProductsWorkflow,
  createPromotionsWorkflow,
  createRegionsWorkflow,
  createSalesChannelsWorkflow,
  createStockLocationsWorkflow,
  createTaxRegionsWorkflow,
  linkCustomersToCustomerGroupWorkflow,
  linkSalesChannelsToStockLocationWorkflow,
} from "@medusajs/medusa/core-flows"

/** New York: 8.875 % sales tax, the rate the hand computations in the trip tests use. */
export const TAX_RATE = 8.875

/**
 * A small grocery, made with Medusa's own workflows: a USD region with automatic taxes (8.875 % at the store's
 * address in New York) and the plugin's payment provider, a sales channel linked to a stock location, products with
 * SKUs and barcodes (one weighed, priced per kg; one with managed stock and none in stock; one in Bakery with an
 * automatic 10 % promotion; one draft), and a Members group with a price list.
 */
export async function createGrocery(container: MedusaContainer) {
  const {
    result: [region],
  } = await createRegionsWorkflow(container).run({
    input: {
      regions: [
        { name: "US", currency_code: "usd", countries: ["us"], automatic_taxes: true, payment_providers: ["pp_jwo_jwo"] },
      ],
    },
  })
  const {
    result: [usTax],
  } = await createTaxRegionsWorkflow(container).run({ input: [{ country_code: "us", provider_id: "tp_system" }] })
  await createTaxRegionsWorkflow(container).run({
    input: [
      {
        country_code: "us",
        province_code: "us-ny",
        parent_id: usTax.id,
        default_tax_rate: { rate: TAX_RATE, code: "NY", name: "New York" },
      },
    ],
  })
  const {
    result: [salesChannel, otherChannel],
  } = await createSalesChannelsWorkflow(container).run({
    input: { salesChannelsData: [{ name: "JWO Manhattan" }, { name: "Online only" }] },
  })
  const {
    result: [stockLocation],
  } = await createStockLocationsWorkflow(container).run({ input: { locations: [{ name: "Manhattan backroom" }] } })
  await linkSalesChannelsToStockLocationWorkflow(container).run({ input: { id: stockLocation.id, add: [salesChannel.id] } })

  const { result: categories } = await createProductCategoriesWorkflow(container).run({
    input: { product_categories: [{ name: "Bakery", handle: "bakery", is_active: true }] },
  })
  const product = (
    title: string,
    sku: string,
    barcode: string,
    price: number,
    extra: Record<string, unknown> = {},
    variantExtra: Record<string, unknown> = {}
  ) => ({
    title,
    status: "published" as const,
    sales_channels: [{ id: salesChannel.id }],
    options: [{ title: "Size", values: ["One"] }],
    ...extra,
    variants: [
      {
        title: "One",
        sku,
        barcode,
        manage_inventory: false,
        options: { Size: "One" },
        prices: [{ amount: price, currency_code: "usd" }],
        ...variantExtra,
      },
    ],
  })
  const { result: products } = await createProductsWorkflow(container).run({
    input: {
      products: [
        product("Sparkling Water 500ml", "SKU-WATER", "012345678905", 1.99),
        product("Granola Bar", "SKU-GRANOLA", "4006381333931", 2.49),
        product("Sourdough Loaf", "SKU-BREAD", "036000291452", 4.5, { category_ids: [categories[0].id] }),
        product("Bananas", "SKU-BANANA", "4011", 1.52, { metadata: { jwo_unit: "kg" } }, { metadata: { jwo_unit: "kg" } }),
        product("Energy Drink", "SKU-ENERGY", "5000112637922", 2.99, {}, { manage_inventory: true }),
        product("Draft Cookie", "SKU-DRAFT", "9780306406157", 1.0, { status: "draft" }),
        product("Online Only Mug", "SKU-MUG", "0725272730706", 9.0, { sales_channels: [{ id: otherChannel.id }] }),
      ],
    },
  })
  const variant = (sku: string) => products.flatMap((p) => p.variants ?? []).find((v) => v.sku === sku)!

  const {
    result: [members],
  } = await createCustomerGroupsWorkflow(container).run({ input: { customersData: [{ name: "Members" }] } })
  await createPriceListsWorkflow(container).run({
    input: {
      price_lists_data: [
        {
          title: "Members prices",
          description: "Members pay less for granola",
          status: "active",
          rules: { "customer.groups.id": [members.id] },
          prices: [{ variant_id: variant("SKU-GRANOLA").id, amount: 1.99, currency_code: "usd" }],
        },
      ],
    },
  })
  await createPromotionsWorkflow(container).run({
    input: {
      promotionsData: [
        {
          code: "BAKERY-10",
          type: "standard",
          status: "active",
          is_automatic: true,
          application_method: {
            type: "percentage",
            target_type: "items",
            allocation: "across",
            value: 10,
            currency_code: "usd",
            target_rules: [{ attribute: "items.product.categories.id", operator: "in", values: [categories[0].id] }],
          },
        },
      ],
    },
  })
  const addMember = (customerId: string) =>
    linkCustomersToCustomerGroupWorkflow(container).run({ input: { id: members.id, add: [customerId] } })

  return { region, salesChannel, stockLocation, products, variant, members, addMember }
}

/** The JWO store in New York, for the grocery above. */
export function nyStoreBody(grocery: Awaited<ReturnType<typeof createGrocery>>, overrides: Record<string, unknown> = {}) {
  return {
    amazon_store_id: "STORE-NYC-1",
    name: "Manhattan 5th Ave",
    sales_channel_id: grocery.salesChannel.id,
    region_id: grocery.region.id,
    stock_location_id: grocery.stockLocation.id,
    address_country_code: "us",
    address_province: "us-ny",
    address_city: "New York",
    address_postal_code: "10001",
    address_line_1: "350 5th Ave",
    ...overrides,
  }
}
