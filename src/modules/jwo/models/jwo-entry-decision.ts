import { model } from "@medusajs/framework/utils"

/**
 * One answer of the Identity Connector (a gate scan), keyed by Amazon's `authEvent.id`: a repeated id gets this
 * stored answer back unchanged. Only decisions are stored (200 and 401); a request that breaks a field rule (400) is
 * not a decision.
 */
export const JwoEntryDecision = model
  .define("jwo_entry_decision", {
    id: model.id({ prefix: "jwoentry" }).primaryKey(),
    auth_event_id: model.text(),
    request_id: model.text(),
    jwo_store_id: model.text(),
    amazon_store_id: model.text(),
    location: model.text(),
    key_channel: model.text().nullable(),
    event_time: model.dateTime(),
    result: model.enum(["accepted", "rejected"]),
    /** Why an entry was refused (e.g. EXPIRED, CUSTOMER_BLOCKED), or CONNECTIVITY_TEST for a test identity. */
    reason: model.text().nullable(),
    customer_id: model.text().nullable(),
    recognition_record_id: model.text().nullable(),
    visitor_id: model.text().nullable(),
    visitor_type: model.text().nullable(),
    connectivity_test: model.boolean().default(false),
    /** The exact HTTP answer given, replayed for a repeated authEvent.id. */
    response_status: model.number(),
    response_body: model.json(),
    duration_ms: model.number().nullable(),
  })
  .indexes([
    { on: ["auth_event_id"], unique: true },
    { on: ["jwo_store_id", "created_at"] },
    { on: ["result", "created_at"] },
    { on: ["customer_id"] },
  ])
