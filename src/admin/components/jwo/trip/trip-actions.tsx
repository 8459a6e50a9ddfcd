import { Button, Label, Text, Textarea, toast } from "@medusajs/ui"
import { useState } from "react"
import { errorMessage, jwoFetch } from "../../../lib/jwo-api"
import { humanize } from "../../../lib/jwo-format"
import { RESOLVABLE, RETRYABLE, type JwoTripDetail } from "../../../lib/jwo-types"
import { Section } from "../common"

type Action = "retry" | "resolve"

const ACTIONS: Record<Action, { title: string; label: string; placeholder: string; required: boolean; key: "note" | "reason" }> = {
  retry: {
    title: "Retry",
    label: "Note (optional)",
    placeholder: "What was fixed, e.g. added the missing SKU",
    required: false,
    key: "note",
  },
  resolve: {
    title: "Resolve by hand",
    label: "Reason (required)",
    placeholder: "Why the trip is closed, e.g. settled at the till",
    required: true,
    key: "reason",
  },
}

/** Retry (with an optional note) and Resolve (with a reason): calls the API and shows its answer. */
export const TripActions = ({ trip, onTrip }: { trip: JwoTripDetail; onTrip: (trip: JwoTripDetail) => void }) => {
  const [action, setAction] = useState<Action | null>(null)
  const [text, setText] = useState("")
  const [submitting, setSubmitting] = useState(false)
  const [outcome, setOutcome] = useState<{ ok: boolean; message: string } | null>(null)

  const canRetry = RETRYABLE.includes(trip.status)
  const canResolve = RESOLVABLE.includes(trip.status)
  const spec = action ? ACTIONS[action] : null
  const tooShort = spec?.required && text.trim().length < 3

  const open = (next: Action) => {
    setAction(next)
    setText("")
    setOutcome(null)
  }

  const submit = async () => {
    if (!action || !spec) return
    setSubmitting(true)
    setOutcome(null)
    try {
      const value = text.trim()
      const body = value ? { [spec.key]: value } : {}
      const { trip: updated } = await jwoFetch<{ trip: JwoTripDetail }>(`/admin/jwo/trips/${trip.id}/${action}`, {
        method: "POST",
        body,
      })
      onTrip(updated)
      const message = `${spec.title} done: the trip is now ${humanize(updated.status).toLowerCase()}.`
      setOutcome({ ok: true, message })
      toast.success(message)
      setAction(null)
    } catch (e) {
      setOutcome({ ok: false, message: errorMessage(e) })
    } finally {
      setSubmitting(false)
    }
  }

  return (
    <Section
      title="Staff actions"
      subtitle={
        canRetry || canResolve
          ? "Fix the cause first (catalog, prices, credentials), then retry; or close the trip by hand."
          : `Nothing to do: a ${humanize(trip.status).toLowerCase()} trip can be neither retried nor resolved.`
      }
      actions={
        <>
          <Button size="small" variant="secondary" disabled={!canRetry || submitting} onClick={() => open("retry")}>
            Retry
          </Button>
          <Button size="small" variant="secondary" disabled={!canResolve || submitting} onClick={() => open("resolve")}>
            Resolve
          </Button>
        </>
      }
    >
      {spec && (
        <div className="flex flex-col gap-y-2 px-6 py-4">
          <Label size="small" htmlFor="jwo-trip-action-text">
            {spec.label}
          </Label>
          <Textarea
            id="jwo-trip-action-text"
            value={text}
            placeholder={spec.placeholder}
            maxLength={action === "retry" ? 500 : 1000}
            onChange={(e) => setText(e.target.value)}
          />
          {tooShort && (
            <Text size="xsmall" className="text-ui-fg-subtle">
              At least 3 characters.
            </Text>
          )}
          <div className="flex justify-end gap-x-2">
            <Button size="small" variant="secondary" disabled={submitting} onClick={() => setAction(null)}>
              Cancel
            </Button>
            <Button size="small" isLoading={submitting} disabled={Boolean(tooShort)} onClick={submit}>
              {spec.title}
            </Button>
          </div>
        </div>
      )}
      {outcome && (
        <Text size="small" className={`px-6 py-4 ${outcome.ok ? "text-ui-fg-subtle" : "text-ui-fg-error"}`}>
          {outcome.message}
        </Text>
      )}
    </Section>
  )
}
