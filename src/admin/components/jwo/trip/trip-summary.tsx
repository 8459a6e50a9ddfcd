import { Copy, Text } from "@medusajs/ui"
import { Link } from "react-router-dom"
import type { AdminJwoTripDetail } from "../../../../types"
import { formatDateTime, humanize } from "../../../lib/jwo-format"
import { CustomerLink, Field, Money, Section, TripStatusBadge } from "../common"

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

/** How often the trip was worked on, in the words of its history (so the two always agree). */
export function attemptsText(trip: AdminJwoTripDetail): string {
  const a = trip.attempts_summary
  const parts = [`priced ${plural(a.pricing_runs, "time")}`]
  if (a.checkout_submissions) parts.push(`sent to Checkout ${plural(a.checkout_submissions, "time")}`)
  if (a.staff_retries) parts.push(plural(a.staff_retries, "staff retry", "staff retries"))
  let text = parts.join(" · ")
  text = text.charAt(0).toUpperCase() + text.slice(1)
  const now: string[] = []
  if (a.failed_runs_this_round) now.push(`${plural(a.failed_runs_this_round, "failed run")} since then, retried by itself`)
  if (a.checkout_calls_this_round > 1) now.push(`${a.checkout_calls_this_round} Checkout calls in the last submission`)
  return now.length ? `${text} (${now.join("; ")})` : text
}

/** Why the trip is where it is, who shopped, and what became of it in Medusa and at Amazon. */
export const TripSummary = ({ trip }: { trip: AdminJwoTripDetail }) => {
  const error = trip.checkout_last_error ?? trip.last_error
  return (
    <Section
      title={
        <span className="flex items-center gap-x-2">
          Trip <TripStatusBadge status={trip.status} />
        </span>
      }
      subtitle={
        <span className="flex items-center gap-x-1">
          Amazon trip {trip.idempotent_shopping_trip_id} <Copy content={trip.idempotent_shopping_trip_id} />
        </span>
      }
    >
      {trip.status_reason && (
        <div className="px-6 py-4">
          <Text size="small" weight="plus">
            Reason
          </Text>
          <Text size="small" className="whitespace-pre-wrap break-words text-ui-fg-subtle" data-testid="trip-reason">
            {trip.status_reason}
          </Text>
        </div>
      )}
      <Field label="Status since">{formatDateTime(trip.status_changed_at)}</Field>
      <Field label="Store">
        {trip.store_name ? `${trip.store_name} · ` : ""}
        {trip.amazon_store_id}
      </Field>
      <Field label="In the store">
        {formatDateTime(trip.start_time)} → {formatDateTime(trip.end_time)}
      </Field>
      <Field label="Entry">
        {trip.entry_type === "FINANCIAL" ? "Payment card" : trip.entry_type === "SCAN_CODE" ? "App (Scan Key Code)" : humanize(trip.entry_type)}
        {trip.visitor_type ? ` · ${humanize(trip.visitor_type)}` : ""}
        {trip.group_size > 1 ? ` · group of ${trip.group_size}` : ""}
        {trip.charge ? "" : " · not charged"}
      </Field>
      <Field label="Customer">
        {trip.customer_id ? <CustomerLink customer={trip.customer} id={trip.customer_id} /> : "Guest"}
      </Field>
      <Field label="Medusa order">
        {trip.order ? (
          <Link to={`/orders/${trip.order.id}`} className="text-ui-fg-interactive">
            #{trip.order.display_id} · {humanize(trip.order.status)} · <Money amount={trip.order.total} currency={trip.order.currency_code} />
          </Link>
        ) : (
          "None yet"
        )}
      </Field>
      <Field label="Amazon order id">{trip.amazon_order_id ?? "—"}</Field>
      <Field label="Charged">
        {trip.charged_total ? (
          <>
            <Money amount={trip.charged_total} currency={trip.charged_currency_code} /> on {formatDateTime(trip.charged_at)}
          </>
        ) : (
          "—"
        )}
      </Field>
      <Field label="Attempts">
        <span data-testid="trip-attempts">{attemptsText(trip)}</span>
      </Field>
      {error && (
        <Field label="Last error">
          <span className="text-ui-fg-error whitespace-pre-wrap">{error}</span>
        </Field>
      )}
    </Section>
  )
}
