import { Badge, Button, Table, Text, clx } from "@medusajs/ui"
import { useNavigate } from "react-router-dom"
import { queryString, useJwoQuery } from "../../lib/jwo-api"
import { formatDateTime, formatMoney, humanize, shortId } from "../../lib/jwo-format"
import { TRIP_STATUSES, type JwoTrip, type TripList } from "../../lib/jwo-types"
import { useUrlState } from "../../lib/use-url-state"
import { Empty, ErrorNote, Loading, RefreshButton, Section, TripStatusBadge } from "./common"
import { Pager } from "./pager"
import { FilterSelect, StoreSelect } from "./store-select"

const PAGE_SIZE = 20

/** How many trips wait for staff: `needs_attention` and `checkout_rejected` (counts only). */
export function useAttentionCounts() {
  const needsAttention = useJwoQuery<TripList>("/admin/jwo/trips?status=needs_attention&limit=1")
  const rejected = useJwoQuery<TripList>("/admin/jwo/trips?status=checkout_rejected&limit=1")
  return {
    needs_attention: needsAttention.data?.count,
    checkout_rejected: rejected.data?.count,
    reload: () => {
      needsAttention.reload()
      rejected.reload()
    },
  }
}
export type AttentionCounts = ReturnType<typeof useAttentionCounts>

/** The customer billed, else how the shopper entered. */
function shopperLabel(trip: JwoTrip): string {
  if (trip.customer_id) return shortId(trip.customer_id, 18)
  if (trip.entry_type === "FINANCIAL") return "Guest (card)"
  return trip.visitor_id ? shortId(trip.visitor_id, 18) : "—"
}

const ATTENTION_ROW: Record<string, string> = {
  needs_attention: "bg-ui-tag-orange-bg hover:bg-ui-tag-orange-bg-hover",
  checkout_rejected: "bg-ui-tag-red-bg hover:bg-ui-tag-red-bg-hover",
}

/** Two buttons that filter on the statuses staff must act on, with their counts. */
const AttentionFilters = ({ counts, status, onStatus }: { counts: AttentionCounts; status: string; onStatus: (s: string) => void }) => (
  <div className="flex flex-wrap items-center gap-2 px-6 py-3">
    {(["needs_attention", "checkout_rejected"] as const).map((s) => {
      const count = counts[s]
      const active = status === s
      return (
        <Button key={s} size="small" variant={active ? "primary" : "secondary"} onClick={() => onStatus(active ? "" : s)}>
          {humanize(s)}
          <Badge size="2xsmall" color={count ? (s === "checkout_rejected" ? "red" : "orange") : "grey"}>
            {count ?? "…"}
          </Badge>
        </Button>
      )
    })}
  </div>
)

/** Trips, newest first, filtered by status / store (and customer, when linked from a customer). */
export const TripsTab = ({ counts }: { counts: AttentionCounts }) => {
  const navigate = useNavigate()
  const url = useUrlState()
  const status = url.get("status")
  const store = url.get("store")
  const customerId = url.get("customer_id")
  const page = Number(url.get("trips_page") || 0)

  const path = `/admin/jwo/trips${queryString({
    status,
    jwo_store_id: store,
    customer_id: customerId,
    limit: PAGE_SIZE,
    offset: page * PAGE_SIZE,
  })}`
  const { data, error, loading, reload } = useJwoQuery<TripList>(path)

  return (
    <Section
      title="Shopping trips"
      subtitle="Every trip Amazon delegated, newest first. Open one to see why it stopped and to retry or resolve it."
      actions={
        <RefreshButton
          loading={loading}
          onClick={() => {
            reload()
            counts.reload()
          }}
        />
      }
    >
      <AttentionFilters counts={counts} status={status} onStatus={(s) => url.set({ status: s, trips_page: 0 })} />
      <div className="flex flex-wrap items-center gap-2 px-6 py-3">
        <FilterSelect
          value={status}
          onChange={(s) => url.set({ status: s, trips_page: 0 })}
          allLabel="All statuses"
          options={TRIP_STATUSES.map((s) => ({ value: s, label: humanize(s) }))}
        />
        <StoreSelect value={store} onChange={(s) => url.set({ store: s, trips_page: 0 })} />
        {customerId && (
          <Button size="small" variant="secondary" onClick={() => url.set({ customer_id: "", trips_page: 0 })}>
            Customer {shortId(customerId, 18)} ✕
          </Button>
        )}
      </div>
      {error && <ErrorNote prefix="Could not load the trips" message={error.message} />}
      {!error && !data && loading && <Loading />}
      {data && data.trips.length === 0 && <Empty>No trip matches these filters.</Empty>}
      {data && data.trips.length > 0 && (
        <>
          <Table>
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell>Received</Table.HeaderCell>
                <Table.HeaderCell>Store</Table.HeaderCell>
                <Table.HeaderCell>Status</Table.HeaderCell>
                <Table.HeaderCell>Reason</Table.HeaderCell>
                <Table.HeaderCell>Items</Table.HeaderCell>
                <Table.HeaderCell>Shopper</Table.HeaderCell>
                <Table.HeaderCell>Charged</Table.HeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {data.trips.map((trip) => (
                <Table.Row
                  key={trip.id}
                  className={clx("cursor-pointer", ATTENTION_ROW[trip.status])}
                  onClick={() => navigate(`/jwo/trips/${trip.id}`)}
                  title={trip.idempotent_shopping_trip_id}
                >
                  <Table.Cell>{formatDateTime(trip.created_at)}</Table.Cell>
                  <Table.Cell>{trip.amazon_store_id}</Table.Cell>
                  <Table.Cell>
                    <TripStatusBadge status={trip.status} />
                  </Table.Cell>
                  <Table.Cell className="max-w-[320px] truncate" title={trip.status_reason ?? undefined}>
                    {trip.status_reason ?? "—"}
                  </Table.Cell>
                  <Table.Cell>{trip.item_count}</Table.Cell>
                  <Table.Cell>{shopperLabel(trip)}</Table.Cell>
                  <Table.Cell>{formatMoney(trip.charged_total, trip.charged_currency_code)}</Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
          <Pager count={data.count} pageSize={PAGE_SIZE} pageIndex={page} onPage={(p) => url.set({ trips_page: p })} />
        </>
      )}
      {data && loading && (
        <Text size="xsmall" className="px-6 py-2 text-ui-fg-muted">
          Refreshing…
        </Text>
      )}
    </Section>
  )
}
