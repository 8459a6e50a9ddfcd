import { Table, Text } from "@medusajs/ui"
import { CATALOG_UPLOAD_STATUSES } from "../../../../types"
import { useJwoCatalogUploads } from "../../../hooks/api"
import { formatDateTime, humanize } from "../../../lib/jwo-format"
import { useUrlState } from "../../../lib/use-url-state"
import { Empty, ErrorNote, LiveNote, Loading, Section } from "../common"
import { Pager } from "../pager"
import { FilterSelect } from "../store-select"
import { CatalogUploadStatusBadge } from "./catalog-badges"
import { reportSummaryText } from "./catalog-store-card"

const PAGE_SIZE = 20

/**
 * Upload Catalog requests, newest first: status, items, attempts, report summary, last error. A row opens its
 * items in the items table (`onShowItems`). Live.
 */
export const CatalogUploads = ({
  store,
  storeLabels,
  onShowItems,
}: {
  store: string
  storeLabels: Record<string, string>
  onShowItems: (uploadId: string) => void
}) => {
  const url = useUrlState()
  const status = url.get("cuploads_status")
  const page = Number(url.get("cuploads_page") || 0)
  const { data, error, isLoading, isFetching } = useJwoCatalogUploads({
    jwo_store_id: store,
    status,
    limit: PAGE_SIZE,
    offset: page * PAGE_SIZE,
  })

  const showStore = !store && Object.keys(storeLabels).length > 1

  return (
    <Section
      title="Uploads"
      subtitle="Upload Catalog requests (up to 10,000 items each) and Amazon's report. Open one to see its items."
      actions={<LiveNote fetching={isFetching} />}
    >
      <div className="flex flex-wrap items-center gap-2 px-6 py-3">
        <FilterSelect
          value={status}
          onChange={(v) => url.set({ cuploads_status: v, cuploads_page: 0 })}
          allLabel="All statuses"
          options={CATALOG_UPLOAD_STATUSES.map((s) => ({ value: s, label: humanize(s) }))}
        />
      </div>
      {error && <ErrorNote prefix="Could not load the uploads" message={error.message} />}
      {!error && isLoading && <Loading />}
      {data && data.uploads.length === 0 && <Empty>No upload matches these filters.</Empty>}
      {data && data.uploads.length > 0 && (
        <>
          <Table>
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell>Created</Table.HeaderCell>
                {showStore && <Table.HeaderCell>Store</Table.HeaderCell>}
                <Table.HeaderCell>Status</Table.HeaderCell>
                <Table.HeaderCell>Items</Table.HeaderCell>
                <Table.HeaderCell>Attempts</Table.HeaderCell>
                <Table.HeaderCell>Report</Table.HeaderCell>
                <Table.HeaderCell>Last error</Table.HeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {data.uploads.map((upload) => (
                <Table.Row
                  key={upload.id}
                  className="cursor-pointer"
                  onClick={() => onShowItems(upload.id)}
                  title={[upload.id, upload.ingestion_id && `ingestionId ${upload.ingestion_id}`, upload.sync_id && `sync ${upload.sync_id}`]
                    .filter(Boolean)
                    .join(" · ")}
                >
                  <Table.Cell>{formatDateTime(upload.created_at)}</Table.Cell>
                  {showStore && <Table.Cell>{storeLabels[upload.jwo_store_id] ?? upload.amazon_store_id}</Table.Cell>}
                  <Table.Cell>
                    <div className="flex items-center gap-x-2">
                      <CatalogUploadStatusBadge status={upload.status} />
                      {upload.processing_status && upload.status === "submitted" && (
                        <Text size="xsmall" className="text-ui-fg-subtle">
                          {upload.processing_status}
                        </Text>
                      )}
                    </div>
                  </Table.Cell>
                  <Table.Cell>{upload.item_count}</Table.Cell>
                  <Table.Cell
                    title={[
                      `${upload.polls} status call${upload.polls === 1 ? "" : "s"}`,
                      upload.notified_at && `notified ${formatDateTime(upload.notified_at)}`,
                      upload.settled_by && `settled by ${upload.settled_by === "poll" ? "polling" : "its notification"}`,
                    ]
                      .filter(Boolean)
                      .join(" · ")}
                  >
                    {upload.attempts}
                    {upload.polls ? ` · ${upload.polls} poll${upload.polls === 1 ? "" : "s"}` : ""}
                    {upload.settled_by === "notification" ? " · notified" : ""}
                  </Table.Cell>
                  <Table.Cell>{reportSummaryText(upload.report_summary)}</Table.Cell>
                  <Table.Cell className="max-w-[360px] truncate text-ui-fg-error" title={upload.last_error ?? undefined}>
                    {upload.last_error ?? <span className="text-ui-fg-subtle">—</span>}
                  </Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
          <Pager count={data.count} pageSize={PAGE_SIZE} pageIndex={page} onPage={(p) => url.set({ cuploads_page: p })} />
        </>
      )}
    </Section>
  )
}
