import type { MedusaContainer } from "@medusajs/framework/types"
import { JWO_MODULE } from "../modules/jwo"
import type JwoModuleService from "../modules/jwo/service"
import { startFullSync } from "../workflows/catalog/sync"

/**
 * Price and price-list changes, and products linked to a sales channel from the sales channel's page, emit no
 * product events: a periodic full sync without `force` compares every item's content hash with what was sent and
 * uploads only the difference (and marks what left the catalog removed). Skipped while another sync runs.
 */
export default async function jwoCatalogReconcile(container: MedusaContainer): Promise<string | null> {
  const jwo = container.resolve<JwoModuleService>(JWO_MODULE)
  const running = await jwo.listJwoCatalogSyncs({ status: "running" }, { take: 1 })
  if (running.length) return null
  const stores = await jwo.listJwoStores({ enabled: true }, { take: 1 })
  if (!stores.length) return null
  const { sync } = await startFullSync(container, { trigger: "reconcile" })
  return sync.id
}

export const config = { name: "jwo-catalog-reconcile", schedule: "*/15 * * * *" }
