import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { JWO_MODULE } from "../../../../../modules/jwo"
import type JwoModuleService from "../../../../../modules/jwo/service"
import type { CatalogItemList, JwoCatalogItem } from "../../../../../types"

/**
 * Per-variant catalog state (with reasons and Amazon's messages, and the product's and variant's titles); filters:
 * store, status, variant, product, SKU, upload.
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse<CatalogItemList>) {
  const jwo = req.scope.resolve<JwoModuleService>(JWO_MODULE)
  const { skip, take, order } = req.queryConfig.pagination
  const [items, count] = await jwo.listAndCountJwoCatalogItems(req.filterableFields as Record<string, unknown>, {
    skip,
    take,
    order: order ?? { updated_at: "DESC" },
  })
  const ids = [...new Set(items.map((i) => i.variant_id))]
  const { data: variants } = ids.length
    ? await req.scope
        .resolve(ContainerRegistrationKeys.QUERY)
        .graph({ entity: "product_variant", fields: ["id", "title", "product.title"], filters: { id: ids } })
    : { data: [] as any[] }
  const titles = new Map(variants.map((v: any) => [v.id as string, { title: v.title ?? null, product_title: v.product?.title ?? null }]))
  res.json({
    items: items.map((item) => ({ ...(item as unknown as JwoCatalogItem), variant: titles.get(item.variant_id) ?? null })),
    count,
    offset: skip ?? 0,
    limit: take ?? 50,
  })
}
