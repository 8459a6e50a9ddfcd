import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminOrder, DetailWidgetProps } from "@medusajs/framework/types"
import { Link } from "react-router-dom"
import { ErrorNote, Field, Section, TripStatusBadge } from "../components/jwo/common"
import { queryString, useJwoQuery } from "../lib/jwo-api"
import { formatDateTime, formatMoney } from "../lib/jwo-format"
import type { TripList } from "../lib/jwo-types"

/** On an order placed by a Just Walk Out trip: the trip's status, Amazon order id and charge. Nothing otherwise. */
const JwoOrderTripWidget = ({ data: order }: DetailWidgetProps<AdminOrder>) => {
  const { data, error } = useJwoQuery<TripList>(`/admin/jwo/trips${queryString({ order_id: order.id, limit: 1 })}`)
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
      title="Just Walk Out trip"
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
      <Field label="Store">{trip.amazon_store_id}</Field>
      <Field label="Amazon order id">{trip.amazon_order_id ?? "—"}</Field>
      <Field label="Charged total">
        {trip.charged_total ? `${formatMoney(trip.charged_total, trip.charged_currency_code)} · ${formatDateTime(trip.charged_at)}` : "—"}
      </Field>
    </Section>
  )
}

export const config = defineWidgetConfig({
  zone: "order.details.after",
  id: "medusa-plugin-jwo:order-trip",
})

export default JwoOrderTripWidget
