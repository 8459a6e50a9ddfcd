import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminOrder, DetailWidgetProps } from "@medusajs/framework/types"
import { Link } from "react-router-dom"
import { ErrorNote, Field, Money, Section, TripStatusBadge } from "../components/jwo/common"
import { useJwoTrips } from "../hooks/api"
import { formatDateTime } from "../lib/jwo-format"

/**
 * On an order placed by a Just Walk Out trip, near the top of the order page: the trip's status (live), why,
 * Amazon's order id and the charge. Nothing on other orders.
 */
const JwoOrderTripWidget = ({ data: order }: DetailWidgetProps<AdminOrder>) => {
  const { data, error } = useJwoTrips({ order_id: order.id, limit: 1 })
  const trip = data?.trips[0]

  if (error) {
    return (
      <Section title="Just Walk Out">
        <ErrorNote prefix="Could not look up the trip" message={error.message} />
      </Section>
    )
  }
  if (!trip) return null

  return (
    <Section
      testId="jwo-order-trip"
      title="Just Walk Out trip"
      subtitle={`${trip.store_name ?? trip.amazon_store_id} · Amazon trip ${trip.idempotent_shopping_trip_id}`}
      actions={
        <Link to={`/jwo/trips/${trip.id}`} className="txt-compact-small text-ui-fg-interactive">
          Open trip
        </Link>
      }
    >
      <Field label="Status">
        <TripStatusBadge status={trip.status} />
      </Field>
      {trip.status_reason && <Field label="Reason">{trip.status_reason}</Field>}
      <Field label="Amazon order id">{trip.amazon_order_id ?? "—"}</Field>
      <Field label="Charged">
        {trip.charged_total ? (
          <>
            <Money amount={trip.charged_total} currency={trip.charged_currency_code} /> on {formatDateTime(trip.charged_at)}
          </>
        ) : (
          "Not yet"
        )}
      </Field>
    </Section>
  )
}

export const config = defineWidgetConfig({
  zone: "order.details.before",
  id: "medusa-plugin-jwo:order-trip",
})

export default JwoOrderTripWidget
