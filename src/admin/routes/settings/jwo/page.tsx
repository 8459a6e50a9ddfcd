import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Badge, Container, Heading, Table, Text } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { Link } from "react-router-dom"

type JwoStoreRow = {
  id: string
  amazon_store_id: string
  name: string
  enabled: boolean
  address_city: string | null
  address_province: string | null
  address_country_code: string
  sales_channel?: { id: string; name: string } | null
  region?: { id: string; name: string; currency_code: string } | null
  stock_location?: { id: string; name: string } | null
}

/** Settings → Just Walk Out: the JWO stores and what each maps to in Medusa. */
const JwoSettingsPage = () => {
  const [stores, setStores] = useState<JwoStoreRow[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [warnings, setWarnings] = useState<string[]>([])

  useEffect(() => {
    fetch("/admin/jwo/stores?limit=100&order=amazon_store_id", { credentials: "include" })
      .then(async (response) => {
        const body = await response.json()
        if (!response.ok) throw new Error(body.message ?? `HTTP ${response.status}`)
        setStores(body.jwo_stores)
        setWarnings(body.warnings ?? [])
      })
      .catch((e: Error) => setError(e.message))
  }, [])

  return (
    <Container className="divide-y p-0">
      <div className="flex items-center justify-between px-6 py-4">
        <div>
          <Heading level="h2">Just Walk Out stores</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            Amazon store ids mapped to the sales channel, region and tax address Medusa prices their trips with.
          </Text>
        </div>
        <Link to="/jwo?tab=stores" className="txt-compact-small text-ui-fg-interactive">
          Trips, entries and connectivity →
        </Link>
      </div>
      {warnings.map((warning) => (
        <Text key={warning} size="small" className="px-6 py-2 text-ui-fg-error">Warning: {warning}</Text>
      ))}
      {error && (
        <Text className="px-6 py-4 text-ui-fg-error">Could not load the stores: {error}</Text>
      )}
      {!error && stores === null && <Text className="px-6 py-4">Loading…</Text>}
      {stores?.length === 0 && (
        <Text className="px-6 py-4 text-ui-fg-subtle">
          No JWO store yet. Create one with POST /admin/jwo/stores (see the plugin's README).
        </Text>
      )}
      {!!stores?.length && (
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>Amazon store id</Table.HeaderCell>
              <Table.HeaderCell>Name</Table.HeaderCell>
              <Table.HeaderCell>Sales channel</Table.HeaderCell>
              <Table.HeaderCell>Region</Table.HeaderCell>
              <Table.HeaderCell>Tax address</Table.HeaderCell>
              <Table.HeaderCell>Status</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {stores.map((store) => (
              <Table.Row key={store.id}>
                <Table.Cell>{store.amazon_store_id}</Table.Cell>
                <Table.Cell>{store.name}</Table.Cell>
                <Table.Cell>{store.sales_channel?.name ?? "missing"}</Table.Cell>
                <Table.Cell>
                  {store.region ? `${store.region.name} (${store.region.currency_code.toUpperCase()})` : "missing"}
                </Table.Cell>
                <Table.Cell>
                  {[store.address_city, store.address_province, store.address_country_code.toUpperCase()]
                    .filter(Boolean)
                    .join(", ")}
                </Table.Cell>
                <Table.Cell>
                  <Badge color={store.enabled ? "green" : "grey"}>{store.enabled ? "Enabled" : "Disabled"}</Badge>
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
    </Container>
  )
}

export const config = defineRouteConfig({
  label: "Just Walk Out",
})

export default JwoSettingsPage
