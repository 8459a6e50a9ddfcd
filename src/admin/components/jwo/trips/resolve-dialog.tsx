import { Button, Label, Prompt, Text, Textarea } from "@medusajs/ui"
import { useEffect, useState } from "react"

/**
 * Asks for the one reason of a resolve (one trip or many) and says what resolving means: the trip is closed by
 * hand, Amazon is not charged for it by the plugin, and no Medusa order is placed for it from then on; an order it
 * already has is settled as not charged, fulfilled and completed (docs/orders.md).
 */
export const ResolveDialog = ({
  open,
  onOpenChange,
  count,
  orderNumbers,
  busy,
  error,
  onResolve,
}: {
  open: boolean
  onOpenChange: (open: boolean) => void
  /** How many trips (1 for the trip page). */
  count: number
  /** Medusa order numbers the trips already have (they stay in Medusa). */
  orderNumbers: number[]
  busy?: boolean
  error?: string | null
  onResolve: (reason: string) => void
}) => {
  const [reason, setReason] = useState("")
  useEffect(() => {
    if (open) setReason("")
  }, [open])
  const tooShort = reason.trim().length < 3
  const what = count === 1 ? "this trip" : `these ${count} trips`

  return (
    <Prompt open={open} onOpenChange={onOpenChange}>
      <Prompt.Content>
        <Prompt.Header>
          <Prompt.Title>{count === 1 ? "Resolve the trip by hand?" : `Resolve ${count} trips by hand?`}</Prompt.Title>
          <Prompt.Description asChild>
            <div className="flex flex-col gap-y-2">
              <Text size="small">
                Resolving closes {what} for good. <strong>No charge:</strong> the plugin never sends {what} to Amazon
                Checkout again, so the shopper is not charged through Just Walk Out. <strong>No order:</strong> no
                Medusa order is placed for {what} from now on.
              </Text>
              {orderNumbers.length > 0 && (
                <Text size="small">
                  {orderNumbers.length === 1 ? "Order" : "Orders"} {orderNumbers.map((n) => `#${n}`).join(", ")} already
                  placed {orderNumbers.length === 1 ? "is" : "are"} settled as &ldquo;not charged: resolved by staff&rdquo;
                  (nothing left to pay or capture), fulfilled from the store and completed: the goods left the store.
                </Text>
              )}
              <Text size="small">Use it when the trip was settled outside the plugin (at the till, written off).</Text>
            </div>
          </Prompt.Description>
        </Prompt.Header>
        <div className="flex flex-col gap-y-2 px-6 pb-4">
          <Label size="small" htmlFor="jwo-resolve-reason">
            Reason (required, kept in the history{count > 1 ? " of each trip" : ""})
          </Label>
          <Textarea
            id="jwo-resolve-reason"
            value={reason}
            maxLength={1000}
            placeholder="e.g. paid at the till"
            onChange={(e) => setReason(e.target.value)}
          />
          {error && (
            <Text size="small" className="text-ui-fg-error" role="alert">
              {error}
            </Text>
          )}
        </div>
        <Prompt.Footer>
          <Prompt.Cancel disabled={busy}>Cancel</Prompt.Cancel>
          <Button size="small" variant="danger" isLoading={busy} disabled={tooShort} onClick={() => onResolve(reason.trim())}>
            {count === 1 ? "Resolve" : `Resolve ${count} trips`}
          </Button>
        </Prompt.Footer>
      </Prompt.Content>
    </Prompt>
  )
}
