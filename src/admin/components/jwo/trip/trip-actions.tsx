import { Button, Label, Text, Textarea, toast } from "@medusajs/ui"
import { useState } from "react"
import { RESOLVABLE_STATUSES, RETRYABLE_STATUSES, WORKING_TRIP_STATUSES, type AdminJwoTripDetail } from "../../../../types"
import { errorMessage, useResolveJwoTrip, useRetryJwoTrip } from "../../../hooks/api"
import { tripStatusLabel } from "../../../lib/jwo-format"
import { Section } from "../common"
import { ResolveDialog } from "../trips/resolve-dialog"

/**
 * Retry (with an optional note) and Resolve (a dialog that says what resolving means). After an action the page
 * follows the trip every second until it settles (the trip query's own interval).
 */
export const TripActions = ({ trip }: { trip: AdminJwoTripDetail }) => {
  const retry = useRetryJwoTrip(trip.id)
  const resolve = useResolveJwoTrip(trip.id)
  const [retrying, setRetrying] = useState(false)
  const [note, setNote] = useState("")
  const [resolving, setResolving] = useState(false)

  const canRetry = RETRYABLE_STATUSES.includes(trip.status)
  const canResolve = RESOLVABLE_STATUSES.includes(trip.status)
  const working = WORKING_TRIP_STATUSES.includes(trip.status)
  const busy = retry.isPending || resolve.isPending

  const submitRetry = () =>
    retry.mutate(
      { note: note.trim() || undefined },
      {
        onSuccess: ({ trip: updated }) => {
          toast.success(`Retried: the trip is ${tripStatusLabel(updated.status).toLowerCase()}`)
          setRetrying(false)
          setNote("")
        },
      }
    )

  const submitResolve = (reason: string) =>
    resolve.mutate(
      { reason },
      {
        onSuccess: () => {
          toast.success("Resolved: no charge, no order")
          setResolving(false)
        },
      }
    )

  return (
    <Section
      title="Staff actions"
      subtitle={
        working
          ? `The plugin is working on it (${tripStatusLabel(trip.status).toLowerCase()}): this page follows it until it settles.`
          : canRetry || canResolve
            ? "Fix the cause first (catalog, prices, credentials), then retry; or close the trip by hand."
            : `Nothing to do: a trip that is ${tripStatusLabel(trip.status).toLowerCase()} can be neither retried nor resolved.`
      }
      actions={
        <>
          <Button size="small" variant="secondary" disabled={!canRetry || busy} onClick={() => setRetrying(true)}>
            Retry
          </Button>
          <Button size="small" variant="secondary" disabled={!canResolve || busy} onClick={() => setResolving(true)}>
            Resolve
          </Button>
        </>
      }
    >
      {retrying && (
        <div className="flex flex-col gap-y-2 px-6 py-4">
          <Label size="small" htmlFor="jwo-trip-retry-note">
            Note (optional, kept in the history)
          </Label>
          <Textarea
            id="jwo-trip-retry-note"
            value={note}
            placeholder="What was fixed, e.g. added the missing SKU"
            maxLength={500}
            onChange={(e) => setNote(e.target.value)}
          />
          <Text size="xsmall" className="text-ui-fg-subtle">
            {trip.order
              ? "The trip has an order: it is sent to Amazon Checkout again (same trip id, so Amazon never charges twice)."
              : "The cart is priced again against the catalog as it is now."}
          </Text>
          <div className="flex justify-end gap-x-2">
            <Button size="small" variant="secondary" disabled={busy} onClick={() => setRetrying(false)}>
              Cancel
            </Button>
            <Button size="small" isLoading={retry.isPending} onClick={submitRetry}>
              Retry now
            </Button>
          </div>
        </div>
      )}
      {retry.error && (
        <Text size="small" className="px-6 py-4 text-ui-fg-error" role="alert">
          {errorMessage(retry.error)}
        </Text>
      )}
      <ResolveDialog
        open={resolving}
        onOpenChange={setResolving}
        count={1}
        orderNumbers={trip.order ? [trip.order.display_id] : []}
        busy={resolve.isPending}
        error={resolve.error ? errorMessage(resolve.error) : null}
        onResolve={submitResolve}
      />
    </Section>
  )
}
