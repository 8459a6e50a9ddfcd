import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MathBN, MedusaError, Modules, QueryContext } from "@medusajs/framework/utils"
import { JWO_MODULE } from "../../modules/jwo"
import type JwoModuleService from "../../modules/jwo/service"
import type { CatalogItemRow } from "../../modules/jwo/service"
import { catalogItemHash, mapVariantToCatalogItem } from "../../modules/jwo/catalog-item"

/** A JWO store as the catalog sync needs it. */
export type CatalogStore = {
  id: string
  amazon_store_id: string
  name: string
  sales_channel_id: string
  region_id: string
  enabled: boolean
  currency_code: string
}

/** The stores to sync: the given ids (any state), or every enabled store. Unknown ids are a NOT_FOUND error. */
export async function loadCatalogStores(container: MedusaContainer, ids?: string[]): Promise<CatalogStore[]> {
  const jwo = container.resolve<JwoModuleService>(JWO_MODULE)
  const stores = await jwo.listJwoStores(ids ? { id: ids } : { enabled: true }, { order: { created_at: "ASC" } })
  if (ids) {
    const missing = ids.filter((id) => !stores.some((s) => s.id === id))
    if (missing.length) throw new MedusaError(MedusaError.Types.NOT_FOUND, `JWO store not found: ${missing.join(", ")}`)
  }
  if (!stores.length) return []
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: regions } = await query.graph({
    entity: "region",
    fields: ["id", "currency_code"],
    filters: { id: [...new Set(stores.map((s) => s.region_id))] },
  })
  const currency = new Map(regions.map((r: any) => [r.id, r.currency_code as string]))
  return stores.map((s) => ({
    id: s.id,
    amazon_store_id: s.amazon_store_id,
    name: s.name,
    sales_channel_id: s.sales_channel_id,
    region_id: s.region_id,
    enabled: s.enabled,
    currency_code: currency.get(s.region_id) ?? "usd",
  }))
}

/** The product ↔ sales channel link module (its `list` pages with take/order, which query.graph does not for links). */
function productChannelLinks(container: MedusaContainer): any {
  const link = container.resolve(ContainerRegistrationKeys.LINK) as any
  const service = link.getLinkModule(Modules.PRODUCT, "product_id", Modules.SALES_CHANNEL, "sales_channel_id")
  if (!service) throw new Error("medusa-plugin-jwo: the product ↔ sales channel link module is not loaded")
  return service
}

/** One page of the product ids in a sales channel, ordered by id, after `cursor`. */
export async function productIdsPage(
  container: MedusaContainer,
  salesChannelId: string,
  cursor: string | null,
  take: number
): Promise<string[]> {
  const rows: { product_id: string }[] = await productChannelLinks(container).list(
    { sales_channel_id: salesChannelId, ...(cursor ? { product_id: { $gt: cursor } } : {}) },
    { take, order: { product_id: "ASC" }, select: ["product_id"] }
  )
  return rows.map((row) => row.product_id)
}

/**
 * The products of product ↔ sales channel link rows, by link id, removed ones included: the link module's
 * `LinkProductSalesChannel.attached|detached` events carry only the link ids (a detached row is soft-deleted).
 */
export async function productIdsOfChannelLinks(container: MedusaContainer, linkIds: string[]): Promise<string[]> {
  if (!linkIds.length) return []
  const rows: { product_id: string }[] = await productChannelLinks(container).list(
    { id: linkIds },
    { select: ["product_id"], withDeleted: true }
  )
  return [...new Set(rows.map((row) => row.product_id))]
}

/** How many products a sales channel has (progress total of a full sync). */
export async function countChannelProducts(container: MedusaContainer, salesChannelId: string): Promise<number> {
  const [, count] = await productChannelLinks(container).listAndCount({ sales_channel_id: salesChannelId }, { take: 1, select: ["product_id"] })
  return Number(count)
}

const PRODUCT_FIELDS = [
  "id",
  "title",
  "subtitle",
  "status",
  "metadata",
  "type.value",
  "collection.title",
  "categories.name",
  "categories.parent_category.name",
  "sales_channels.id",
  "variants.id",
  "variants.sku",
  "variants.barcode",
  "variants.ean",
  "variants.upc",
  "variants.title",
  "variants.metadata",
  "variants.calculated_price.calculated_amount",
  "variants.calculated_price.raw_calculated_amount",
]

/** Products (with variants and the store's calculated prices) by id; products that no longer exist are absent. */
export async function loadProducts(container: MedusaContainer, store: CatalogStore, productIds: string[]): Promise<any[]> {
  if (!productIds.length) return []
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "product",
    fields: PRODUCT_FIELDS,
    filters: { id: productIds },
    context: {
      variants: { calculated_price: QueryContext({ region_id: store.region_id, currency_code: store.currency_code }) },
    },
  })
  return data
}

/** Whether a product belongs in the store's JWO catalog: published and sold through the store's sales channel. */
export function inStoreCatalog(product: any, store: CatalogStore): boolean {
  return product?.status === "published" && (product.sales_channels ?? []).some((c: any) => c?.id === store.sales_channel_id)
}

/** Maps every variant of the (in-catalog) products to a row for `upsertCatalogItems`. */
export function mapProductsForStore(products: any[], store: CatalogStore): CatalogItemRow[] {
  const rows: CatalogItemRow[] = []
  for (const product of products) {
    for (const variant of product.variants ?? []) {
      if (!variant) continue
      const raw = variant.calculated_price?.raw_calculated_amount ?? variant.calculated_price?.calculated_amount
      const price = raw === undefined || raw === null ? null : MathBN.convert(raw).toFixed()
      const result = mapVariantToCatalogItem({
        storeId: store.amazon_store_id,
        currencyCode: store.currency_code,
        variant,
        product,
        price,
      })
      rows.push({
        variant_id: variant.id,
        product_id: product.id,
        sku: result.ok ? result.item.item_sku : (typeof variant.sku === "string" && variant.sku.trim()) || null,
        content_hash: result.ok ? catalogItemHash(result.item) : null,
        payload: result.ok ? (result.item as unknown as Record<string, unknown>) : null,
        reasons: result.ok ? null : result.reasons,
        warnings: result.warnings.length ? result.warnings : null,
      })
    }
  }
  return rows
}
