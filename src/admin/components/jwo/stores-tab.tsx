import { Badge, Button, Code, Copy, Text, toast, usePrompt } from "@medusajs/ui"
import { useState } from "react"
import { Link } from "react-router-dom"
import { errorMessage, jwoFetch, useJwoQuery } from "../../lib/jwo-api"
import { formatDateTime, humanize, type BadgeColor } from "../../lib/jwo-format"
import type { JwoStore } from "../../lib/jwo-types"
import { Empty, ErrorNote, Field, Loading, RefreshButton, Section } from "./common"

const CHECK_COLORS: Record<string, BadgeColor> = {
  reachable: "green",
  forbidden: "red",
  unreachable: "orange",
  unexpected: "orange",
}

/** The Checkout connectivity check: the stored result and time, and a button to run it again. */
const CheckoutCheck = ({ store, onStore }: { store: JwoStore; onStore: (store: JwoStore) => void }) => {
  const [running, setRunning] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const run = async () => {
    setRunning(true)
    setError(null)
    try {
      const body = await jwoFetch<{ checkout_check: { status: string; message: string }; jwo_store: JwoStore }>(
        `/admin/jwo/stores/${store.id}/checkout-check`,
        { method: "POST" }
      )
      onStore(body.jwo_store)
      const notify = body.checkout_check.status === "reachable" ? toast.success : toast.error
      notify(`Checkout ${humanize(body.checkout_check.status).toLowerCase()}`, { description: body.checkout_check.message })
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setRunning(false)
    }
  }

  return (
    <div className="flex flex-col gap-y-1">
      <div className="flex items-center gap-x-2">
        <Badge size="2xsmall" color={store.checkout_check_status ? CHECK_COLORS[store.checkout_check_status] ?? "grey" : "grey"}>
          {store.checkout_check_status ? humanize(store.checkout_check_status) : "Never checked"}
        </Badge>
        <Text size="xsmall" className="text-ui-fg-subtle">
          {formatDateTime(store.checkout_checked_at)}
        </Text>
        <Button size="small" variant="secondary" isLoading={running} onClick={run}>
          Check connectivity
        </Button>
      </div>
      {store.checkout_check_message && (
        <Text size="xsmall" className="text-ui-fg-subtle">
          {store.checkout_check_message}
        </Text>
      )}
      {error && (
        <Text size="xsmall" className="text-ui-fg-error">
          {error}
        </Text>
      )}
    </div>
  )
}

/** Which Checkout host the store's calls go to, with a confirmed switch. */
const TestHost = ({ store, onStore }: { store: JwoStore; onStore: (store: JwoStore) => void }) => {
  const prompt = usePrompt()
  const [saving, setSaving] = useState(false)
  const next = !store.checkout_use_test_host

  const toggle = async () => {
    const confirmed = await prompt({
      title: next ? "Use Amazon's test host?" : "Use Amazon's production host?",
      description: next
        ? `Checkout calls of ${store.name} will go to the .test. host: no real charges.`
        : `Checkout calls of ${store.name} will go to the production host: shoppers are charged for real.`,
      confirmText: "Switch",
      cancelText: "Cancel",
    })
    if (!confirmed) return
    setSaving(true)
    try {
      const body = await jwoFetch<{ jwo_store: JwoStore }>(`/admin/jwo/stores/${store.id}`, {
        method: "POST",
        body: { checkout_use_test_host: next },
      })
      onStore(body.jwo_store)
      toast.success(`${store.name} now uses the ${next ? "test" : "production"} Checkout host`)
    } catch (e) {
      toast.error("Could not switch the Checkout host", { description: errorMessage(e) })
    } finally {
      setSaving(false)
    }
  }

  return (
    <div className="flex items-center gap-x-2">
      <Badge size="2xsmall" color={store.checkout_use_test_host ? "orange" : "green"}>
        {store.checkout_use_test_host ? "Test host (no real charges)" : "Production host"}
      </Badge>
      <Button size="small" variant="transparent" isLoading={saving} onClick={toggle}>
        Switch to {next ? "test" : "production"}
      </Button>
    </div>
  )
}

const StoreCard = ({ store, onStore }: { store: JwoStore; onStore: (store: JwoStore) => void }) => (
  <Section
    title={`${store.name} · ${store.amazon_store_id}`}
    subtitle={[store.sales_channel?.name, store.region && `${store.region.name} (${store.region.currency_code.toUpperCase()})`]
      .filter(Boolean)
      .join(" · ")}
    actions={
      <Badge size="2xsmall" color={store.enabled ? "green" : "grey"}>
        {store.enabled ? "Enabled" : "Disabled"}
      </Badge>
    }
  >
    <Field label="QR pattern (Merchant Portal)">
      <div className="flex items-center gap-x-2">
        <Code className="break-all">{store.qr_pattern}</Code>
        <Copy content={store.qr_pattern} />
      </div>
    </Field>
    <Field label="Connectivity test identities">
      {store.connectivity_test_enabled
        ? `On: ${(store.connectivity_test_keys ?? []).join(", ") || "no key set"}`
        : "Off"}
    </Field>
    <Field label="Checkout pricing mode">{store.checkout_pricing_mode === "unit" ? "Per unit" : "Whole line"}</Field>
    <Field label="Checkout host">
      <TestHost store={store} onStore={onStore} />
    </Field>
    <Field label="Checkout connectivity">
      <CheckoutCheck store={store} onStore={onStore} />
    </Field>
  </Section>
)

/** Each JWO store: the QR pattern to copy, the Checkout connectivity check, and the test-host flag. */
export const StoresTab = () => {
  const { data, error, loading, reload, setData } = useJwoQuery<{ jwo_stores: JwoStore[] }>(
    "/admin/jwo/stores?limit=100&order=amazon_store_id"
  )
  const replace = (updated: JwoStore) =>
    data && setData({ ...data, jwo_stores: data.jwo_stores.map((s) => (s.id === updated.id ? { ...s, ...updated } : s)) })

  return (
    <div className="flex flex-col gap-y-3">
      <div className="flex items-center justify-between">
        <Text size="small" className="text-ui-fg-subtle">
          Store mapping (sales channel, region, tax address) is listed in{" "}
          <Link to="/settings/jwo" className="text-ui-fg-interactive">
            Settings → Just Walk Out
          </Link>
          .
        </Text>
        <RefreshButton loading={loading} onClick={reload} />
      </div>
      {error && (
        <Section title="Stores">
          <ErrorNote prefix="Could not load the stores" message={error.message} />
        </Section>
      )}
      {!error && !data && <Loading />}
      {data?.jwo_stores.length === 0 && (
        <Section title="Stores">
          <Empty>No JWO store yet. Create one with POST /admin/jwo/stores (see the plugin's README).</Empty>
        </Section>
      )}
      {data?.jwo_stores.map((store) => (
        <StoreCard key={store.id} store={store} onStore={replace} />
      ))}
    </div>
  )
}
