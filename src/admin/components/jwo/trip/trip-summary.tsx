import { Text } from "@medusajs/ui"
import { Link } from "react-router-dom"
import { formatDateTime, formatMoney, humanize } from "../../../lib/jwo-format"
import type { JwoTripDetail } from "../../../lib/jwo-types"
import { Field, Section, TripStatusBadge } from "../common"

const customerName = (customer: NonNullable<JwoTripDetail["customer"]>) =>
  [customer.first_name, customer.last_name].filter(Boolean).join(" ") || customer.email || customer.id

/** Why the trip is where it is, who shopped, and what became of it in Medusa and at Amazon. */
export const TripSummary = ({ trip }: { trip: JwoTripDetail }) => {
  const error = trip.checkout_last_error ?? trip.last_error
  return (
    <Section title={<span className="flex items-center gap-x-2">Trip <TripStatusBadge status={trip.status} /></span>} subtitle={trip.idempotent_shopping_trip_id}>
      {trip.status_reason && (
        <div className="px-6 py-4">
          <Text size="small" weight="plus">
            Reason
          </Text>
          <Text size="small" className="whitespace-pre-wrap break-words text-ui-fg-subtle">
            {trip.status_reason}
          </Text>
        </div>
      )}
      <Field label="Status since">{formatDateTime(trip.status_changed_at)}</Field>
      <Field label="Store">{trip.amazon_store_id}</Field>
      <Field label="In store">
        {formatDateTime(trip.start_time)} → {formatDateTime(trip.end_time)}
      </Field>
      <Field label="Entry">
        {humanize(trip.entry_type)}
        {trip.visitor_type ? ` · ${humanize(trip.visitor_type)}` : ""}
        {trip.group_size > 1 ? ` · group of ${trip.group_size}` : ""}
        {trip.charge ? "" : " · not charged"}
      </Field>
      <Field label="Customer">
        {trip.customer ? (
          <Link to={`/customers/${trip.customer.id}`} className="text-ui-fg-interactive">
            {customerName(trip.customer)}
          </Link>
        ) : trip.customer_id ? (
          `${trip.customer_id} (deleted)`
        ) : (
          "Guest"
        )}
      </Field>
      <Field label="Medusa order">
        {trip.order ? (
          <Link to={`/orders/${trip.order.id}`} className="text-ui-fg-interactive">
            #{trip.order.display_id} · {humanize(trip.order.status)} · {formatMoney(trip.order.total, trip.order.currency_code)}
          </Link>
        ) : (
          trip.order_id ?? "None yet"
        )}
      </Field>
      <Field label="Amazon order id">{trip.amazon_order_id ?? "—"}</Field>
      <Field label="Charged">
        {trip.charged_total ? `${formatMoney(trip.charged_total, trip.charged_currency_code)} on ${formatDateTime(trip.charged_at)}` : "—"}
      </Field>
      <Field label="Attempts">
        {`Pricing ${trip.attempts} · Checkout ${trip.checkout_attempts}`}
      </Field>
      {error && (
        <Field label="Last error">
          <span className="text-ui-fg-error whitespace-pre-wrap">{error}</span>
        </Field>
      )}
    </Section>
  )
}
