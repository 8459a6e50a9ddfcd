import { Text } from "@medusajs/ui"
import type { TripTransition } from "../../../../types"
import { formatActor, formatDateTime } from "../../../lib/jwo-format"
import { Empty, Section, TripStatusBadge } from "../common"

const Step = ({ step, last }: { step: TripTransition; last: boolean }) => (
  <li className="flex gap-x-3">
    <div className="flex flex-col items-center">
      <div className="mt-1.5 size-2 shrink-0 rounded-full bg-ui-fg-muted" />
      {!last && <div className="mt-1 w-px flex-1 bg-ui-border-base" />}
    </div>
    <div className="flex min-w-0 flex-col gap-y-1 pb-4">
      <div className="flex flex-wrap items-center gap-x-2">
        {step.from_status && (
          <>
            <TripStatusBadge status={step.from_status} />
            <Text size="xsmall">→</Text>
          </>
        )}
        <TripStatusBadge status={step.to_status} />
        <Text size="xsmall" className="text-ui-fg-subtle">
          {formatDateTime(step.created_at)} · {formatActor(step.actor, step.user)}
        </Text>
      </div>
      {step.reason && (
        <Text size="small" className="whitespace-pre-wrap break-words">
          {step.reason}
        </Text>
      )}
      {step.data !== null && step.data !== undefined && (
        <details>
          <summary className="txt-compact-xsmall cursor-pointer text-ui-fg-subtle">Details</summary>
          <pre className="txt-compact-xsmall overflow-x-auto whitespace-pre-wrap break-all">{JSON.stringify(step.data, null, 2)}</pre>
        </details>
      )}
    </div>
  </li>
)

/** The trip's history, oldest first: each change of state, why and by whom (staff by name). */
export const TripHistory = ({ history }: { history: TripTransition[] }) => (
  <Section title="History">
    {history.length === 0 ? (
      <Empty>No history recorded.</Empty>
    ) : (
      <ol className="px-6 pt-4" data-testid="trip-history">
        {history.map((step, i) => (
          <Step key={`${String(step.created_at)}-${i}`} step={step} last={i === history.length - 1} />
        ))}
      </ol>
    )}
  </Section>
)
