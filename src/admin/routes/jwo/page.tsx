import { defineRouteConfig } from "@medusajs/admin-sdk"
import { BuildingStorefront } from "@medusajs/icons"
import { Badge, Container, Heading, Tabs, Text } from "@medusajs/ui"
import { AlertsCard } from "../../components/jwo/alerts-card"
import { CatalogTab } from "../../components/jwo/catalog-tab"
import { DashboardTab } from "../../components/jwo/dashboard-tab"
import { EntriesTab } from "../../components/jwo/entries-tab"
import { StoresTab } from "../../components/jwo/stores-tab"
import { TripsTab, useAttentionCounts } from "../../components/jwo/trips-tab"
import { useUrlState } from "../../lib/use-url-state"

const TABS = ["trips", "dashboard", "entries", "stores", "catalog"] as const

/** Just Walk Out: trips (and the ones that need staff), the dashboard, gate entries, stores, catalog sync. Live. */
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
          Amazon Just Walk Out stores as they run: shopping trips, the day's figures, gate entries, stores and catalog sync.
        </Text>
      </Container>
      <Tabs value={tab} onValueChange={(value) => url.set({ tab: value === "trips" ? "" : value })}>
        <Tabs.List>
          <Tabs.Trigger value="trips">
            Trips
            {waiting > 0 && (
              <Badge size="2xsmall" color="orange" className="ml-2" aria-label={`${waiting} trips need staff`}>
                {waiting}
              </Badge>
            )}
          </Tabs.Trigger>
          <Tabs.Trigger value="dashboard">Dashboard</Tabs.Trigger>
          <Tabs.Trigger value="entries">Entries</Tabs.Trigger>
          <Tabs.Trigger value="stores">Stores</Tabs.Trigger>
          <Tabs.Trigger value="catalog">Catalog</Tabs.Trigger>
        </Tabs.List>
        <div className="mt-3 flex flex-col gap-y-3">
          <Tabs.Content value="trips" className="flex flex-col gap-y-3">
            <AlertsCard />
            <TripsTab counts={counts} />
          </Tabs.Content>
          <Tabs.Content value="dashboard">
            <DashboardTab />
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
