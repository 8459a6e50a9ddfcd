import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { enqueueCatalogChanges } from "../workflows/catalog/sync"

const PRODUCT_EVENTS = ["product.created", "product.updated", "product.deleted"]
const VARIANT_EVENTS = ["product-variant.created", "product-variant.updated", "product-variant.deleted"]

function ids(data: unknown): string[] {
  const d = data as { id?: string | string[]; ids?: string[] } | undefined
  const list = Array.isArray(d?.id) ? d!.id : d?.id ? [d.id] : Array.isArray(d?.ids) ? d!.ids : []
  return list.filter((id): id is string => typeof id === "string" && id !== "")
}

/**
 * Thin: a product or variant was created, updated (this includes its sales channels, status, prices set through the
 * product) or deleted → queue the catalog change. The queued job maps, compares and coalesces per store; the event
 * bus tries a subscriber once, so nothing else happens here. Workflow events only (not the module-level ones).
 */
export default async function jwoCatalogProductChanges({ event, container }: SubscriberArgs<unknown>) {
  const list = ids(event.data)
  if (!list.length) return
  try {
    if (PRODUCT_EVENTS.includes(event.name)) await enqueueCatalogChanges(container, { product_ids: list })
    else await enqueueCatalogChanges(container, { variant_ids: list })
  } catch (error) {
    // The periodic reconcile (jwo-catalog-reconcile) catches what is lost here.
    container.resolve("logger").warn(`medusa-plugin-jwo: catalog change ${event.name} not queued: ${(error as Error).message}`)
  }
}

export const config: SubscriberConfig = {
  event: [...PRODUCT_EVENTS, ...VARIANT_EVENTS],
  context: { subscriberId: "jwo-catalog-product-changes" },
}
