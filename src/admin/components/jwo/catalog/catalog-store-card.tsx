import { Badge, Button, Checkbox, Label, Text, toast, usePrompt } from "@medusajs/ui"
import { useState } from "react"
import { errorMessage, useRetryJwoCatalogItems, useStartJwoCatalogSync } from "../../../hooks/api"
import { formatDateTime, humanize, syncShownStatus } from "../../../lib/jwo-format"
import type {
  CatalogItemStatus,
  CatalogReportSummary,
  CatalogStoreState,
  JwoCatalogSync,
  JwoCatalogSyncProgress,
} from "../../../../types"
import { Field, Figure, Section } from "../common"
import { CatalogSyncStatusBadge, CatalogUploadStatusBadge, ProgressBar } from "./catalog-badges"

/** The item totals in the order staff read them; problems are red when not zero. */
const TOTALS: { key: CatalogItemStatus | "total"; label: string; alert?: boolean }[] = [
  { key: "total", label: "Items" },
  { key: "accepted", label: "Accepted" },
  { key: "pending", label: "Pending" },
  { key: "uploading", label: "Uploading" },
  { key: "rejected", label: "Rejected", alert: true },
  { key: "invalid", label: "Invalid", alert: true },
  { key: "removed", label: "Removed" },
]

/** "12 accepted · 1 rejected · 0 missing" from an upload's report summary. */
export function reportSummaryText(summary: CatalogReportSummary | null | undefined): string {
  if (!summary) return "—"
  const parts = [`${summary.accepted ?? 0} accepted`, `${summary.rejected ?? 0} rejected`]
  if (summary.missing) parts.push(`${summary.missing} missing`)
  return parts.join(" · ")
}

/** Whether the sync's runner still holds its lease (a dead run is resumed by the next start or the watch job). */
function isAlive(sync: JwoCatalogSync): boolean {
  return Boolean(sync.lease_until && new Date(sync.lease_until).getTime() > Date.now())
}

function syncScope(sync: JwoCatalogSync): string {
  const stores = sync.store_ids?.length ?? 0
  const scope = sync.scope === "all" ? `all enabled stores (${stores})` : stores > 1 ? `${stores} stores` : "this store"
  return [scope, `started by ${sync.trigger}`, sync.force ? "forced (resends everything)" : null].filter(Boolean).join(" · ")
}

const Small = ({ label, value, alert }: { label: string; value: number; alert?: boolean }) => (
  <div className="flex items-baseline justify-between gap-x-2 rounded-md border px-3 py-1.5">
    <Text size="xsmall" className="text-ui-fg-subtle">
      {label}
    </Text>
    <Text size="small" weight="plus" className={alert && value > 0 ? "text-ui-fg-error" : undefined}>
      {value}
    </Text>
  </div>
)

/** The full sync running over the store: products done of total, items, uploads in flight and failures. */
const RunningSync = ({ sync }: { sync: JwoCatalogSyncProgress }) => {
  const alive = isAlive(sync)
  return (
    <div className="flex flex-col gap-y-3 px-6 py-4">
      <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
        <Text size="small" weight="plus">
          Full sync
        </Text>
        <CatalogSyncStatusBadge status={sync.status} />
        <Text size="xsmall" className="text-ui-fg-subtle">
          {syncScope(sync)} · since {formatDateTime(sync.started_at)}
          {sync.runs > 1 ? ` · run ${sync.runs}` : ""}
        </Text>
      </div>
      <div className="flex flex-col gap-y-1">
        <ProgressBar done={sync.products_done} total={sync.products_total} />
        <Text size="xsmall" className="text-ui-fg-subtle">
          {sync.products_done} of {sync.products_total} products · {sync.variants_seen} variants seen
          {sync.scope !== "store" || (sync.store_ids?.length ?? 0) > 1 ? " (all stores of the sync)" : ""}
        </Text>
      </div>
      <div className="grid grid-cols-2 gap-2 md:grid-cols-3 xl:grid-cols-6">
        <Small label="Items queued" value={sync.items_queued} />
        <Small label="Unchanged" value={sync.items_unchanged} />
        <Small label="Invalid" value={sync.items_invalid} alert />
        <Small label="Removed" value={sync.items_removed} />
        <Small label="Uploads created" value={sync.uploads_created} />
        <Small label="Uploads in flight" value={sync.uploads_in_flight} />
        <Small label="Uploads done" value={sync.uploads_done} />
        <Small label="Uploads failed" value={sync.uploads_failed} alert />
        <Small label="Items sent" value={sync.items_sent} />
        <Small label="Items accepted" value={sync.items_accepted} />
        <Small label="Items rejected" value={sync.items_rejected} alert />
      </div>
      {!alive && (
        <Text size="xsmall" className="text-ui-fg-subtle">
          Its runner stopped ({sync.lease_until ? `lease ended ${formatDateTime(sync.lease_until)}` : "no lease"}); it is
          resumed from where it stopped within a minute, or now with “Start full sync” (same options).
        </Text>
      )}
      {sync.error && (
        <Text size="xsmall" className="text-ui-fg-error">
          {sync.error}
        </Text>
      )}
    </div>
  )
}

/** Start (or resume) a full sync of the store, optionally resending everything, and retry its rejected items. */
const CatalogActions = ({ state }: { state: CatalogStoreState }) => {
  const prompt = usePrompt()
  const startSync = useStartJwoCatalogSync()
  const retryItems = useRetryJwoCatalogItems()
  const [force, setForce] = useState(false)
  const starting = startSync.isPending
  const retrying = retryItems.isPending
  const running = state.running_sync && isAlive(state.running_sync)
  const checkboxId = `jwo-catalog-force-${state.jwo_store_id}`

  const start = async () => {
    if (force) {
      const confirmed = await prompt({
        title: "Resend the whole catalog?",
        description: `Every item of ${state.name} is sent to Amazon again, changed or not. Uploads share Amazon's rate limit with the other stores.`,
        confirmText: "Resend everything",
        cancelText: "Cancel",
      })
      if (!confirmed) return
    }
    startSync.mutate(
      { jwo_store_id: state.jwo_store_id, force },
      {
        onSuccess: (body) => {
          if (body.created) toast.success(`Full sync of ${state.name} started`, { description: force ? "Every item is sent again." : undefined })
          else if (body.resumed) toast.success(`Full sync of ${state.name} resumed`, { description: "It continues where it stopped." })
          else toast.info(`A full sync of ${state.name} is already running`)
          setForce(false)
        },
        onError: (e) => toast.error("Could not start the full sync", { description: errorMessage(e) }),
      }
    )
  }

  const retry = () =>
    retryItems.mutate(
      { jwo_store_id: state.jwo_store_id },
      {
        onSuccess: (body) => {
          if (body.total > 0) toast.success(`${body.total} rejected item${body.total === 1 ? "" : "s"} of ${state.name} queued again`)
          else toast.info("No rejected item to retry", { description: "Invalid items need a fix of the product first." })
        },
        onError: (e) => toast.error("Could not retry the rejected items", { description: errorMessage(e) }),
      }
    )

  return (
    <div className="flex flex-wrap items-center justify-end gap-x-4 gap-y-2 px-6 py-3">
      <div className="flex items-center gap-x-2">
        <Checkbox id={checkboxId} checked={force} onCheckedChange={(v) => setForce(v === true)} disabled={starting} />
        <Label htmlFor={checkboxId} size="small">
          Resend everything (force)
        </Label>
      </div>
      <Button size="small" variant="secondary" isLoading={starting} disabled={Boolean(running)} onClick={start}>
        {state.running_sync && !running ? "Resume full sync" : "Start full sync"}
      </Button>
      <Button size="small" variant="secondary" isLoading={retrying} disabled={!state.totals.rejected} onClick={retry}>
        Retry rejected items{state.totals.rejected ? ` (${state.totals.rejected})` : ""}
      </Button>
    </div>
  )
}

/** One JWO store's catalog: totals by status, last upload, the running (or last) full sync, and the actions. */
export const CatalogStoreCard = ({
  state,
  lastSync,
  onShowItems,
}: {
  state: CatalogStoreState
  /** The newest finished full sync that covered the store (when none runs). */
  lastSync?: JwoCatalogSync
  /** Show the store's items with that status in the items table. */
  onShowItems: (status: CatalogItemStatus | "all") => void
}) => {
  const upload = state.last_upload
  return (
    <Section
      title={`${state.name} · ${state.amazon_store_id}`}
      subtitle="Variants of published products in the store's sales channel, as sent to Amazon's catalog."
      actions={
        <Badge size="2xsmall" color={state.enabled ? "green" : "grey"}>
          {state.enabled ? "Enabled" : "Disabled"}
        </Badge>
      }
    >
      <div className="grid grid-cols-2 gap-2 px-6 py-4 md:grid-cols-4 xl:grid-cols-7">
        {TOTALS.map(({ key, label, alert }) => (
          <button
            key={key}
            type="button"
            className="hover:bg-ui-bg-base-hover focus-visible:shadow-borders-focus rounded-lg text-left outline-none"
            title={`Show ${key === "total" ? "all" : key} items below`}
            onClick={() => onShowItems(key === "total" ? "all" : key)}
          >
            <Figure label={label} value={state.totals[key] ?? 0} alert={alert && (state.totals[key] ?? 0) > 0} />
          </button>
        ))}
      </div>
      <Field label="Last upload">
        {upload ? (
          <div className="flex flex-col gap-y-1">
            <div className="flex flex-wrap items-center gap-x-2">
              <CatalogUploadStatusBadge status={upload.status} />
              <span>
                {upload.item_count} item{upload.item_count === 1 ? "" : "s"} · {formatDateTime(upload.created_at)}
              </span>
            </div>
            {upload.report_summary && (
              <Text size="xsmall" className="text-ui-fg-subtle">
                Report: {reportSummaryText(upload.report_summary)}
              </Text>
            )}
            {upload.last_error && (
              <Text size="xsmall" className="text-ui-fg-error">
                {upload.last_error}
              </Text>
            )}
          </div>
        ) : (
          "Nothing uploaded yet"
        )}
      </Field>
      <Field label="Uploads settled">
        {state.settled_by.notification + state.settled_by.poll === 0 ? (
          "None yet"
        ) : (
          <span title="Whose status call read the final status: one made at once after Amazon's notification, or a scheduled poll">
            {state.settled_by.notification} by notification · {state.settled_by.poll} by polling
          </span>
        )}
      </Field>
      {state.running_sync ? (
        <RunningSync sync={state.running_sync} />
      ) : (
        <Field label="Full sync">
          {lastSync ? (
            <div className="flex flex-col gap-y-1">
              <div className="flex flex-wrap items-center gap-x-2">
                <CatalogSyncStatusBadge status={syncShownStatus(lastSync, state)} />
                <span>
                  {humanize(lastSync.trigger)} · {formatDateTime(lastSync.finished_at ?? lastSync.updated_at)}
                </span>
                {syncShownStatus(lastSync, state) === "uploading" && (
                  <Text size="xsmall" className="text-ui-fg-subtle">
                    every product compared; {(state.totals.uploading ?? 0) + (state.totals.pending ?? 0)} items still on their way to Amazon
                  </Text>
                )}
              </div>
              <Text size="xsmall" className="text-ui-fg-subtle">
                {lastSync.products_done} of {lastSync.products_total} products · {lastSync.items_queued} queued ·{" "}
                {lastSync.items_unchanged} unchanged · {lastSync.items_invalid} invalid · {lastSync.items_removed} removed
                {lastSync.force ? " · forced" : ""}
              </Text>
              {lastSync.error && (
                <Text size="xsmall" className="text-ui-fg-error">
                  {lastSync.error}
                </Text>
              )}
            </div>
          ) : (
            "None running"
          )}
        </Field>
      )}
      <CatalogActions state={state} />
    </Section>
  )
}
