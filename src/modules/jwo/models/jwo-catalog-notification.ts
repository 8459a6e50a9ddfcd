import { model } from "@medusajs/framework/utils"

export const CATALOG_NOTIFICATION_KINDS = ["notification", "subscription_confirmation", "unsubscribe_confirmation", "malformed"] as const
export type CatalogNotificationKind = (typeof CATALOG_NOTIFICATION_KINDS)[number]

/**
 * What was done with a message of the catalog notifications queue (one row per SQS message; a message delivered
 * again updates its row): for the admin ("last notification received") and for finding out what Amazon sent.
 */
export const JwoCatalogNotification = model
  .define("jwo_catalog_notification", {
    id: model.id({ prefix: "jwocntf" }).primaryKey(),
    /** SQS MessageId (a duplicate SNS delivery is a new SQS message with the same sns_message_id). */
    message_id: model.text(),
    sns_message_id: model.text().nullable(),
    kind: model.enum([...CATALOG_NOTIFICATION_KINDS]),
    /**
     * settling (the status call is queued), already_settled, unknown_upload, confirmed, confirm_failed, refused,
     * unsubscribed, left_for_redrive.
     */
    outcome: model.text(),
    ingestion_ids: model.json().nullable(),
    upload_ids: model.json().nullable(),
    topic_arn: model.text().nullable(),
    /** SQS ApproximateReceiveCount when last handled. */
    receive_count: model.number().default(1),
    detail: model.text().nullable(),
    received_at: model.dateTime(),
  })
  .indexes([{ on: ["message_id"], unique: true }, { on: ["received_at"] }, { on: ["kind", "received_at"] }])
