import { Badge, Table, Text } from "@medusajs/ui"
import { Link } from "react-router-dom"
import { queryString, useJwoQuery } from "../../lib/jwo-api"
import { formatDateTime, formatPercent, humanize, shortId } from "../../lib/jwo-format"
import { ENTRY_REASONS, type EntryCounts, type EntryDecision, type EntryStats } from "../../lib/jwo-types"
import { useUrlState } from "../../lib/use-url-state"
import { Empty, ErrorNote, Figure, Loading, RefreshButton, Section } from "./common"
import { Pager } from "./pager"
import { FilterSelect, StoreSelect } from "./store-select"

const PAGE_SIZE = 50

const WindowFigures = ({ title, counts }: { title: string; counts: EntryCounts }) => (
  <div className="flex flex-col gap-y-2">
    <Text size="small" weight="plus">
      {title}
    </Text>
    <div className="grid grid-cols-2 gap-2 lg:grid-cols-4">
      <Figure label="Scans" value={counts.total} />
      <Figure label="Accepted" value={counts.accepted} />
      <Figure label="Refused" value={counts.rejected} alert={counts.rejected > 0} />
      <Figure label="Acceptance rate" value={formatPercent(counts.acceptance_rate)} />
    </div>
  </div>
)

/** Refusal (and test) reasons side by side for both windows, most frequent of the day first. */
const ReasonTable = ({ hour, day }: { hour: EntryCounts; day: EntryCounts }) => {
  const reasons = Object.keys({ ...day.by_reason, ...hour.by_reason }).sort(
    (a, b) => (day.by_reason[b] ?? 0) - (day.by_reason[a] ?? 0)
  )
  if (!reasons.length) return <Empty>No refused entry in the last day.</Empty>
  return (
    <Table>
      <Table.Header>
        <Table.Row>
          <Table.HeaderCell>Reason</Table.HeaderCell>
          <Table.HeaderCell>Last hour</Table.HeaderCell>
          <Table.HeaderCell>Last day</Table.HeaderCell>
        </Table.Row>
      </Table.Header>
      <Table.Body>
        {reasons.map((reason) => (
          <Table.Row key={reason}>
            <Table.Cell>
              <Badge size="2xsmall" color={reason === "CONNECTIVITY_TEST" ? "blue" : "red"}>
                {reason}
              </Badge>
            </Table.Cell>
            <Table.Cell>{hour.by_reason[reason] ?? 0}</Table.Cell>
            <Table.Cell>{day.by_reason[reason] ?? 0}</Table.Cell>
          </Table.Row>
        ))}
      </Table.Body>
    </Table>
  )
}

const EntryStatsSection = ({ store }: { store: string }) => {
  const { data, error, loading, reload } = useJwoQuery<EntryStats>(`/admin/jwo/entries/stats${queryString({ jwo_store_id: store })}`)
  return (
    <Section
      title="Gate entries"
      subtitle="Scans answered by the Identity Connector: accepted vs refused, and why."
      actions={<RefreshButton loading={loading} onClick={reload} />}
    >
      {error && <ErrorNote prefix="Could not load the statistics" message={error.message} />}
      {!error && !data && <Loading />}
      {data && (
        <>
          <div className="flex flex-col gap-y-4 px-6 py-4">
            <WindowFigures title="Last hour" counts={data.entry_stats.last_hour} />
            <WindowFigures title="Last 24 hours" counts={data.entry_stats.last_day} />
          </div>
          <ReasonTable hour={data.entry_stats.last_hour} day={data.entry_stats.last_day} />
        </>
      )}
    </Section>
  )
}

const DecisionRow = ({ entry }: { entry: EntryDecision }) => (
  <Table.Row title={`authEvent ${entry.auth_event_id}`}>
    <Table.Cell>{formatDateTime(entry.event_time ?? entry.created_at)}</Table.Cell>
    <Table.Cell>{entry.amazon_store_id}</Table.Cell>
    <Table.Cell>{entry.location}</Table.Cell>
    <Table.Cell>
      <Badge size="2xsmall" color={entry.result === "accepted" ? "green" : "red"}>
        {humanize(entry.result)}
      </Badge>
    </Table.Cell>
    <Table.Cell>{entry.reason ?? "—"}</Table.Cell>
    <Table.Cell>
      {entry.customer_id ? <Link to={`/customers/${entry.customer_id}`}>{shortId(entry.customer_id, 18)}</Link> : "—"}
    </Table.Cell>
    <Table.Cell>{entry.visitor_type ?? "—"}</Table.Cell>
    <Table.Cell>{entry.duration_ms === null || entry.duration_ms === undefined ? "—" : `${entry.duration_ms} ms`}</Table.Cell>
  </Table.Row>
)

const DecisionsSection = ({ store }: { store: string }) => {
  const url = useUrlState()
  const result = url.get("result")
  const reason = url.get("reason")
  const page = Number(url.get("entries_page") || 0)
  const { data, error, loading, reload } = useJwoQuery<{ entries: EntryDecision[]; count: number }>(
    `/admin/jwo/entries${queryString({ result, reason, jwo_store_id: store, limit: PAGE_SIZE, offset: page * PAGE_SIZE })}`
  )
  return (
    <Section title="Recent decisions" actions={<RefreshButton loading={loading} onClick={reload} />}>
      <div className="flex flex-wrap items-center gap-2 px-6 py-3">
        <FilterSelect
          value={result}
          onChange={(v) => url.set({ result: v, entries_page: 0 })}
          allLabel="All results"
          options={[
            { value: "accepted", label: "Accepted" },
            { value: "rejected", label: "Refused" },
          ]}
        />
        <FilterSelect
          value={reason}
          onChange={(v) => url.set({ reason: v, entries_page: 0 })}
          allLabel="All reasons"
          options={ENTRY_REASONS.map((r) => ({ value: r, label: r }))}
        />
      </div>
      {error && <ErrorNote prefix="Could not load the decisions" message={error.message} />}
      {!error && !data && <Loading />}
      {data && data.entries.length === 0 && <Empty>No decision matches these filters.</Empty>}
      {data && data.entries.length > 0 && (
        <>
          <Table>
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell>Scanned</Table.HeaderCell>
                <Table.HeaderCell>Store</Table.HeaderCell>
                <Table.HeaderCell>Gate</Table.HeaderCell>
                <Table.HeaderCell>Result</Table.HeaderCell>
                <Table.HeaderCell>Reason</Table.HeaderCell>
                <Table.HeaderCell>Customer</Table.HeaderCell>
                <Table.HeaderCell>Visitor</Table.HeaderCell>
                <Table.HeaderCell>Answered in</Table.HeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {data.entries.map((entry) => (
                <DecisionRow key={entry.id} entry={entry} />
              ))}
            </Table.Body>
          </Table>
          <Pager count={data.count} pageSize={PAGE_SIZE} pageIndex={page} onPage={(p) => url.set({ entries_page: p })} />
        </>
      )}
    </Section>
  )
}

/** Entry statistics (last hour / last day, by reason) and the gate's recent decisions. */
export const EntriesTab = () => {
  const url = useUrlState()
  const store = url.get("entries_store")
  return (
    <div className="flex flex-col gap-y-3">
      <div className="flex justify-end">
        <StoreSelect value={store} onChange={(s) => url.set({ entries_store: s, entries_page: 0 })} />
      </div>
      <EntryStatsSection store={store} />
      <DecisionsSection store={store} />
    </div>
  )
}
