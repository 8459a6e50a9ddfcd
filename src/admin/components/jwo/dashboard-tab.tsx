import { Input, Table, Text } from "@medusajs/ui"
import { useMemo, useState } from "react"
import { Bar, BarChart, CartesianGrid, Cell, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts"
import { TRIP_STATUSES, type AdminJwoStats, type TripStatus } from "../../../types"
import { useJwoStats } from "../../hooks/api"
import { formatDuration, formatMoney, tripStatusLabel } from "../../lib/jwo-format"
import { useUrlState } from "../../lib/use-url-state"
import { Empty, ErrorNote, Figure, LiveNote, Loading, Money, Section } from "./common"
import { FilterSelect, StoreSelect } from "./store-select"
import { dayBoundary } from "./trips-tab"

/** Chart colours per trip state, close to the badges' (recharts needs plain colours, not CSS variables). */
const STATUS_FILL: Record<TripStatus, string> = {
  received: "#60a5fa",
  empty: "#a1a1aa",
  pricing: "#3b82f6",
  needs_attention: "#f97316",
  order_placed: "#2563eb",
  checkout_pending: "#1d4ed8",
  checkout_rejected: "#ef4444",
  charged: "#10b981",
  not_charged: "#71717a",
  resolved: "#8b5cf6",
}

type Range = "today" | "7d" | "30d" | "custom"

/** Axis text at Medusa UI's small size. */
const TICK = { fontSize: 12 }

/** The range asked for, as instants: today (since local midnight), the last 7 or 30 days, or two days picked. */
function rangeOf(range: Range, fromDay: string, toDay: string): { from?: string; to?: string } {
  const now = new Date()
  const midnight = new Date(now.getFullYear(), now.getMonth(), now.getDate())
  if (range === "7d") return { from: new Date(midnight.getTime() - 6 * 86_400_000).toISOString() }
  if (range === "30d") return { from: new Date(midnight.getTime() - 29 * 86_400_000).toISOString() }
  if (range === "custom") return { from: dayBoundary(fromDay), to: dayBoundary(toDay, true) }
  return { from: midnight.toISOString() }
}

const hourLabel = (value: string | Date, manyDays: boolean) => {
  const date = new Date(value)
  return manyDays
    ? date.toLocaleString(undefined, { month: "short", day: "numeric", hour: "2-digit" })
    : date.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" })
}

const Chart = ({ title, subtitle, children, empty }: { title: string; subtitle?: string; children: React.ReactNode; empty?: boolean }) => (
  <Section title={title} subtitle={subtitle}>
    {empty ? (
      <Empty>Nothing in this range.</Empty>
    ) : (
      <div className="h-[260px] px-4 py-4" data-testid={`chart-${title}`}>
        {children}
      </div>
    )}
  </Section>
)

const Charts = ({ stats }: { stats: AdminJwoStats }) => {
  const manyDays = new Date(stats.to).getTime() - new Date(stats.from).getTime() > 36 * 3_600_000
  const byStatus = TRIP_STATUSES.map((s) => ({ status: s, label: tripStatusLabel(s), trips: stats.totals.trips_by_status[s] ?? 0 })).filter(
    (row) => row.trips > 0
  )
  const hourly = stats.hourly.map((h) => ({ ...h, label: hourLabel(h.hour, manyDays), accepted: h.entries - h.refused }))
  const currencies = [...new Set(stats.daily_revenue.map((d) => d.currency_code))]
  const currency = currencies[0]
  const daily = stats.daily_revenue
    .filter((d) => d.currency_code === currency)
    .map((d) => ({ day: new Date(`${d.day}T12:00:00Z`).toLocaleDateString(undefined, { month: "short", day: "numeric" }), total: Number(d.total), exact: d.total }))

  return (
    <div className="grid grid-cols-1 gap-3 xl:grid-cols-2">
      <Chart title="Trips by status" subtitle="Trips received in the range, by their state now." empty={!byStatus.length}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={byStatus} layout="vertical" margin={{ left: 24, right: 16 }}>
            <CartesianGrid strokeDasharray="3 3" horizontal={false} />
            <XAxis type="number" allowDecimals={false} tick={TICK} />
            <YAxis type="category" dataKey="label" width={120} tick={TICK} />
            <Tooltip />
            <Bar dataKey="trips" name="Trips" isAnimationActive={false}>
              {byStatus.map((row) => (
                <Cell key={row.status} fill={STATUS_FILL[row.status]} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </Chart>
      <Chart title="Entries and refusals by hour" subtitle="Gate scans accepted and refused, per hour (your time)." empty={!hourly.some((h) => h.entries)}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={hourly} margin={{ right: 16 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="label" minTickGap={16} tick={TICK} />
            <YAxis allowDecimals={false} tick={TICK} />
            <Tooltip />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Bar dataKey="accepted" name="Accepted" stackId="entries" fill="#10b981" isAnimationActive={false} />
            <Bar dataKey="refused" name="Refused" stackId="entries" fill="#ef4444" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </Chart>
      <Chart title="Trips by hour" subtitle="Trips received and trips charged, per hour." empty={!hourly.some((h) => h.trips || h.charged)}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={hourly} margin={{ right: 16 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="label" minTickGap={16} tick={TICK} />
            <YAxis allowDecimals={false} tick={TICK} />
            <Tooltip />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Bar dataKey="trips" name="Received" fill="#3b82f6" isAnimationActive={false} />
            <Bar dataKey="charged" name="Charged" fill="#10b981" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </Chart>
      <Chart
        title="Charged revenue by day"
        subtitle={currency ? `What Amazon charged, per day (UTC), in ${currency.toUpperCase()}${currencies.length > 1 ? "; other currencies in the figures" : ""}.` : "What Amazon charged, per day (UTC)."}
        empty={!daily.length}
      >
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={daily} margin={{ left: 8, right: 16 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="day" tick={TICK} />
            <YAxis tickFormatter={(v: number) => formatMoney(v, currency)} width={80} tick={TICK} />
            <Tooltip formatter={(_v, _n, item) => formatMoney((item?.payload as { exact?: string })?.exact ?? 0, currency)} />
            <Bar dataKey="total" name="Charged" fill="#10b981" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </Chart>
    </div>
  )
}

const StoresTable = ({ stats }: { stats: AdminJwoStats }) => (
  <Section title="Per store" subtitle="The same figures, store by store.">
    <Table>
      <Table.Header>
        <Table.Row>
          <Table.HeaderCell>Store</Table.HeaderCell>
          <Table.HeaderCell className="text-right">Trips</Table.HeaderCell>
          <Table.HeaderCell className="text-right">Need staff</Table.HeaderCell>
          <Table.HeaderCell className="text-right">Charged</Table.HeaderCell>
          <Table.HeaderCell className="text-right">Exit → charge p50</Table.HeaderCell>
          <Table.HeaderCell className="text-right">p95</Table.HeaderCell>
          <Table.HeaderCell className="text-right">Entries</Table.HeaderCell>
          <Table.HeaderCell className="text-right">Refused</Table.HeaderCell>
        </Table.Row>
      </Table.Header>
      <Table.Body>
        {stats.stores.map((s) => (
          <Table.Row key={s.jwo_store_id}>
            <Table.Cell>
              {s.name} <span className="text-ui-fg-subtle">{s.amazon_store_id}</span>
            </Table.Cell>
            <Table.Cell className="text-right">{s.trips_total}</Table.Cell>
            <Table.Cell className="text-right">{(s.trips_by_status.needs_attention ?? 0) + (s.trips_by_status.checkout_rejected ?? 0)}</Table.Cell>
            <Table.Cell className="text-right">
              {s.charged.length
                ? s.charged.map((c) => <Money key={c.currency_code} amount={c.total} currency={c.currency_code} className="block" />)
                : "—"}
            </Table.Cell>
            <Table.Cell className="text-right">{formatDuration(s.exit_to_charge.p50_ms)}</Table.Cell>
            <Table.Cell className="text-right">{formatDuration(s.exit_to_charge.p95_ms)}</Table.Cell>
            <Table.Cell className="text-right">{s.entries.total}</Table.Cell>
            <Table.Cell className="text-right">{s.entries.refused}</Table.Cell>
          </Table.Row>
        ))}
      </Table.Body>
    </Table>
  </Section>
)

/**
 * The dashboard: per store (or all) for today, or a range of days: trips by status, charged revenue, time from the
 * shopper's exit to Amazon's charge (p50 / p95), entries and refusals by hour. Live.
 */
export const DashboardTab = () => {
  const url = useUrlState()
  const range = (["today", "7d", "30d", "custom"].includes(url.get("range")) ? url.get("range") : "today") as Range
  const store = url.get("dash_store")
  const [fromDay, setFromDay] = useState(url.get("dash_from"))
  const [toDay, setToDay] = useState(url.get("dash_to"))
  const bounds = useMemo(() => rangeOf(range, fromDay, toDay), [range, fromDay, toDay])
  const { data, error, isFetching } = useJwoStats({ ...bounds, jwo_store_id: store || undefined })
  const stats = data?.stats
  const totals = stats?.totals
  const needStaff = (totals?.trips_by_status.needs_attention ?? 0) + (totals?.trips_by_status.checkout_rejected ?? 0)

  return (
    <div className="flex flex-col gap-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex flex-wrap items-center gap-2">
          <FilterSelect
            value={range === "today" ? "" : range}
            onChange={(v) => url.set({ range: v })}
            allLabel="Today"
            options={[
              { value: "7d", label: "Last 7 days" },
              { value: "30d", label: "Last 30 days" },
              { value: "custom", label: "Days…" },
            ]}
          />
          {range === "custom" && (
            <div className="flex items-center gap-x-1">
              <Input
                size="small"
                type="date"
                aria-label="Dashboard from (day)"
                value={fromDay}
                onChange={(e) => {
                  setFromDay(e.target.value)
                  url.set({ dash_from: e.target.value })
                }}
              />
              <Text size="xsmall">to</Text>
              <Input
                size="small"
                type="date"
                aria-label="Dashboard to (day)"
                value={toDay}
                onChange={(e) => {
                  setToDay(e.target.value)
                  url.set({ dash_to: e.target.value })
                }}
              />
            </div>
          )}
          <StoreSelect value={store} onChange={(s) => url.set({ dash_store: s })} />
        </div>
        <LiveNote fetching={isFetching} />
      </div>
      {error && (
        <Section title="Dashboard">
          <ErrorNote prefix="Could not load the figures" message={error.message} />
        </Section>
      )}
      {!error && !stats && <Loading />}
      {stats && totals && (
        <>
          <div className="grid grid-cols-2 gap-2 md:grid-cols-3 xl:grid-cols-6" data-testid="dashboard-figures">
            <Figure label="Trips" value={totals.trips_total} />
            <Figure label="Need staff" value={needStaff} alert={needStaff > 0} />
            <Figure
              label="Charged"
              value={
                totals.charged.length ? (
                  <span className="flex flex-col">
                    {totals.charged.map((c) => (
                      <Money key={c.currency_code} amount={c.total} currency={c.currency_code} />
                    ))}
                  </span>
                ) : (
                  "—"
                )
              }
            />
            <Figure
              label="Exit → charge p50 / p95"
              value={`${formatDuration(totals.exit_to_charge.p50_ms)} / ${formatDuration(totals.exit_to_charge.p95_ms)}`}
              hint={`${totals.exit_to_charge.count} charged trips; slowest ${formatDuration(totals.exit_to_charge.max_ms)}`}
            />
            <Figure label="Entries" value={totals.entries.total} />
            <Figure label="Refused" value={totals.entries.refused} alert={totals.entries.refused > 0} />
          </div>
          <Charts stats={stats} />
          {stats.stores.length > 1 && <StoresTable stats={stats} />}
        </>
      )}
    </div>
  )
}
