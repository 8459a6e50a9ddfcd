import { Text } from "@medusajs/ui"
import { useCallback, useEffect, useMemo, useRef, useState } from "react"
import { queryString, useJwoQuery } from "../../lib/jwo-api"
import type { CatalogItemStatus, CatalogOverview, CatalogSyncList, JwoCatalogSync } from "../../lib/jwo-types"
import { useUrlState } from "../../lib/use-url-state"
import { CatalogItems } from "./catalog/catalog-items"
import { CatalogNotificationsCard } from "./catalog/catalog-notifications-card"
import { CatalogStoreCard } from "./catalog/catalog-store-card"
import { CatalogUploads } from "./catalog/catalog-uploads"
import { Empty, ErrorNote, Loading, RefreshButton, Section } from "./common"
import { StoreSelect } from "./store-select"

/** Refresh while a full sync runs, and (slower) while an upload is still at Amazon. */
const SYNC_REFRESH_MS = 3000
const UPLOAD_REFRESH_MS = 10000

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
 * Catalog sync (docs/catalog.md): whether upload notifications (SNS → SQS) are configured and arriving; per JWO store
 * the item totals by status, the last upload, uploads settled by notification versus polling, and the running full
 * sync with its progress (refreshed every few seconds while it runs), the start-sync and retry actions; then the
 * items (problems first) and the uploads.
 */
export const CatalogTab = () => {
  const url = useUrlState()
  const store = url.get("catalog_store")
  const overview = useJwoQuery<CatalogOverview>(`/admin/jwo/catalog${queryString({ jwo_store_id: store })}`)
  const syncs = useJwoQuery<CatalogSyncList>("/admin/jwo/catalog/syncs?limit=20")
  const [refreshKey, setRefreshKey] = useState(0)
  const itemsRef = useRef<HTMLDivElement>(null)

  const stores = overview.data?.stores
  const syncRunning = Boolean(stores?.some((s) => s.running_sync))
  const uploadInFlight = Boolean(stores?.some((s) => s.last_upload && ["queued", "submitted"].includes(s.last_upload.status)))
  const interval = syncRunning ? SYNC_REFRESH_MS : uploadInFlight ? UPLOAD_REFRESH_MS : null

  const refreshAll = useCallback(() => setRefreshKey((k) => k + 1), [])

  useEffect(() => {
    if (!interval) return
    const timer = setInterval(refreshAll, interval)
    return () => clearInterval(timer)
  }, [interval, refreshAll])

  const { reload: reloadOverview } = overview
  const { reload: reloadSyncs } = syncs
  useEffect(() => {
    if (!refreshKey) return
    reloadOverview()
    reloadSyncs()
  }, [refreshKey, reloadOverview, reloadSyncs])

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
          {syncRunning
            ? `A full sync is running: refreshed every ${SYNC_REFRESH_MS / 1000} s.`
            : uploadInFlight
              ? `An upload is at Amazon: refreshed every ${UPLOAD_REFRESH_MS / 1000} s.`
              : "Products sent to Amazon's catalog, per store. Changes are sent on their own; a full sync compares everything."}
        </Text>
        <div className="flex items-center gap-x-2">
          <StoreSelect value={store} onChange={(s) => url.set({ catalog_store: s, citems_page: 0, cuploads_page: 0, citems_upload: "" })} />
          <RefreshButton loading={overview.loading} onClick={refreshAll} />
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
          onChanged={refreshAll}
          onShowItems={(status) => showStoreItems(state.jwo_store_id, status)}
        />
      ))}
      {stores && stores.length > 0 && (
        <>
          <div ref={itemsRef}>
            <CatalogItems store={store} storeLabels={storeLabels} refreshKey={refreshKey} />
          </div>
          <CatalogUploads store={store} storeLabels={storeLabels} refreshKey={refreshKey} onShowItems={showUploadItems} />
        </>
      )}
    </div>
  )
}
