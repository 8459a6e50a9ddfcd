import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { CATALOG_EVENTS } from "../workflows/catalog/upload"
import { sendJwoAlert } from "../workflows/alerts"

type UploadEvent = { id: string; jwo_store_id: string; rejected?: number; status?: string; reason?: string; item_count?: number }

/**
 * Thin: Amazon rejected catalog items (an upload's report names rejected items, or Amazon refused a whole upload)
 * → an alert in the admin's notification bell, linking to the store's rejected items.
 */
export default async function jwoAlertCatalog({ event, container }: SubscriberArgs<UploadEvent>) {
  const data = event.data
  if (!data?.id || !data.jwo_store_id) return
  if (event.name === CATALOG_EVENTS.uploadDone && (data.rejected ?? 0) > 0) {
    await sendJwoAlert(container, { kind: "catalog_items_rejected", upload_id: data.id, jwo_store_id: data.jwo_store_id, rejected: data.rejected! })
  } else if (event.name === CATALOG_EVENTS.uploadFailed && data.status === "rejected") {
    await sendJwoAlert(container, {
      kind: "catalog_items_rejected",
      upload_id: data.id,
      jwo_store_id: data.jwo_store_id,
      rejected: data.item_count ?? 0,
      reason: data.reason,
    })
  }
}

export const config: SubscriberConfig = {
  event: [CATALOG_EVENTS.uploadDone, CATALOG_EVENTS.uploadFailed],
  context: { subscriberId: "jwo-alert-catalog" },
}
