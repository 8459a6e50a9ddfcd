import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Badge, Button, Code, Container, Heading, Table, Text } from "@medusajs/ui"
import { useState } from "react"
import { Link } from "react-router-dom"
import type { AdminJwoStore } from "../../../../types"
import { Empty, ErrorNote, Field, Loading, Section } from "../../../components/jwo/common"
import { StoreActionsMenu } from "../../../components/jwo/stores/store-actions"
import { StoreFormDrawer } from "../../../components/jwo/stores/store-form"
import { EndpointBadge } from "../../../components/jwo/stores-tab"
import { useJwoSettings, useJwoStores } from "../../../hooks/api"

/** What the plugin talks to (from its configuration): the Amazon endpoints in use and their kind, no secret. */
const Configuration = () => {
  const { data, error } = useJwoSettings()
  const settings = data?.settings
  return (
    <Section title="Amazon endpoints in use" subtitle="Read from the plugin's options in medusa-config.ts; change them there.">
      {error && <ErrorNote prefix="Could not load the configuration" message={error.message} />}
      {!error && !settings && <Loading />}
      {settings && (
        <>
          <Field label="Checkout">
            <EndpointBadge kind={settings.checkout.kind} url={settings.checkout.endpoint} />
          </Field>
          <Field label="Checkout for stores on the test host">
            <EndpointBadge kind={settings.checkout.test_kind} url={settings.checkout.test_endpoint} />
          </Field>
          <Field label="Catalog">
            <EndpointBadge kind={settings.catalog.kind} url={settings.catalog.endpoint} />
          </Field>
          <Field label="Catalog upload notifications">
            {settings.catalog.notifications_queue ? <Code className="break-all">{settings.catalog.notifications_queue}</Code> : "Off (status polling)"}
          </Field>
          <Field label="Signed with">
            {settings.credentials === "role" ? "An IAM role (STS)" : settings.credentials === "static" ? "Access keys in the options" : "The AWS_* environment"}
          </Field>
          <Field label="QR pattern (Merchant Portal)">
            <Code className="break-all">{settings.scan_key.qr_pattern}</Code>
          </Field>
          <Field label="Alerts in the notification bell">
            {settings.alerts.feed ? (
              <Badge size="2xsmall" color="green">
                On
              </Badge>
            ) : (
              <span>
                <Badge size="2xsmall" color="orange">
                  Off
                </Badge>{" "}
                no notification provider for the <Code>feed</Code> channel (see the README)
              </span>
            )}
          </Field>
        </>
      )}
    </Section>
  )
}

/** Settings → Just Walk Out: the stores (create, edit, enable or disable, delete) and the endpoints in use. */
const JwoSettingsPage = () => {
  const { data, error } = useJwoStores()
  const [creating, setCreating] = useState(false)
  const [editing, setEditing] = useState<AdminJwoStore | null>(null)
  const stores = data?.jwo_stores

  return (
    <div className="flex flex-col gap-y-3">
      <Container className="divide-y p-0">
        <div className="flex items-center justify-between px-6 py-4">
          <div>
            <Heading level="h2">Just Walk Out stores</Heading>
            <Text size="small" className="text-ui-fg-subtle">
              Amazon store ids mapped to the sales channel, region and tax address Medusa prices their trips with.
            </Text>
          </div>
          <div className="flex items-center gap-x-3">
            <Link to="/jwo?tab=stores" className="txt-compact-small text-ui-fg-interactive">
              Today at the stores →
            </Link>
            <Button size="small" variant="secondary" onClick={() => setCreating(true)}>
              Create store
            </Button>
          </div>
        </div>
        {data?.warnings?.map((warning) => (
          <Text key={warning} size="small" className="px-6 py-2 text-ui-fg-error">
            Warning: {warning}
          </Text>
        ))}
        {error && <ErrorNote prefix="Could not load the stores" message={error.message} />}
        {!error && !stores && <Loading />}
        {stores?.length === 0 && <Empty>No Just Walk Out store yet. Create one for each Amazon store id.</Empty>}
        {!!stores?.length && (
          <Table>
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell>Amazon store id</Table.HeaderCell>
                <Table.HeaderCell>Name</Table.HeaderCell>
                <Table.HeaderCell>Sales channel</Table.HeaderCell>
                <Table.HeaderCell>Region</Table.HeaderCell>
                <Table.HeaderCell>Tax address</Table.HeaderCell>
                <Table.HeaderCell>Checkout</Table.HeaderCell>
                <Table.HeaderCell>Status</Table.HeaderCell>
                <Table.HeaderCell />
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {stores.map((store) => (
                <Table.Row key={store.id} data-store={store.amazon_store_id}>
                  <Table.Cell>{store.amazon_store_id}</Table.Cell>
                  <Table.Cell>{store.name}</Table.Cell>
                  <Table.Cell>{store.sales_channel?.name ?? "missing"}</Table.Cell>
                  <Table.Cell>{store.region ? `${store.region.name} (${store.region.currency_code.toUpperCase()})` : "missing"}</Table.Cell>
                  <Table.Cell>
                    {[store.address_city, store.address_province, store.address_country_code.toUpperCase()].filter(Boolean).join(", ")}
                  </Table.Cell>
                  <Table.Cell>{store.checkout_use_test_host ? "Test host" : "Configured host"}</Table.Cell>
                  <Table.Cell>
                    <Badge size="2xsmall" color={store.enabled ? "green" : "grey"}>
                      {store.enabled ? "Enabled" : "Disabled"}
                    </Badge>
                  </Table.Cell>
                  <Table.Cell className="text-right">
                    <StoreActionsMenu store={store} onEdit={() => setEditing(store)} />
                  </Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        )}
      </Container>
      <Configuration />
      <StoreFormDrawer open={creating} onOpenChange={setCreating} />
      <StoreFormDrawer open={Boolean(editing)} onOpenChange={(open) => !open && setEditing(null)} store={editing} />
    </div>
  )
}

export const config = defineRouteConfig({
  label: "Just Walk Out",
})

export default JwoSettingsPage
