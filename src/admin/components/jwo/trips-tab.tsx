import { Badge, Button, Checkbox, Input, Table, Text, clx, toast } from "@medusajs/ui"
import { useEffect, useMemo, useState } from "react"
import { useNavigate } from "react-router-dom"
import { RESOLVABLE_STATUSES, RETRYABLE_STATUSES, TRIP_STATUSES, type AdminJwoTrip } from "../../../types"
import { errorMessage, useBulkJwoTrips, useJwoTrips } from "../../hooks/api"
import { formatDateTime, shortId, tripStatusLabel } from "../../lib/jwo-format"
import { useUrlState } from "../../lib/use-url-state"
import { CustomerLink, Empty, ErrorNote, LiveNote, Loading, Money, Section, TripStatusBadge } from "./common"
import { Pager } from "./pager"
import { FilterSelect, StoreSelect } from "./store-select"
import { ResolveDialog } from "./trips/resolve-dialog"

const PAGE_SIZE = 20

/** How many trips wait for staff: `needs_attention` and `checkout_rejected` (counts only, live). */
export function useAttentionCounts() {
  const needsAttention = useJwoTrips({ status: "needs_attention", limit: 1 })
  const rejected = useJwoTrips({ status: "checkout_rejected", limit: 1 })
  return { needs_attention: needsAttention.data?.count, checkout_rejected: rejected.data?.count }
}
export type AttentionCounts = ReturnType<typeof useAttentionCounts>

/** The customer billed (name and email), else how the shopper entered. */
const Shopper = ({ trip }: { trip: AdminJwoTrip }) => {
  if (trip.customer_id) return <CustomerLink customer={trip.customer} id={trip.customer_id} />
  if (trip.entry_type === "FINANCIAL") return <>Guest (card)</>
  if (trip.visitor_id === "jwo-connectivity-test-visitor") return <>Connectivity test</>
  return <>{trip.visitor_id ? "Guest" : "—"}</>
}

const ATTENTION_ROW: Record<string, string> = {
  needs_attention: "bg-ui-tag-orange-bg hover:bg-ui-tag-orange-bg-hover",
  checkout_rejected: "bg-ui-tag-red-bg hover:bg-ui-tag-red-bg-hover",
}

/** Two buttons that filter on the statuses staff must act on, with their live counts. */
const AttentionFilters = ({ counts, status, onStatus }: { counts: AttentionCounts; status: string; onStatus: (s: string) => void }) => (
  <div className="flex flex-wrap items-center gap-2 px-6 py-3">
    {(["needs_attention", "checkout_rejected"] as const).map((s) => {
      const count = counts[s]
      const active = status === s
      return (
        <Button key={s} size="small" variant={active ? "primary" : "secondary"} onClick={() => onStatus(active ? "" : s)}>
          {tripStatusLabel(s)}
          <Badge size="2xsmall" color={count ? (s === "checkout_rejected" ? "red" : "orange") : "grey"}>
            {count ?? "…"}
          </Badge>
        </Button>
      )
    })}
  </div>
)

/** `YYYY-MM-DD` (a local day) → the ISO instant of its start; `end` gives the start of the next day. */
export function dayBoundary(day: string, end = false): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined
  const [y, m, d] = day.split("-").map(Number)
  return new Date(y, m - 1, d + (end ? 1 : 0)).toISOString()
}

/** A text input that reports its value after the user pauses typing. */
function useDebounced(value: string, onChange: (value: string) => void, ms = 350) {
  const [text, setText] = useState(value)
  useEffect(() => setText(value), [value])
  useEffect(() => {
    if (text === value) return
    const timer = setTimeout(() => onChange(text), ms)
    return () => clearTimeout(timer)
  }, [text]) // eslint-disable-line react-hooks/exhaustive-deps
  return [text, setText] as const
}

/** Bulk retry and bulk resolve (with one reason) of the selected trips, with each trip's outcome. */
const BulkBar = ({ selected, onDone }: { selected: AdminJwoTrip[]; onDone: () => void }) => {
  const bulk = useBulkJwoTrips()
  const [resolving, setResolving] = useState(false)
  const retryable = selected.filter((t) => RETRYABLE_STATUSES.includes(t.status))
  const resolvable = selected.filter((t) => RESOLVABLE_STATUSES.includes(t.status))

  const report = (action: string, result: { succeeded: number; failed: number; results: { ok: boolean; error?: string }[] }) => {
    const firstError = result.results.find((r) => !r.ok)?.error
    if (result.failed === 0) toast.success(`${action}: ${result.succeeded} trip${result.succeeded === 1 ? "" : "s"}`)
    else toast.warning(`${action}: ${result.succeeded} done, ${result.failed} refused`, { description: firstError })
  }

  const retry = () =>
    bulk.mutate(
      { action: "retry", ids: retryable.map((t) => t.id) },
      {
        onSuccess: (result) => {
          report("Retried", result)
          onDone()
        },
        onError: (e) => toast.error("Could not retry the trips", { description: errorMessage(e) }),
      }
    )

  const resolve = (reason: string) =>
    bulk.mutate(
      { action: "resolve", ids: resolvable.map((t) => t.id), reason },
      {
        onSuccess: (result) => {
          report("Resolved", result)
          setResolving(false)
          onDone()
        },
      }
    )

  return (
    <div className="bg-ui-bg-subtle flex flex-wrap items-center gap-2 px-6 py-3" role="region" aria-label="Selected trips">
      <Text size="small" weight="plus">
        {selected.length} selected
      </Text>
      <Button size="small" variant="secondary" disabled={!retryable.length || bulk.isPending} onClick={retry}>
        Retry {retryable.length || ""}
      </Button>
      <Button size="small" variant="secondary" disabled={!resolvable.length || bulk.isPending} onClick={() => setResolving(true)}>
        Resolve {resolvable.length || ""}
      </Button>
      <Button size="small" variant="transparent" onClick={onDone}>
        Clear
      </Button>
      <ResolveDialog
        open={resolving}
        onOpenChange={setResolving}
        count={resolvable.length}
        orderNumbers={resolvable.map((t) => t.order?.display_id).filter((n): n is number => typeof n === "number")}
        busy={bulk.isPending}
        error={bulk.error ? errorMessage(bulk.error) : null}
        onResolve={resolve}
      />
    </div>
  )
}

/**
 * Trips, newest first, live: searchable (Amazon trip id, purchase id, order number, customer email or name, SKU),
 * filtered by status, store, customer and day range; select trips to retry or resolve them together.
 */
export const TripsTab = ({ counts }: { counts: AttentionCounts }) => {
  const navigate = useNavigate()
  const url = useUrlState()
  const status = url.get("status")
  const store = url.get("store")
  const customerId = url.get("customer_id")
  const q = url.get("q")
  const fromDay = url.get("from")
  const toDay = url.get("to")
  const page = Number(url.get("trips_page") || 0)
  const [search, setSearch] = useDebounced(q, (value) => url.set({ q: value.trim(), trips_page: 0 }))
  const [selectedIds, setSelectedIds] = useState<Set<string>>(new Set())

  const { data, error, isLoading, isFetching } = useJwoTrips({
    q: q || undefined,
    status: (status || undefined) as AdminJwoTrip["status"] | undefined,
    jwo_store_id: store || undefined,
    customer_id: customerId || undefined,
    from: dayBoundary(fromDay),
    to: dayBoundary(toDay, true),
    limit: PAGE_SIZE,
    offset: page * PAGE_SIZE,
  })
  const trips = data?.trips ?? []
  const selected = useMemo(() => trips.filter((t) => selectedIds.has(t.id)), [trips, selectedIds])
  const allSelected = trips.length > 0 && trips.every((t) => selectedIds.has(t.id))
  const toggle = (id: string) =>
    setSelectedIds((current) => {
      const next = new Set(current)
      if (next.has(id)) next.delete(id)
      else next.add(id)
      return next
    })
  const filtered = Boolean(q || status || store || customerId || fromDay || toDay)

  return (
    <Section
      title="Shopping trips"
      subtitle="Every trip Amazon delegated, newest first, as it happens. Open one to see why it stopped and to fix it."
      actions={<LiveNote fetching={isFetching} />}
    >
      <AttentionFilters counts={counts} status={status} onStatus={(s) => url.set({ status: s, trips_page: 0 })} />
      <div className="flex flex-wrap items-center gap-2 px-6 py-3">
        <div className="w-[320px]">
          <Input
            size="small"
            type="search"
            aria-label="Search trips"
            placeholder="Amazon trip id, order #, email, name or SKU"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </div>
        <FilterSelect
          value={status}
          onChange={(s) => url.set({ status: s, trips_page: 0 })}
          allLabel="All statuses"
          options={TRIP_STATUSES.map((s) => ({ value: s, label: tripStatusLabel(s) }))}
        />
        <StoreSelect value={store} onChange={(s) => url.set({ store: s, trips_page: 0 })} />
        <div className="flex items-center gap-x-1">
          <Input
            size="small"
            type="date"
            aria-label="Received from (day)"
            value={fromDay}
            max={toDay || undefined}
            onChange={(e) => url.set({ from: e.target.value, trips_page: 0 })}
          />
          <Text size="xsmall" className="text-ui-fg-subtle">
            to
          </Text>
          <Input
            size="small"
            type="date"
            aria-label="Received to (day)"
            value={toDay}
            min={fromDay || undefined}
            onChange={(e) => url.set({ to: e.target.value, trips_page: 0 })}
          />
        </div>
        {customerId && (
          <Button size="small" variant="secondary" onClick={() => url.set({ customer_id: "", trips_page: 0 })}>
            {trips[0]?.customer_id === customerId && trips[0]?.customer
              ? `Customer ${trips[0].customer.email ?? shortId(customerId, 18)}`
              : `Customer ${shortId(customerId, 18)}`}{" "}
            ✕
          </Button>
        )}
        {filtered && (
          <Button
            size="small"
            variant="transparent"
            onClick={() => url.set({ q: "", status: "", store: "", customer_id: "", from: "", to: "", trips_page: 0 })}
          >
            Clear filters
          </Button>
        )}
      </div>
      {selected.length > 0 && <BulkBar selected={selected} onDone={() => setSelectedIds(new Set())} />}
      {error && <ErrorNote prefix="Could not load the trips" message={error.message} />}
      {!error && isLoading && <Loading />}
      {data && trips.length === 0 && <Empty>{filtered ? "No trip matches these filters." : "No trip yet."}</Empty>}
      {trips.length > 0 && (
        <>
          <Table>
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell className="w-8">
                  <Checkbox
                    aria-label="Select all trips on this page"
                    checked={allSelected}
                    onCheckedChange={(v) => setSelectedIds(v === true ? new Set(trips.map((t) => t.id)) : new Set())}
                  />
                </Table.HeaderCell>
                <Table.HeaderCell>Received</Table.HeaderCell>
                <Table.HeaderCell>Store</Table.HeaderCell>
                <Table.HeaderCell>Status</Table.HeaderCell>
                <Table.HeaderCell>Reason</Table.HeaderCell>
                <Table.HeaderCell>Shopper</Table.HeaderCell>
                <Table.HeaderCell>Order</Table.HeaderCell>
                <Table.HeaderCell className="text-right">Items</Table.HeaderCell>
                <Table.HeaderCell className="text-right">Total</Table.HeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {trips.map((trip) => (
                <Table.Row
                  key={trip.id}
                  className={clx("cursor-pointer", ATTENTION_ROW[trip.status])}
                  onClick={() => navigate(`/jwo/trips/${trip.id}`)}
                  title={`Amazon trip ${trip.idempotent_shopping_trip_id}`}
                  data-trip-id={trip.id}
                >
                  <Table.Cell onClick={(e) => e.stopPropagation()}>
                    <Checkbox aria-label={`Select trip ${trip.idempotent_shopping_trip_id}`} checked={selectedIds.has(trip.id)} onCheckedChange={() => toggle(trip.id)} />
                  </Table.Cell>
                  <Table.Cell className="whitespace-nowrap">{formatDateTime(trip.created_at)}</Table.Cell>
                  <Table.Cell title={trip.amazon_store_id}>{trip.store_name ?? trip.amazon_store_id}</Table.Cell>
                  <Table.Cell>
                    <TripStatusBadge status={trip.status} />
                  </Table.Cell>
                  <Table.Cell className="max-w-[280px] truncate" title={trip.status_reason ?? undefined}>
                    {trip.status_reason ?? "—"}
                  </Table.Cell>
                  <Table.Cell className="max-w-[260px] truncate">
                    <Shopper trip={trip} />
                  </Table.Cell>
                  <Table.Cell>{trip.order ? `#${trip.order.display_id}` : "—"}</Table.Cell>
                  <Table.Cell className="text-right">{trip.item_count}</Table.Cell>
                  <Table.Cell className="text-right whitespace-nowrap">
                    {trip.charged_total ? (
                      <Money amount={trip.charged_total} currency={trip.charged_currency_code} />
                    ) : trip.order ? (
                      <Money amount={trip.order.total} currency={trip.order.currency_code} className="text-ui-fg-subtle" />
                    ) : (
                      "—"
                    )}
                  </Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
          <Pager count={data?.count ?? 0} pageSize={PAGE_SIZE} pageIndex={page} onPage={(p) => url.set({ trips_page: p })} />
        </>
      )}
    </Section>
  )
}
