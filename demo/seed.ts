/**
 * Demo data for `npm run demo` (run by scripts/demo.js as `npx medusa exec ./demo/seed.ts`; it can be run by hand the
 * same way). Everything is made through Medusa's own workflows and the plugin's `createJwoStoreWorkflow`, so events,
 * links and validation are the real ones.
 *
 * Idempotent: when the JWO store DEMO-STORE-1 exists it does nothing and says so. It creates that store last, so a
 * seed that stopped halfway is detected (its sales channel or SKUs exist without the store) and the script says how
 * to start over instead of creating duplicates.
 *
 * What it creates: a USD region for the US (automatic taxes, New York City sales tax on us-ny through the system tax
 * provider), a sales channel with a publishable API key, a stock location linked to the channel, six product
 * categories, about fifty grocery products (valid UPC-A / EAN-13 barcodes, produce PLUs, goods sold by weight), a
 * "Members" customer group with a price list, an automatic 10% promotion on the Bakery category, three shoppers and one
 * store associate (Casey Morgan) who can log in to the store API, and the JWO store DEMO-STORE-1 mapped to all of it.
 */
import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import {
  createApiKeysWorkflow,
  createCustomerGroupsWorkflow,
  createCustomersWorkflow,
  createInventoryLevelsWorkflow,
  createPriceListsWorkflow,
  createProductCategoriesWorkflow,
  createProductsWorkflow,
  createPromotionsWorkflow,
  createRegionsWorkflow,
  createSalesChannelsWorkflow,
  createStockLocationsWorkflow,
  createTaxRegionsWorkflow,
  linkCustomersToCustomerGroupWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
  linkSalesChannelsToStockLocationWorkflow,
  updateStoresWorkflow,
} from "@medusajs/medusa/core-flows"
import { JWO_MODULE } from "../src/modules/jwo"
import type JwoModuleService from "../src/modules/jwo/service"
import { detectBarcode, type ExternalProductIdType } from "../src/modules/jwo/catalog-item"
import { createJwoStoreWorkflow } from "../src/workflows/stores"

export const DEMO_AMAZON_STORE_ID = "DEMO-STORE-1"
const DEMO_STORE_NAME = "Demo Just Walk Out Store"
const CURRENCY = "usd"
const SHOPPER_PASSWORD = "jwo-demo-shopper"

/** Where the demo store is: its address is the tax location of every trip, so it sits in the taxed province. */
const STORE_ADDRESS = {
  address_1: "1250 Broadway",
  city: "New York",
  province: "us-ny",
  postal_code: "10001",
  country_code: "us",
}
/**
 * New York City's combined sales tax (4% state + 4.5% city + 0.375% MCTD). The demo taxes every product at this rate
 * to show tax on a trip; real New York law exempts most grocery food (a tax rate rule per product type would model it).
 */
const TAX_RATE = { name: "New York City sales tax", code: "NYC", rate: 8.875 }

/* ------------------------------------------------------------------ */
/* Barcodes                                                            */
/* ------------------------------------------------------------------ */

/**
 * GS1 mod-10 check digit, written here independently of the plugin's own (which verifies the result below): weights
 * 3, 1, 3, ... from the digit next to the check digit.
 */
function gs1Check(payload: string): string {
  let sum = 0
  for (let i = 0; i < payload.length; i++) {
    const digit = Number(payload[payload.length - 1 - i])
    sum += digit * (i % 2 === 0 ? 3 : 1)
  }
  return String((10 - (sum % 10)) % 10)
}

type Barcode = { code: string; type: ExternalProductIdType }

/** UPC-A under GS1 US's documentation company prefix 614141 (it belongs to no real product). */
const upc = (item: string): Barcode => ({ code: `614141${item.padStart(5, "0")}` + gs1Check(`614141${item.padStart(5, "0")}`), type: "UPC" })
/** EAN-13 under GS1 Germany's documentation prefix 4012345, for the imported goods. */
const ean = (item: string): Barcode => ({ code: `4012345${item.padStart(5, "0")}` + gs1Check(`4012345${item.padStart(5, "0")}`), type: "EAN" })
/** UPC-A with number system 4 (in-store numbering): the store's own bakery and kitchen. */
const inStore = (item: string): Barcode => ({ code: `4000000${item.padStart(4, "0")}` + gs1Check(`4000000${item.padStart(4, "0")}`), type: "UPC" })
/** UPC-A with number system 2 (variable measure, as printed by the deli scale), price digits left at zero. */
const scale = (item: string): Barcode => ({ code: `2${item.padStart(5, "0")}00000` + gs1Check(`2${item.padStart(5, "0")}00000`), type: "UPC" })
/** Produce PLU (IFPS): 4 digits, or 5 with a leading 9 for organic. No check digit. */
const plu = (code: string): Barcode => ({ code, type: "PLU" })

/* ------------------------------------------------------------------ */
/* Catalog                                                             */
/* ------------------------------------------------------------------ */

const CATEGORIES = {
  BEV: { name: "Beverages", handle: "beverages" },
  SNK: { name: "Snacks", handle: "snacks" },
  PRD: { name: "Fresh Produce", handle: "fresh-produce" },
  BAK: { name: "Bakery", handle: "bakery" },
  DLI: { name: "Dairy & Deli", handle: "dairy-deli" },
  HOM: { name: "Household & Health", handle: "household-health" },
} as const
type CategoryKey = keyof typeof CATEGORIES

type DemoProduct = {
  category: CategoryKey
  title: string
  /** The value of the product's one option, "Size"; also the variant's title. */
  size: string
  /** USD, major units (Medusa 2 amounts). For goods sold by weight: per kg. */
  price: number
  barcode: Barcode
  brand?: string
  /** Sold by weight, priced per kg. */
  weighed?: boolean
  /** Price for the Members customer group (price list). */
  memberPrice?: number
  /** Managed inventory with this many units at the demo stock location; unset: not inventory-managed. */
  stock?: number
}

const P = (
  category: CategoryKey,
  title: string,
  size: string,
  price: number,
  barcode: Barcode,
  extra: Omit<DemoProduct, "category" | "title" | "size" | "price" | "barcode"> = {}
): DemoProduct => ({ category, title, size, price, barcode, ...extra })

const PRODUCTS: DemoProduct[] = [
  // Beverages
  P("BEV", "Sparkling Water, Lime", "12 fl oz can", 1.49, upc("10011"), { brand: "Cascade Springs", memberPrice: 1.19 }),
  P("BEV", "Spring Water", "16.9 fl oz bottle", 1.29, upc("10012"), { brand: "Cascade Springs", stock: 72 }),
  P("BEV", "Cold Brew Coffee, Black", "11 fl oz bottle", 4.49, upc("10013"), { brand: "Pike Roasters", memberPrice: 3.99, stock: 24 }),
  P("BEV", "Orange Juice, No Pulp", "12 fl oz bottle", 3.99, upc("10014"), { brand: "Sunfield Farms" }),
  P("BEV", "Classic Cola", "20 fl oz bottle", 2.29, upc("10015"), { brand: "Fizzwell", stock: 48 }),
  P("BEV", "Diet Cola", "20 fl oz bottle", 2.29, upc("10016"), { brand: "Fizzwell", stock: 48 }),
  P("BEV", "Unsweetened Green Tea", "16 fl oz bottle", 2.79, upc("10017"), { brand: "Kyoto Leaf" }),
  P("BEV", "Ginger Kombucha", "16 fl oz bottle", 3.99, upc("10018"), { brand: "Brightbrew", memberPrice: 3.49 }),
  P("BEV", "Sports Drink, Lemon-Lime", "28 fl oz bottle", 2.49, upc("10019"), { brand: "Stride" }),
  P("BEV", "Energy Drink, Original", "16 fl oz can", 3.29, upc("10020"), { brand: "Voltage", stock: 2 }),
  P("BEV", "Sparkling Mineral Water", "750 ml bottle", 2.99, ean("20011"), { brand: "Quelle Alpin" }),
  // Snacks
  P("SNK", "Sea Salt Potato Chips", "2 oz bag", 1.99, upc("20011"), { brand: "Golden Acre" }),
  P("SNK", "Kettle Cooked BBQ Chips", "2 oz bag", 2.19, upc("20012"), { brand: "Golden Acre" }),
  P("SNK", "Tortilla Chips, Restaurant Style", "11 oz bag", 4.29, upc("20013"), { brand: "Casa Verde" }),
  P("SNK", "Salted Mini Pretzels", "8 oz bag", 3.49, upc("20014"), { brand: "Golden Acre" }),
  P("SNK", "Trail Mix, Sweet & Salty", "3.5 oz bag", 4.49, upc("20015"), { brand: "Ridgeline", memberPrice: 3.99 }),
  P("SNK", "Milk Chocolate Bar", "1.55 oz bar", 1.99, ean("20021"), { brand: "Edelweiss Chocolatiers" }),
  P("SNK", "Dark Chocolate 70% Cacao", "3.5 oz bar", 3.99, ean("20022"), { brand: "Edelweiss Chocolatiers" }),
  P("SNK", "Protein Bar, Peanut Butter", "2.1 oz bar", 2.99, upc("20016"), { brand: "Ridgeline", memberPrice: 2.49 }),
  P("SNK", "Granola Bar, Oats & Honey", "1.5 oz bar", 1.49, upc("20017"), { brand: "Ridgeline" }),
  P("SNK", "Fruit Gummies", "5 oz bag", 2.49, ean("20023"), { brand: "Haribeary" }),
  P("SNK", "Roasted Salted Almonds", "6 oz can", 5.99, upc("20018"), { brand: "Ridgeline" }),
  P("SNK", "Original Beef Jerky", "2.85 oz bag", 6.99, upc("20019"), { brand: "Big Sky Provisions" }),
  // Fresh produce: PLU items, weighed or by the piece, and pre-packed items with a UPC
  P("PRD", "Bananas", "per kg", 1.52, plu("4011"), { weighed: true, memberPrice: 1.3 }),
  P("PRD", "Organic Bananas", "per kg", 1.96, plu("94011"), { weighed: true }),
  P("PRD", "Fuji Apples", "per kg", 5.49, plu("4131"), { weighed: true }),
  P("PRD", "Tomatoes on the Vine", "per kg", 6.59, plu("4664"), { weighed: true }),
  P("PRD", "Hass Avocado", "each", 1.79, plu("4046")),
  P("PRD", "Lemon", "each", 0.79, plu("4053")),
  P("PRD", "Lime", "each", 0.49, plu("4048")),
  P("PRD", "Cucumber", "each", 0.99, plu("4062")),
  P("PRD", "Baby Carrots", "1 lb bag", 1.99, upc("30011"), { brand: "Sunfield Farms" }),
  P("PRD", "Blueberries", "1 pint", 4.99, upc("30012"), { brand: "Sunfield Farms" }),
  P("PRD", "Strawberries", "1 lb clamshell", 4.49, upc("30013"), { brand: "Sunfield Farms" }),
  P("PRD", "Cut Fruit Cup, Melon Mix", "12 oz cup", 4.99, inStore("3001")),
  // Bakery (the automatic 10% promotion targets this category)
  P("BAK", "Butter Croissant", "each", 2.95, inStore("1001")),
  P("BAK", "Blueberry Muffin", "each", 3.25, inStore("1002")),
  P("BAK", "Everything Bagel", "each", 1.75, inStore("1003")),
  P("BAK", "Chocolate Chip Cookie", "each", 2.25, inStore("1004")),
  P("BAK", "Sourdough Loaf", "24 oz loaf", 6.49, inStore("1005")),
  P("BAK", "Cinnamon Roll", "each", 3.75, inStore("1006")),
  // Dairy & deli: packaged, made in store, and sold by weight at the deli counter
  P("DLI", "Greek Yogurt, Plain", "5.3 oz cup", 1.79, upc("40011"), { brand: "Meadowlark Dairy", memberPrice: 1.49 }),
  P("DLI", "Whole Milk", "half gallon", 3.49, upc("40012"), { brand: "Meadowlark Dairy" }),
  P("DLI", "Mozzarella String Cheese", "6 ct pack", 4.29, upc("40013"), { brand: "Meadowlark Dairy" }),
  P("DLI", "Classic Hummus", "10 oz tub", 4.49, upc("40014"), { brand: "Olive & Thyme" }),
  P("DLI", "Hard-Boiled Eggs", "2 ct pack", 2.49, upc("40015"), { brand: "Meadowlark Dairy" }),
  P("DLI", "Turkey & Swiss Sandwich", "each", 7.49, inStore("2001"), { memberPrice: 6.49 }),
  P("DLI", "Chicken Caesar Salad", "each", 8.99, inStore("2002")),
  P("DLI", "California Roll", "8 pc tray", 7.99, inStore("2003")),
  P("DLI", "Aged Cheddar, Deli Sliced", "per kg", 19.82, scale("50011"), { weighed: true }),
  P("DLI", "Smoked Turkey Breast, Deli Sliced", "per kg", 24.23, scale("50012"), { weighed: true }),
  P("DLI", "Olive Bar Mix", "per kg", 22.03, scale("50013"), { weighed: true }),
  // Household & health
  P("HOM", "Ibuprofen Tablets 200 mg", "24 ct bottle", 4.99, upc("60011"), { brand: "CareAisle" }),
  P("HOM", "Pocket Tissues", "6 pack", 2.49, upc("60012"), { brand: "CareAisle" }),
  P("HOM", "Hand Sanitizer", "2 fl oz bottle", 1.99, upc("60013"), { brand: "CareAisle" }),
  P("HOM", "AA Alkaline Batteries", "4 pack", 6.99, upc("60014"), { brand: "Lumenpower" }),
  P("HOM", "Lip Balm, Original", "0.15 oz stick", 2.29, ean("20031"), { brand: "Nordkap Care" }),
]

const CUSTOMERS = [
  { first_name: "Alex", last_name: "Rivera", email: "alex.rivera@jwo.demo", phone: "+12125550101", member: true },
  { first_name: "Jordan", last_name: "Lee", email: "jordan.lee@jwo.demo", phone: "+12125550102", member: false },
  { first_name: "Sam", last_name: "Patel", email: "sam.patel@jwo.demo", phone: "+12125550103", member: false },
  // A store associate: in the associates group of the plugin options, enters as ASSOCIATE.
  { first_name: "Casey", last_name: "Morgan", email: "casey.morgan@jwo.demo", phone: "+12125550104", member: false },
]
const ASSOCIATE_EMAIL = "casey.morgan@jwo.demo"

/** SKUs per category in catalog order: JWO-BEV-001, JWO-BEV-002, ... */
function withSkus(products: DemoProduct[]): (DemoProduct & { sku: string })[] {
  const counters: Partial<Record<CategoryKey, number>> = {}
  return products.map((p) => {
    const n = (counters[p.category] = (counters[p.category] ?? 0) + 1)
    return { ...p, sku: `JWO-${p.category}-${String(n).padStart(3, "0")}` }
  })
}

/** Refuses a catalog with a barcode the plugin would not accept, or with duplicate SKUs or barcodes. */
function checkCatalog(products: (DemoProduct & { sku: string })[]) {
  const problems: string[] = []
  const seen = new Set<string>()
  for (const p of products) {
    const detection = detectBarcode(p.barcode.code)
    if (!detection.ok) problems.push(`${p.sku} ${p.barcode.code}: ${detection.message}`)
    else if (detection.type !== p.barcode.type) {
      problems.push(`${p.sku} ${p.barcode.code}: detected as ${detection.type}, meant as ${p.barcode.type}`)
    }
    for (const key of [p.sku, p.barcode.code]) {
      if (seen.has(key)) problems.push(`${key} is used twice`)
      seen.add(key)
    }
  }
  if (problems.length) throw new Error(`The demo catalog is wrong:\n  ${problems.join("\n  ")}`)
}

function handleOf(title: string) {
  return title
    .toLowerCase()
    .replace(/&/g, "and")
    .replace(/%/g, "pct")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
}

/* ------------------------------------------------------------------ */
/* Seed                                                                */
/* ------------------------------------------------------------------ */

export default async function seedDemo({ container }: ExecArgs) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const jwo = container.resolve<JwoModuleService>(JWO_MODULE)

  const [existing] = await jwo.listJwoStores({ amazon_store_id: DEMO_AMAZON_STORE_ID }, { take: 1 })
  if (existing) {
    logger.info(`jwo-demo-seed: the demo data is already there (JWO store ${DEMO_AMAZON_STORE_ID} is ${existing.id}); nothing to do.`)
    return
  }

  const catalog = withSkus(PRODUCTS)
  checkCatalog(catalog)

  // A seed that stopped halfway left data without the JWO store: say how to start over rather than duplicate it.
  const { data: leftoverChannels } = await query.graph({
    entity: "sales_channel",
    fields: ["id"],
    filters: { name: DEMO_STORE_NAME },
  })
  const { data: leftoverVariants } = await query.graph({
    entity: "product_variant",
    fields: ["id"],
    filters: { sku: catalog.map((p) => p.sku) },
  })
  const { data: regions } = await query.graph({ entity: "region", fields: ["id", "countries.iso_2"] })
  const usRegions = regions.filter((r) => (r.countries ?? []).some((c: { iso_2?: string } | null) => c?.iso_2 === "us"))
  const { data: usTaxRegions } = await query.graph({
    entity: "tax_region",
    fields: ["id"],
    filters: { country_code: "us" },
  })
  if (leftoverChannels.length || leftoverVariants.length || usRegions.length || usTaxRegions.length) {
    throw new Error(
      `This database already has part of what the demo creates (sales channel "${DEMO_STORE_NAME}": ` +
        `${leftoverChannels.length}, demo SKUs: ${leftoverVariants.length}, regions with the US: ${usRegions.length}, ` +
        `US tax regions: ${usTaxRegions.length}) but no JWO store ${DEMO_AMAZON_STORE_ID}: an earlier seed stopped ` +
        `halfway, or this is not the demo's own database. Start over with an empty demo database: npm run demo -- --reset`
    )
  }

  logger.info(`jwo-demo-seed: creating the demo data (${catalog.length} products)...`)

  // Region, taxes
  const {
    result: [region],
  } = await createRegionsWorkflow(container).run({
    input: {
      regions: [
        {
          name: "United States",
          currency_code: CURRENCY,
          countries: ["us"],
          automatic_taxes: true,
          payment_providers: ["pp_system_default", "pp_jwo_jwo"],
        },
      ],
    },
  })
  const {
    result: [countryTaxRegion],
  } = await createTaxRegionsWorkflow(container).run({
    input: [{ country_code: "us", provider_id: "tp_system" }],
  })
  await createTaxRegionsWorkflow(container).run({
    input: [
      {
        country_code: "us",
        province_code: STORE_ADDRESS.province,
        parent_id: countryTaxRegion.id,
        default_tax_rate: TAX_RATE,
      },
    ],
  })

  // Sales channel, stock location, publishable key
  const {
    result: [salesChannel],
  } = await createSalesChannelsWorkflow(container).run({
    input: {
      salesChannelsData: [
        { name: DEMO_STORE_NAME, description: `Sales through the Amazon Just Walk Out store ${DEMO_AMAZON_STORE_ID}` },
      ],
    },
  })
  const {
    result: [stockLocation],
  } = await createStockLocationsWorkflow(container).run({
    input: { locations: [{ name: `${DEMO_STORE_NAME} backroom`, address: STORE_ADDRESS }] },
  })
  await linkSalesChannelsToStockLocationWorkflow(container).run({
    input: { id: stockLocation.id, add: [salesChannel.id] },
  })
  const {
    result: [apiKey],
  } = await createApiKeysWorkflow(container).run({
    input: { api_keys: [{ title: DEMO_STORE_NAME, type: "publishable", created_by: "jwo-demo-seed" }] },
  })
  await linkSalesChannelsToApiKeyWorkflow(container).run({ input: { id: apiKey.id, add: [salesChannel.id] } })

  // The Medusa store's defaults, so the admin creates new products and carts in the demo channel and region.
  const { data: stores } = await query.graph({ entity: "store", fields: ["id"] })
  if (stores[0]) {
    await updateStoresWorkflow(container).run({
      input: {
        selector: { id: stores[0].id },
        update: {
          supported_currencies: [{ currency_code: CURRENCY, is_default: true }],
          default_sales_channel_id: salesChannel.id,
          default_region_id: region.id,
          default_location_id: stockLocation.id,
        },
      },
    })
  }

  // Categories and products
  const { result: categories } = await createProductCategoriesWorkflow(container).run({
    input: {
      product_categories: Object.values(CATEGORIES).map((c) => ({ name: c.name, handle: c.handle, is_active: true })),
    },
  })
  const categoryId = (key: CategoryKey) => categories.find((c) => c.handle === CATEGORIES[key].handle)!.id

  const { result: products } = await createProductsWorkflow(container).run({
    input: {
      products: catalog.map((p) => {
        const soldBy = p.weighed ? { jwo_sold_by: "weight", jwo_unit: "kg" } : {}
        return {
          title: p.title,
          handle: handleOf(p.title),
          status: "published" as const,
          category_ids: [categoryId(p.category)],
          sales_channels: [{ id: salesChannel.id }],
          metadata: { ...(p.brand ? { brand: p.brand } : {}), ...soldBy },
          options: [{ title: "Size", values: [p.size] }],
          variants: [
            {
              title: p.size,
              sku: p.sku,
              barcode: p.barcode.code,
              manage_inventory: p.stock !== undefined,
              allow_backorder: false,
              options: { Size: p.size },
              prices: [{ amount: p.price, currency_code: CURRENCY }],
              metadata: { ...soldBy },
            },
          ],
        }
      }),
    },
  })
  const variantBySku = new Map<string, { id: string }>()
  for (const product of products) for (const v of product.variants ?? []) if (v.sku) variantBySku.set(v.sku, v)

  // Stock at the store for the inventory-managed goods (the energy drink is nearly sold out on purpose).
  const stocked = catalog.filter((p) => p.stock !== undefined)
  const { data: stockedVariants } = await query.graph({
    entity: "product_variant",
    fields: ["sku", "inventory_items.inventory_item_id"],
    filters: { sku: stocked.map((p) => p.sku) },
  })
  await createInventoryLevelsWorkflow(container).run({
    input: {
      inventory_levels: stockedVariants.map((v) => ({
        inventory_item_id: v.inventory_items![0]!.inventory_item_id,
        location_id: stockLocation.id,
        stocked_quantity: stocked.find((p) => p.sku === v.sku)!.stock!,
      })),
    },
  })

  // Customers and the Members group with its price list
  const {
    result: [members],
  } = await createCustomerGroupsWorkflow(container).run({
    input: { customersData: [{ name: "Members", metadata: { jwo_demo: true } }] },
  })
  const { result: customers } = await createCustomersWorkflow(container).run({
    input: {
      customersData: CUSTOMERS.map(({ member, ...c }) => ({ ...c, has_account: true, metadata: { jwo_demo: true } })),
    },
  })
  const memberIds = customers.filter((c) => CUSTOMERS.find((d) => d.email === c.email)?.member).map((c) => c.id)
  await linkCustomersToCustomerGroupWorkflow(container).run({ input: { id: members.id, add: memberIds } })

  // The gate's groups, named as in the plugin options (customerGroups): associates, cash shoppers, blocked.
  const gateGroups = container.resolve<JwoModuleService>(JWO_MODULE).getOptions().customerGroups
  const gateGroupNames = [gateGroups.associates[0], gateGroups.cashShoppers[0], gateGroups.blocked[0]]
  const { result: createdGateGroups } = await createCustomerGroupsWorkflow(container).run({
    input: {
      customersData: gateGroupNames
        .filter((name): name is string => Boolean(name) && !name!.startsWith("cusgroup_"))
        .map((name) => ({ name, metadata: { jwo_demo: true } })),
    },
  })
  const associatesGroup = createdGateGroups.find((g) => g.name === gateGroups.associates[0])
  const associate = customers.find((c) => c.email === ASSOCIATE_EMAIL)
  if (associatesGroup && associate) {
    await linkCustomersToCustomerGroupWorkflow(container).run({ input: { id: associatesGroup.id, add: [associate.id] } })
  }

  // Store-API logins for the shoppers (what the customer-facing app uses to ask for a scan key).
  const auth = container.resolve(Modules.AUTH)
  for (const customer of customers) {
    const { authIdentity, error } = await auth.register("emailpass", {
      body: { email: customer.email, password: SHOPPER_PASSWORD },
    })
    if (error || !authIdentity) throw new Error(`Could not create the login of ${customer.email}: ${error}`)
    await auth.updateAuthIdentities({ id: authIdentity.id, app_metadata: { customer_id: customer.id } })
  }

  const memberPriced = catalog.filter((p) => p.memberPrice !== undefined)
  await createPriceListsWorkflow(container).run({
    input: {
      price_lists_data: [
        {
          title: "Members prices",
          description: "Lower prices for the Members customer group",
          status: "active",
          rules: { "customer.groups.id": [members.id] },
          prices: memberPriced.map((p) => ({
            variant_id: variantBySku.get(p.sku)!.id,
            amount: p.memberPrice!,
            currency_code: CURRENCY,
          })),
        },
      ],
    },
  })

  // Automatic promotion: 10% off everything in Bakery
  await createPromotionsWorkflow(container).run({
    input: {
      promotionsData: [
        {
          code: "JWO-BAKERY-10",
          type: "standard",
          status: "active",
          is_automatic: true,
          application_method: {
            type: "percentage",
            target_type: "items",
            allocation: "across",
            value: 10,
            currency_code: CURRENCY,
            target_rules: [{ attribute: "items.product.categories.id", operator: "in", values: [categoryId("BAK")] }],
          },
        },
      ],
    },
  })

  // The JWO store, last: its existence marks a complete seed.
  const { result: jwoStore } = await createJwoStoreWorkflow(container).run({
    input: {
      amazon_store_id: DEMO_AMAZON_STORE_ID,
      name: DEMO_STORE_NAME,
      sales_channel_id: salesChannel.id,
      region_id: region.id,
      stock_location_id: stockLocation.id,
      address_country_code: STORE_ADDRESS.country_code,
      address_province: STORE_ADDRESS.province,
      address_city: STORE_ADDRESS.city,
      address_postal_code: STORE_ADDRESS.postal_code,
      address_line_1: STORE_ADDRESS.address_1,
      metadata: { jwo_demo: true },
    },
  })

  const weighed = catalog.filter((p) => p.weighed)
  const summary = [
    `jwo-demo-seed: done.`,
    `  JWO store        ${DEMO_AMAZON_STORE_ID} "${DEMO_STORE_NAME}" (${jwoStore.id}), ${STORE_ADDRESS.address_1}, ${STORE_ADDRESS.city} ${STORE_ADDRESS.postal_code}`,
    `  region           ${region.name} (${region.id}), USD, automatic taxes; ${TAX_RATE.name} ${TAX_RATE.rate}% on ${STORE_ADDRESS.province}`,
    `  sales channel    ${salesChannel.name} (${salesChannel.id}); stock location ${stockLocation.name} (${stockLocation.id})`,
    `  publishable key  ${apiKey.token}`,
    `  products         ${products.length} in ${categories.length} categories; ${weighed.length} sold by weight (per kg: ${weighed
      .map((p) => p.title)
      .join("; ")}); ${stocked.length} with managed stock`,
    `  Members          price list with ${memberPriced.length} prices; member: ${CUSTOMERS.filter((c) => c.member)
      .map((c) => c.email)
      .join(", ")}`,
    `  promotion        JWO-BAKERY-10, automatic, 10% off ${CATEGORIES.BAK.name}`,
    `  customers        ${customers.map((c) => c.email).join(", ")} (store API password: ${SHOPPER_PASSWORD})`,
    `  gate groups      ${createdGateGroups.map((g) => g.name).join(", ")}; ${ASSOCIATE_EMAIL} is an associate`,
  ]
  logger.info(summary.join("\n"))
}
