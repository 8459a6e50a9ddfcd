import { model } from "@medusajs/framework/utils"

/** A customer that staff blocked from entering Just Walk Out stores. Unblocking soft-deletes the row (kept for audit). */
export const JwoCustomerBlock = model
  .define("jwo_customer_block", {
    id: model.id({ prefix: "jwoblock" }).primaryKey(),
    customer_id: model.text(),
    reason: model.text().nullable(),
    /** "staff:<user id>". */
    blocked_by: model.text().nullable(),
    unblocked_by: model.text().nullable(),
  })
  .indexes([{ on: ["customer_id"], unique: true, where: "deleted_at IS NULL" }])
