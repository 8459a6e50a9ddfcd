import { Badge, Text } from "@medusajs/ui"
import { formatDateTime, humanize } from "../../../lib/jwo-format"
import type { CatalogNotificationsStatus, JwoCatalogNotification } from "../../../../types"
import { Field, Section } from "../common"

const KIND_LABELS: Record<JwoCatalogNotification["kind"], string> = {
  notification: "Upload notification",
  subscription_confirmation: "SNS subscription confirmation",
  unsubscribe_confirmation: "SNS unsubscribe confirmation",
  malformed: "Unreadable message",
}

/** Outcomes staff should look at (the message stays on the queue, or the subscription is not confirmed). */
const BAD_OUTCOMES = new Set(["left_for_redrive", "confirm_failed", "refused", "unsubscribed"])

const LastMessage = ({ message }: { message: JwoCatalogNotification }) => (
  <div className="flex flex-col gap-y-1">
    <div className="flex flex-wrap items-center gap-x-2">
      <span>{KIND_LABELS[message.kind] ?? humanize(message.kind)}</span>
      <Badge size="2xsmall" color={BAD_OUTCOMES.has(message.outcome) ? "red" : "green"}>
        {humanize(message.outcome)}
      </Badge>
      <Text size="xsmall" className="text-ui-fg-subtle">
        {formatDateTime(message.received_at)}
        {message.receive_count > 1 ? ` · delivery ${message.receive_count}` : ""}
      </Text>
    </div>
    {message.ingestion_ids?.length ? (
      <Text size="xsmall" className="text-ui-fg-subtle">
        ingestionId {message.ingestion_ids.join(", ")}
      </Text>
    ) : null}
    {message.detail && (
      <Text size="xsmall" className={BAD_OUTCOMES.has(message.outcome) ? "text-ui-fg-error" : "text-ui-fg-subtle"}>
        {message.detail}
      </Text>
    )}
  </div>
)

/**
 * Catalog upload notifications (docs/catalog.md "Upload notifications"): configured or not, this instance's consumer
 * (receiving, or why not), the last message received by any instance, the SNS subscription, the last 24 hours.
 */
export const CatalogNotificationsCard = ({ status }: { status: CatalogNotificationsStatus }) => {
  if (!status.configured) {
    return (
      <Section
        title="Upload notifications"
        subtitle="Amazon's SNS topic → your SQS queue: uploads settled as soon as Amazon finishes them."
        actions={
          <Badge size="2xsmall" color="grey">
            Not configured
          </Badge>
        }
      >
        <Text size="small" className="text-ui-fg-subtle px-6 py-4">
          Uploads are settled by polling Amazon's upload status. To settle them as soon as Amazon finishes, deploy
          deploy/jwo-catalog-notifications.yaml and set the plugin option catalog.notifications.queueUrl (docs/deploy.md).
        </Text>
      </Section>
    )
  }
  const consumer = status.consumer
  return (
    <Section
      title="Upload notifications"
      subtitle="Amazon's SNS topic → your SQS queue: uploads settled as soon as Amazon finishes them; polling is the fallback."
      actions={
        <Badge size="2xsmall" color={!consumer ? "grey" : consumer.live ? "green" : "red"}>
          {!consumer ? "Configured" : consumer.live ? "Receiving" : "Not receiving"}
        </Badge>
      }
    >
      <Field label="Queue">{status.queue}</Field>
      <Field label="This instance">
        {!consumer ? (
          "Not read here (the queue is read by worker instances)"
        ) : consumer.live ? (
          <span>
            Receiving since {formatDateTime(consumer.started_at)} · last answer {formatDateTime(consumer.last_receive_at)} ·{" "}
            {consumer.received} received, {consumer.deleted} deleted, {consumer.kept} left on the queue
          </span>
        ) : (
          <div className="flex flex-col gap-y-1">
            <span>
              {consumer.last_error ? "Cannot read the queue: uploads are settled by polling until it answers." : "Starting…"}
            </span>
            {consumer.last_error && (
              <Text size="xsmall" className="text-ui-fg-error">
                {consumer.last_error} ({formatDateTime(consumer.last_error_at)})
              </Text>
            )}
          </div>
        )}
      </Field>
      <Field label="Last message received">{status.last_received ? <LastMessage message={status.last_received} /> : "None yet"}</Field>
      <Field label="SNS subscription">
        {status.subscription_confirmed_at
          ? `Confirmed ${formatDateTime(status.subscription_confirmed_at)}`
          : "No confirmation received yet (enter the queue ARN in the Merchant Portal)"}
      </Field>
      <Field label="Last 24 hours">
        <span className={status.last_24h.malformed ? "text-ui-fg-error" : undefined}>
          {status.last_24h.notifications} notification{status.last_24h.notifications === 1 ? "" : "s"} · {status.last_24h.malformed}{" "}
          unreadable (left for the dead-letter queue)
        </span>
      </Field>
      {status.fallback_poll_ms ? (
        <Text size="xsmall" className="text-ui-fg-subtle px-6 py-3">
          While notifications arrive, an upload is polled only every {Math.round(status.fallback_poll_ms / 1000)} s until its
          notification names it.
        </Text>
      ) : null}
    </Section>
  )
}
