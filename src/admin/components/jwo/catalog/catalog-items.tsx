import { Button, Select, Table, Text, clx } from "@medusajs/ui"
import { Link } from "react-router-dom"
import { CATALOG_ITEM_STATUSES, type JwoCatalogItem } from "../../../../types"
import { useJwoCatalogItems } from "../../../hooks/api"
import { formatDateTime, humanize, shortId } from "../../../lib/jwo-format"
import { useUrlState } from "../../../lib/use-url-state"
import { Empty, ErrorNote, LiveNote, Loading, Section } from "../common"
import { Pager } from "../pager"
import { CatalogItemStatusBadge } from "./catalog-badges"

const PAGE_SIZE = 20

/** The items filter: "" (default) = the problems (rejected and invalid), "all", or one status. */
const PROBLEMS = ["rejected", "invalid"] as const
const PROBLEMS_VALUE = "__problems__"
const ALL_VALUE = "all"

/** The items query: `status` is a list for the problems filter (the API takes one or many). */
export function itemsQuery(filter: { status: string; store: string; upload: string; page: number }) {
  const statuses = filter.status === ALL_VALUE ? [] : filter.status ? [filter.status] : [...PROBLEMS]
  return {
    jwo_store_id: filter.store,
    upload_id: filter.upload,
    status: statuses,
    limit: PAGE_SIZE,
    offset: filter.page * PAGE_SIZE,
  }
}

const ROW_TINT: Partial<Record<string, string>> = {
  rejected: "bg-ui-tag-red-bg hover:bg-ui-tag-red-bg-hover",
  invalid: "bg-ui-tag-orange-bg hover:bg-ui-tag-orange-bg-hover",
}

/** Blocking reasons, warnings and Amazon's message, one line each. */
const ItemDetails = ({ item }: { item: JwoCatalogItem }) => {
  const reasons = item.reasons ?? []
  const warnings = item.warnings ?? []
  if (!reasons.length && !warnings.length && !item.message && !item.failed_uploads) return <>—</>
  return (
    <div className="flex max-w-[420px] flex-col gap-y-0.5 whitespace-normal">
      {reasons.map((r, i) => (
        <Text key={`r${i}`} size="xsmall" className="text-ui-fg-error" title={r.field}>
          <span className="font-medium">{r.code}</span>: {r.message}
        </Text>
      ))}
      {item.message && (
        <Text size="xsmall" className={item.status === "rejected" ? "text-ui-fg-error" : "text-ui-fg-subtle"}>
          <span className="font-medium">Amazon</span>: {item.message}
        </Text>
      )}
      {warnings.map((w, i) => (
        <Text key={`w${i}`} size="xsmall" className="text-ui-fg-subtle" title={w.field}>
          <span className="font-medium">{w.code}</span>: {w.message}
        </Text>
      ))}
      {item.failed_uploads > 0 && (
        <Text size="xsmall" className="text-ui-fg-subtle">
          In {item.failed_uploads} failed upload{item.failed_uploads === 1 ? "" : "s"}
        </Text>
      )}
    </div>
  )
}

/**
 * Per-variant catalog state, problems (rejected, invalid) first by default; `store` filters on a JWO store. Live.
 */
export const CatalogItems = ({ store, storeLabels }: { store: string; storeLabels: Record<string, string> }) => {
  const url = useUrlState()
  const status = url.get("citems_status")
  const upload = url.get("citems_upload")
  const page = Number(url.get("citems_page") || 0)
  const { data, error, isLoading, isFetching } = useJwoCatalogItems(itemsQuery({ status, store, upload, page }))

  const showStore = !store && Object.keys(storeLabels).length > 1
  const problems = !status

  return (
    <Section
      title="Items"
      subtitle="One per variant and store: its status at Amazon, why it cannot be sent, and Amazon's answer."
      actions={<LiveNote fetching={isFetching} />}
    >
      <div className="flex flex-wrap items-center gap-2 px-6 py-3">
        <div className="w-[220px]">
          <Select
            size="small"
            value={status || PROBLEMS_VALUE}
            onValueChange={(v) => url.set({ citems_status: v === PROBLEMS_VALUE ? "" : v, citems_page: 0 })}
          >
            <Select.Trigger>
              <Select.Value />
            </Select.Trigger>
            <Select.Content>
              <Select.Item value={PROBLEMS_VALUE}>Problems (rejected, invalid)</Select.Item>
              <Select.Item value={ALL_VALUE}>All statuses</Select.Item>
              {CATALOG_ITEM_STATUSES.map((s) => (
                <Select.Item key={s} value={s}>
                  {humanize(s)}
                </Select.Item>
              ))}
            </Select.Content>
          </Select>
        </div>
        {upload && (
          <Button size="small" variant="secondary" onClick={() => url.set({ citems_upload: "", citems_page: 0 })}>
            Upload {shortId(upload, 18)} ✕
          </Button>
        )}
      </div>
      {error && <ErrorNote prefix="Could not load the catalog items" message={error.message} />}
      {!error && isLoading && <Loading />}
      {data && data.items.length === 0 && (
        <Empty>{problems ? "No rejected or invalid item." : "No item matches these filters."}</Empty>
      )}
      {data && data.items.length > 0 && (
        <>
          <Table>
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell>SKU</Table.HeaderCell>
                <Table.HeaderCell>Item name</Table.HeaderCell>
                {showStore && <Table.HeaderCell>Store</Table.HeaderCell>}
                <Table.HeaderCell>Status</Table.HeaderCell>
                <Table.HeaderCell>Reasons, warnings, Amazon's message</Table.HeaderCell>
                <Table.HeaderCell>Last sent</Table.HeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {data.items.map((item) => (
                <Table.Row key={item.id} className={clx(ROW_TINT[item.status])} title={`Variant ${item.variant_id}`}>
                  <Table.Cell className="font-mono">{item.sku ?? "—"}</Table.Cell>
                  <Table.Cell className="max-w-[260px] truncate">
                    <Link to={`/products/${item.product_id}`} className="text-ui-fg-interactive" title="Open the product">
                      {item.payload?.item_name ??
                        ([item.variant?.product_title, item.variant?.title].filter(Boolean).join(" — ") || shortId(item.variant_id, 18))}
                    </Link>
                  </Table.Cell>
                  {showStore && <Table.Cell>{storeLabels[item.jwo_store_id] ?? shortId(item.jwo_store_id)}</Table.Cell>}
                  <Table.Cell>
                    <CatalogItemStatusBadge status={item.status} />
                  </Table.Cell>
                  <Table.Cell className="py-2">
                    <ItemDetails item={item} />
                  </Table.Cell>
                  <Table.Cell title={item.result_at ? `Amazon's result: ${formatDateTime(item.result_at)}` : undefined}>
                    {formatDateTime(item.sent_at)}
                  </Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
          <Pager count={data.count} pageSize={PAGE_SIZE} pageIndex={page} onPage={(p) => url.set({ citems_page: p })} />
        </>
      )}
    </Section>
  )
}
