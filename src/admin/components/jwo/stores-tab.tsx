import { Badge, Button, Code, Copy, Text, toast, usePrompt } from "@medusajs/ui"
import { useState } from "react"
import { Link } from "react-router-dom"
import { TRIP_STATUSES, type AdminJwoStore, type EndpointKind, type StoreStats } from "../../../types"
import { errorMessage, useJwoCheckoutCheck, useJwoStats, useJwoStores, useUpdateJwoStore } from "../../hooks/api"
import { formatDateTime, humanize, tripStatusLabel, type BadgeColor } from "../../lib/jwo-format"
import { Empty, ErrorNote, Field, Figure, LiveNote, Loading, Money, Section, TripStatusBadge } from "./common"
import { StoreActionsMenu } from "./stores/store-actions"
import { StoreFormDrawer } from "./stores/store-form"

const CHECK_COLORS: Record<string, BadgeColor> = {
  reachable: "green",
  forbidden: "red",
  unreachable: "orange",
  unexpected: "orange",
}

const ENDPOINT_KINDS: Record<EndpointKind, { label: string; color: BadgeColor; hint: string }> = {
  sandbox: { label: "Sandbox", color: "orange", hint: "the plugin's local Amazon sandbox: nobody is charged" },
  test: { label: "Amazon test host", color: "orange", hint: "Amazon's .test. host: nobody is charged" },
  production: { label: "Amazon production", color: "green", hint: "Amazon's production host: shoppers are charged for real" },
  other: { label: "Other host", color: "grey", hint: "neither the sandbox nor a known Amazon host" },
}

/** Which kind of endpoint a URL is, with the URL itself. */
export const EndpointBadge = ({ kind, url }: { kind: EndpointKind; url: string }) => {
  const k = ENDPOINT_KINDS[kind] ?? ENDPOINT_KINDS.other
  return (
    <div className="flex flex-col gap-y-1">
      <span title={k.hint} className="w-fit">
        <Badge size="2xsmall" color={k.color}>
          {k.label}
        </Badge>
      </span>
      <Code className="w-fit break-all">{url}</Code>
    </div>
  )
}

/** `YYYY-MM-DD`'s start (local) as an ISO instant: "today" is the staff member's day. */
export function startOfToday(): string {
  const now = new Date()
  return new Date(now.getFullYear(), now.getMonth(), now.getDate()).toISOString()
}

/** The Checkout connectivity check: the stored result and time, and a button to run it again. */
const CheckoutCheck = ({ store }: { store: AdminJwoStore }) => {
  const check = useJwoCheckoutCheck(store.id)
  const run = () =>
    check.mutate(undefined, {
      onSuccess: (body) => {
        const notify = body.checkout_check.status === "reachable" ? toast.success : toast.error
        notify(`Checkout ${humanize(body.checkout_check.status).toLowerCase()}`, { description: body.checkout_check.message })
      },
    })
  return (
    <div className="flex flex-col gap-y-1">
      <div className="flex flex-wrap items-center gap-2">
        <Badge size="2xsmall" color={store.checkout_check_status ? CHECK_COLORS[store.checkout_check_status] ?? "grey" : "grey"}>
          {store.checkout_check_status ? humanize(store.checkout_check_status) : "Never checked"}
        </Badge>
        <Text size="xsmall" className="text-ui-fg-subtle">
          {formatDateTime(store.checkout_checked_at)}
        </Text>
        <Button size="small" variant="secondary" isLoading={check.isPending} onClick={run}>
          Check connectivity
        </Button>
      </div>
      {store.checkout_check_message && (
        <Text size="xsmall" className="text-ui-fg-subtle">
          {store.checkout_check_message}
        </Text>
      )}
      {check.error && (
        <Text size="xsmall" className="text-ui-fg-error" role="alert">
          {errorMessage(check.error)}
        </Text>
      )}
    </div>
  )
}

/** Where the store's Checkout calls go now, with a confirmed switch between the test and the configured host. */
const CheckoutHost = ({ store }: { store: AdminJwoStore }) => {
  const prompt = usePrompt()
  const update = useUpdateJwoStore(store.id)
  const next = !store.checkout_use_test_host

  const toggle = async () => {
    const confirmed = await prompt({
      title: next ? "Use Amazon's test host?" : "Stop using the test host?",
      description: next
        ? `Checkout calls of ${store.name} will go to the .test. host: nobody is charged.`
        : `Checkout calls of ${store.name} will go to the configured Checkout endpoint again.`,
      confirmText: "Switch",
      cancelText: "Cancel",
    })
    if (!confirmed) return
    update.mutate(
      { checkout_use_test_host: next },
      {
        onSuccess: ({ jwo_store }) =>
          toast.success(`${store.name} now sends Checkout calls to ${jwo_store.checkout_endpoint.url}`),
        onError: (e) => toast.error("Could not switch the Checkout host", { description: errorMessage(e) }),
      }
    )
  }

  return (
    <div className="flex flex-col gap-y-2">
      <EndpointBadge kind={store.checkout_endpoint.kind} url={store.checkout_endpoint.url} />
      <Button size="small" variant="transparent" className="w-fit" isLoading={update.isPending} onClick={toggle}>
        {next ? "Switch to Amazon's test host" : "Stop using the test host"}
      </Button>
    </div>
  )
}

/** Today at the store: gate scans and refusals, trips by status, what Amazon charged, the last scan. */
const TodayFigures = ({ stats }: { stats: StoreStats | undefined }) => {
  if (!stats) return <Loading what="Loading today's figures…" />
  const statuses = TRIP_STATUSES.filter((s) => (stats.trips_by_status[s] ?? 0) > 0)
  return (
    <div className="flex flex-col gap-y-3 px-6 py-4" data-testid={`store-today-${stats.amazon_store_id}`}>
      <div className="grid grid-cols-2 gap-2 md:grid-cols-5">
        <Figure label="Accepted today" value={stats.entries.accepted} hint="Gate scans accepted" />
        <Figure label="Refused today" value={stats.entries.refused} alert={stats.entries.refused > 0} />
        <Figure label="Trips today" value={stats.trips_total} />
        <Figure
          label="Charged today"
          value={
            stats.charged.length ? (
              <span className="flex flex-col">
                {stats.charged.map((c) => (
                  <Money key={c.currency_code} amount={c.total} currency={c.currency_code} />
                ))}
              </span>
            ) : (
              "—"
            )
          }
        />
        <Figure label="Last gate scan" value={<span className="txt-compact-small">{formatDateTime(stats.last_scan_at)}</span>} />
      </div>
      {statuses.length > 0 && (
        <div className="flex flex-wrap items-center gap-2">
          {statuses.map((s) => (
            <Link key={s} to={`/jwo?store=${stats.jwo_store_id}&status=${s}`} className="flex items-center gap-x-1" title={`Trips today that are ${tripStatusLabel(s).toLowerCase()}`}>
              <TripStatusBadge status={s} />
              <Text size="xsmall">{stats.trips_by_status[s]}</Text>
            </Link>
          ))}
        </div>
      )}
    </div>
  )
}

const StoreCard = ({ store, stats, onEdit }: { store: AdminJwoStore; stats: StoreStats | undefined; onEdit: () => void }) => (
  <Section
    title={`${store.name} · ${store.amazon_store_id}`}
    subtitle={[store.sales_channel?.name, store.region && `${store.region.name} (${store.region.currency_code.toUpperCase()})`, store.address_city]
      .filter(Boolean)
      .join(" · ")}
    actions={
      <>
        <Badge size="2xsmall" color={store.enabled ? "green" : "grey"}>
          {store.enabled ? "Enabled" : "Disabled"}
        </Badge>
        <StoreActionsMenu store={store} onEdit={onEdit} />
      </>
    }
  >
    <TodayFigures stats={stats} />
    <Field label="Checkout endpoint in use">
      <CheckoutHost store={store} />
    </Field>
    <Field label="Checkout connectivity">
      <CheckoutCheck store={store} />
    </Field>
    <Field label="Checkout pricing mode">{store.checkout_pricing_mode === "unit" ? "Per unit" : "Whole line"}</Field>
    <Field label="QR pattern (Merchant Portal)">
      <div className="flex items-center gap-x-2">
        <Code className="break-all">{store.qr_pattern}</Code>
        <Copy content={store.qr_pattern} />
      </div>
    </Field>
    <Field label="Connectivity-test identities">
      {store.connectivity_test_enabled ? `On: ${(store.connectivity_test_keys ?? []).join(", ") || "no key set"}` : "Off"}
    </Field>
  </Section>
)

/**
 * Each JWO store as it runs today (live): entries, refusals, trips by status, the charge, the last scan; where its
 * Checkout calls go, the connectivity check, and edit / enable / delete.
 */
export const StoresTab = () => {
  const { data, error } = useJwoStores()
  const [from] = useState(startOfToday)
  const stats = useJwoStats({ from })
  const [editing, setEditing] = useState<AdminJwoStore | null>(null)
  const [creating, setCreating] = useState(false)
  const byStore = new Map((stats.data?.stats.stores ?? []).map((s) => [s.jwo_store_id, s]))

  return (
    <div className="flex flex-col gap-y-3">
      <div className="flex items-center justify-between gap-x-2">
        <Text size="small" className="text-ui-fg-subtle">
          Today at each store, since midnight. The store list and mapping are also in{" "}
          <Link to="/settings/jwo" className="text-ui-fg-interactive">
            Settings → Just Walk Out
          </Link>
          .
        </Text>
        <div className="flex items-center gap-x-3">
          <LiveNote fetching={stats.isFetching} />
          <Button size="small" variant="secondary" onClick={() => setCreating(true)}>
            Create store
          </Button>
        </div>
      </div>
      {error && (
        <Section title="Stores">
          <ErrorNote prefix="Could not load the stores" message={error.message} />
        </Section>
      )}
      {!error && !data && <Loading />}
      {data?.jwo_stores.length === 0 && (
        <Section title="Stores">
          <Empty>No Just Walk Out store yet: create one to map an Amazon store id to a sales channel and region.</Empty>
        </Section>
      )}
      {data?.jwo_stores.map((store) => (
        <StoreCard key={store.id} store={store} stats={byStore.get(store.id)} onEdit={() => setEditing(store)} />
      ))}
      <StoreFormDrawer open={creating} onOpenChange={setCreating} />
      <StoreFormDrawer open={Boolean(editing)} onOpenChange={(open) => !open && setEditing(null)} store={editing} />
    </div>
  )
}
