import { Text } from "@medusajs/ui"
import { useMemo, useRef } from "react"
import type { CatalogItemStatus, JwoCatalogSync } from "../../../types"
import { catalogInMotion, useJwoCatalogOverview, useJwoCatalogSyncs } from "../../hooks/api"
import { useUrlState } from "../../lib/use-url-state"
import { CatalogItems } from "./catalog/catalog-items"
import { CatalogNotificationsCard } from "./catalog/catalog-notifications-card"
import { CatalogStoreCard } from "./catalog/catalog-store-card"
import { CatalogUploads } from "./catalog/catalog-uploads"
import { Empty, ErrorNote, LiveNote, Loading, Section } from "./common"
import { StoreSelect } from "./store-select"

/** The newest finished full sync covering each store (from the newest syncs). */
function lastSyncByStore(syncs: JwoCatalogSync[] | undefined): Record<string, JwoCatalogSync> {
  const out: Record<string, JwoCatalogSync> = {}
  for (const sync of syncs ?? []) {
    if (sync.status === "running") continue
    for (const id of sync.store_ids ?? []) out[id] ??= sync
  }
  return out
}

/**
 * Catalog sync (docs/catalog.md), live: whether upload notifications (SNS → SQS) are configured and arriving; per JWO
 * store the item totals by status, the last upload, uploads settled by notification versus polling, and the running
 * full sync with its progress (followed every two seconds while anything is in motion), the start-sync and retry
 * actions; then the items (problems first) and the uploads.
 */
export const CatalogTab = () => {
  const url = useUrlState()
  const store = url.get("catalog_store")
  const overview = useJwoCatalogOverview(store || undefined)
  const syncs = useJwoCatalogSyncs({ limit: 20 })
  const itemsRef = useRef<HTMLDivElement>(null)

  const stores = overview.data?.stores
  const moving = catalogInMotion(overview.data)
  const lastSyncs = useMemo(() => lastSyncByStore(syncs.data?.syncs), [syncs.data])
  const storeLabels = useMemo(
    () => Object.fromEntries((stores ?? []).map((s) => [s.jwo_store_id, `${s.name} (${s.amazon_store_id})`])),
    [stores]
  )
  const manyStores = (stores?.length ?? 0) > 1 || Boolean(store)

  const scrollToItems = () => itemsRef.current?.scrollIntoView({ behavior: "smooth", block: "start" })
  const showStoreItems = (storeId: string, status: CatalogItemStatus | "all") => {
    url.set({
      catalog_store: manyStores ? storeId : store,
      citems_status: status,
      citems_upload: "",
      citems_page: 0,
    })
    scrollToItems()
  }
  const showUploadItems = (uploadId: string) => {
    url.set({ citems_upload: uploadId, citems_status: "all", citems_page: 0 })
    scrollToItems()
  }

  return (
    <div className="flex flex-col gap-y-3">
      <div className="flex items-center justify-between gap-x-2">
        <Text size="small" className="text-ui-fg-subtle">
          {moving
            ? "Items are on their way to Amazon: followed every two seconds."
            : "Products sent to Amazon's catalog, per store. Changes are sent on their own; a full sync compares everything."}
        </Text>
        <div className="flex items-center gap-x-3">
          <StoreSelect value={store} onChange={(s) => url.set({ catalog_store: s, citems_page: 0, cuploads_page: 0, citems_upload: "" })} />
          <LiveNote fetching={overview.isFetching} />
        </div>
      </div>
      {overview.error && (
        <Section title="Catalog sync">
          <ErrorNote prefix="Could not load the catalog sync state" message={overview.error.message} />
        </Section>
      )}
      {!overview.error && !overview.data && <Loading />}
      {stores?.length === 0 && (
        <Section title="Catalog sync">
          <Empty>No JWO store yet: the catalog is synced per store.</Empty>
        </Section>
      )}
      {overview.data?.notifications && <CatalogNotificationsCard status={overview.data.notifications} />}
      {stores?.map((state) => (
        <CatalogStoreCard
          key={state.jwo_store_id}
          state={state}
          lastSync={lastSyncs[state.jwo_store_id]}
          onShowItems={(status) => showStoreItems(state.jwo_store_id, status)}
        />
      ))}
      {stores && stores.length > 0 && (
        <>
          <div ref={itemsRef}>
            <CatalogItems store={store} storeLabels={storeLabels} />
          </div>
          <CatalogUploads store={store} storeLabels={storeLabels} onShowItems={showUploadItems} />
        </>
      )}
    </div>
  )
}
