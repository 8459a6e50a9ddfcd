import { model } from "@medusajs/framework/utils"

/**
 * One app installation (or session) of a Medusa customer that may show Scan Key Codes. The recognition token inside
 * every code is stored only as its SHA-256 (`token_hash`): a database leak neither reveals tokens nor lets anyone
 * mint codes (that also needs the scan-key secret). The app keeps the token and sends it back to refresh its code.
 */
export const JwoRecognitionRecord = model
  .define("jwo_recognition_record", {
    id: model.id({ prefix: "jworec" }).primaryKey(),
    customer_id: model.text(),
    token_hash: model.text(),
    status: model.enum(["active", "revoked"]).default("active"),
    /** SHOPPER, ASSOCIATE or CASH_SHOPPER as of the last code issued or entry accepted. */
    visitor_type: model.text().default("SHOPPER"),
    device_name: model.text().nullable(),
    last_issued_at: model.dateTime().nullable(),
    last_used_at: model.dateTime().nullable(),
    revoked_at: model.dateTime().nullable(),
    /** "customer" or "staff:<user id>". */
    revoked_by: model.text().nullable(),
    metadata: model.json().nullable(),
  })
  .indexes([
    { on: ["token_hash"], unique: true, where: "deleted_at IS NULL" },
    { on: ["customer_id", "status"] },
  ])
