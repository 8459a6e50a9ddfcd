import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { enqueueCatalogChanges } from "../workflows/catalog/sync"

const PRODUCT_EVENTS = ["product.created", "product.updated", "product.deleted"]
const VARIANT_EVENTS = ["product-variant.created", "product-variant.updated", "product-variant.deleted"]
/**
 * The product ↔ sales channel link module's own events (payload: the link row ids). Adding or removing products on
 * the sales channel's page (`POST /admin/sales-channels/:id/products`) emits no product event, only these.
 */
const CHANNEL_LINK_EVENTS = ["LinkProductSalesChannel.attached", "LinkProductSalesChannel.detached"]

function ids(data: unknown): string[] {
  const d = data as { id?: string | string[]; ids?: string[] } | undefined
  const list = Array.isArray(d?.id) ? d!.id : d?.id ? [d.id] : Array.isArray(d?.ids) ? d!.ids : []
  return list.filter((id): id is string => typeof id === "string" && id !== "")
}

/**
 * Thin: a product or variant was created, updated (this includes its status, prices set through the product) or
 * deleted, or a product was added to or taken out of a sales channel → queue the catalog change. The queued job
 * maps, compares and coalesces per store; the event bus tries a subscriber once, so nothing else happens here.
 * Product workflow events only (not the module-level ones, which duplicate them).
 */
export default async function jwoCatalogProductChanges({ event, container }: SubscriberArgs<unknown>) {
  const list = ids(event.data)
  if (!list.length) return
  try {
    if (PRODUCT_EVENTS.includes(event.name)) await enqueueCatalogChanges(container, { product_ids: list })
    else if (CHANNEL_LINK_EVENTS.includes(event.name)) await enqueueCatalogChanges(container, { channel_link_ids: list })
    else await enqueueCatalogChanges(container, { variant_ids: list })
  } catch (error) {
    // The periodic reconcile (jwo-catalog-reconcile) catches what is lost here.
    container.resolve("logger").warn(`medusa-plugin-jwo: catalog change ${event.name} not queued: ${(error as Error).message}`)
  }
}

export const config: SubscriberConfig = {
  event: [...PRODUCT_EVENTS, ...VARIANT_EVENTS, ...CHANNEL_LINK_EVENTS],
  context: { subscriberId: "jwo-catalog-product-changes" },
}
