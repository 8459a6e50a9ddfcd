import { defineRouteConfig } from "@medusajs/admin-sdk"
import { BuildingStorefront } from "@medusajs/icons"
import { Badge, Container, Heading, Tabs, Text } from "@medusajs/ui"
import { CatalogTab } from "../../components/jwo/catalog-tab"
import { EntriesTab } from "../../components/jwo/entries-tab"
import { StoresTab } from "../../components/jwo/stores-tab"
import { TripsTab, useAttentionCounts } from "../../components/jwo/trips-tab"
import { useUrlState } from "../../lib/use-url-state"

const TABS = ["trips", "entries", "stores", "catalog"] as const

/** Just Walk Out: trips (and the ones that need staff), gate entries, stores, catalog sync. */
const JwoPage = () => {
  const url = useUrlState()
  const tab = (TABS as readonly string[]).includes(url.get("tab")) ? url.get("tab") : "trips"
  const counts = useAttentionCounts()
  const waiting = (counts.needs_attention ?? 0) + (counts.checkout_rejected ?? 0)

  return (
    <div className="flex flex-col gap-y-3">
      <Container className="px-6 py-4">
        <Heading level="h1">Just Walk Out</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          Amazon Just Walk Out stores: shopping trips, gate entries, store connectivity and catalog sync.
        </Text>
      </Container>
      <Tabs value={tab} onValueChange={(value) => url.set({ tab: value === "trips" ? "" : value })}>
        <Tabs.List>
          <Tabs.Trigger value="trips">
            Trips
            {waiting > 0 && (
              <Badge size="2xsmall" color="orange" className="ml-2">
                {waiting}
              </Badge>
            )}
          </Tabs.Trigger>
          <Tabs.Trigger value="entries">Entries</Tabs.Trigger>
          <Tabs.Trigger value="stores">Stores</Tabs.Trigger>
          <Tabs.Trigger value="catalog">Catalog</Tabs.Trigger>
        </Tabs.List>
        <div className="mt-3">
          <Tabs.Content value="trips">
            <TripsTab counts={counts} />
          </Tabs.Content>
          <Tabs.Content value="entries">
            <EntriesTab />
          </Tabs.Content>
          <Tabs.Content value="stores">
            <StoresTab />
          </Tabs.Content>
          <Tabs.Content value="catalog">
            <CatalogTab />
          </Tabs.Content>
        </div>
      </Tabs>
    </div>
  )
}

export const config = defineRouteConfig({
  label: "Just Walk Out",
  icon: BuildingStorefront,
})

export const handle = {
  breadcrumb: () => "Just Walk Out",
}

export default JwoPage
