import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { JWO_MODULE } from "../../../../modules/jwo"
import type JwoModuleService from "../../../../modules/jwo/service"
import { CATALOG_ITEM_STATUSES } from "../../../../modules/jwo/models/jwo-catalog-item"
import { syncUploadFigures } from "../../../../workflows/catalog/sync"

/**
 * Catalog sync state per JWO store: item totals by status, the last upload, uploads settled by notification versus
 * by polling, and the full sync running over it (with progress and its uploads in flight); and the state of the
 * catalog notifications (SNS → SQS): configured or not, this instance's consumer, the last message received.
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const jwo = req.scope.resolve<JwoModuleService>(JWO_MODULE)
  const filter = (req.validatedQuery as { jwo_store_id?: string | string[] }).jwo_store_id
  const ids = filter === undefined ? undefined : Array.isArray(filter) ? filter : [filter]
  const stores = await jwo.listJwoStores(ids ? { id: ids } : {}, { order: { created_at: "ASC" } })
  const counts = await jwo.countCatalogItems(stores.map((s) => s.id))
  const running = await jwo.listJwoCatalogSyncs({ status: "running" }, { order: { created_at: "DESC" } })
  const settledBy = await jwo.countCatalogUploadsSettledBy(stores.map((s) => s.id))
  const out = []
  for (const store of stores) {
    const byStatus = Object.fromEntries(CATALOG_ITEM_STATUSES.map((s) => [s, counts[store.id]?.[s] ?? 0])) as Record<string, number>
    const total = Object.values(byStatus).reduce((a, b) => a + b, 0)
    const [lastUpload] = await jwo.listJwoCatalogUploads({ jwo_store_id: store.id }, { take: 1, order: { created_at: "DESC" } })
    const sync = running.find((s) => (s.store_ids as unknown as string[]).includes(store.id))
    out.push({
      jwo_store_id: store.id,
      amazon_store_id: store.amazon_store_id,
      name: store.name,
      enabled: store.enabled,
      totals: { ...byStatus, total },
      last_upload: lastUpload ?? null,
      settled_by: settledBy[store.id],
      running_sync: sync ? { ...sync, ...(await syncUploadFigures(req.scope, sync.id)) } : null,
    })
  }
  res.json({ stores: out, notifications: await jwo.catalogNotificationsStatus() })
}
