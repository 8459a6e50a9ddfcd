import { Badge, Table, Text } from "@medusajs/ui"
import { CONNECTIVITY_TEST_REASON, ENTRY_REFUSAL_REASONS, ENTRY_RESULT_LABELS, type AdminJwoEntry, type EntryCounts } from "../../../types"
import { useJwoEntries, useJwoEntryStats } from "../../hooks/api"
import { entryReasonText, formatDateTime, formatPercent } from "../../lib/jwo-format"
import { useUrlState } from "../../lib/use-url-state"
import { CustomerLink, Empty, ErrorNote, Explained, Figure, LiveNote, Loading, Section } from "./common"
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
      <Figure label={ENTRY_RESULT_LABELS.accepted} value={counts.accepted} />
      <Figure label={ENTRY_RESULT_LABELS.rejected} value={counts.rejected} alert={counts.rejected > 0} />
      <Figure label="Acceptance rate" value={formatPercent(counts.acceptance_rate)} />
    </div>
  </div>
)

/** A refusal (or test) reason with its explanation on hover. */
export const EntryReason = ({ reason }: { reason: string | null }) =>
  reason ? (
    <Explained code={reason} text={entryReasonText(reason)}>
      <Badge size="2xsmall" color={reason === CONNECTIVITY_TEST_REASON ? "blue" : "red"}>
        {reason}
      </Badge>
    </Explained>
  ) : (
    <>—</>
  )

/** Refusal (and test) reasons side by side for both windows, most frequent of the day first, each explained. */
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
          <Table.HeaderCell>What it means</Table.HeaderCell>
          <Table.HeaderCell className="text-right">Last hour</Table.HeaderCell>
          <Table.HeaderCell className="text-right">Last day</Table.HeaderCell>
        </Table.Row>
      </Table.Header>
      <Table.Body>
        {reasons.map((reason) => (
          <Table.Row key={reason}>
            <Table.Cell>
              <EntryReason reason={reason} />
            </Table.Cell>
            <Table.Cell className="whitespace-normal text-ui-fg-subtle">{entryReasonText(reason) ?? "—"}</Table.Cell>
            <Table.Cell className="text-right">{hour.by_reason[reason] ?? 0}</Table.Cell>
            <Table.Cell className="text-right">{day.by_reason[reason] ?? 0}</Table.Cell>
          </Table.Row>
        ))}
      </Table.Body>
    </Table>
  )
}

const EntryStatsSection = ({ store }: { store: string }) => {
  const { data, error, isFetching } = useJwoEntryStats(store || undefined)
  return (
    <Section
      title="Gate entries"
      subtitle="Scans answered by the Identity Connector: accepted vs refused, and why."
      actions={<LiveNote fetching={isFetching} />}
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

const DecisionRow = ({ entry }: { entry: AdminJwoEntry }) => (
  <Table.Row title={`authEvent ${entry.auth_event_id}`}>
    <Table.Cell className="whitespace-nowrap">{formatDateTime(entry.event_time ?? entry.created_at)}</Table.Cell>
    <Table.Cell>{entry.amazon_store_id}</Table.Cell>
    <Table.Cell>{entry.location}</Table.Cell>
    <Table.Cell>
      <Badge size="2xsmall" color={entry.result === "accepted" ? "green" : "red"}>
        {ENTRY_RESULT_LABELS[entry.result] ?? entry.result}
      </Badge>
    </Table.Cell>
    <Table.Cell>
      <EntryReason reason={entry.reason} />
    </Table.Cell>
    <Table.Cell className="max-w-[260px] truncate">
      <CustomerLink customer={entry.customer} id={entry.customer_id} />
    </Table.Cell>
    <Table.Cell>{entry.visitor_type ?? "—"}</Table.Cell>
    <Table.Cell className="text-right">{entry.duration_ms === null || entry.duration_ms === undefined ? "—" : `${entry.duration_ms} ms`}</Table.Cell>
  </Table.Row>
)

const DecisionsSection = ({ store }: { store: string }) => {
  const url = useUrlState()
  const result = url.get("result")
  const reason = url.get("reason")
  const page = Number(url.get("entries_page") || 0)
  const { data, error, isFetching } = useJwoEntries({
    result,
    reason,
    jwo_store_id: store,
    limit: PAGE_SIZE,
    offset: page * PAGE_SIZE,
  })
  return (
    <Section title="Recent decisions" actions={<LiveNote fetching={isFetching} />}>
      <div className="flex flex-wrap items-center gap-2 px-6 py-3">
        <FilterSelect
          value={result}
          onChange={(v) => url.set({ result: v, entries_page: 0 })}
          allLabel="All results"
          options={[
            { value: "accepted", label: ENTRY_RESULT_LABELS.accepted },
            { value: "rejected", label: ENTRY_RESULT_LABELS.rejected },
          ]}
        />
        <FilterSelect
          value={reason}
          onChange={(v) => url.set({ reason: v, entries_page: 0 })}
          allLabel="All reasons"
          options={[...ENTRY_REFUSAL_REASONS, CONNECTIVITY_TEST_REASON].map((r) => ({ value: r, label: r }))}
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
                <Table.HeaderCell className="text-right">Answered in</Table.HeaderCell>
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

/** Entry statistics (last hour / last day, by reason, explained) and the gate's recent decisions; live. */
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
