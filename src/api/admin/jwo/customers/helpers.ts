import type { MedusaRequest } from "@medusajs/framework/http"
import { JWO_MODULE } from "../../../../modules/jwo"
import type JwoModuleService from "../../../../modules/jwo/service"
import { lookUpVisitor } from "../../../../workflows/entry/steps/visitor"
import { MedusaError } from "@medusajs/framework/utils"
import type { AdminJwoCustomerStanding } from "../../../../types"
import { staffUserId, usersById } from "../people"

/** A customer's standing at JWO gates: visitor type, blocked (by staff or by group), their apps. */
export async function jwoCustomerStanding(req: MedusaRequest, customerId: string): Promise<AdminJwoCustomerStanding> {
  const jwo = req.scope.resolve<JwoModuleService>(JWO_MODULE)
  const [visitor, blocks, active_recognition_records] = await Promise.all([
    lookUpVisitor(req.scope, customerId),
    jwo.listJwoCustomerBlocks({ customer_id: customerId }, { take: 1 }),
    jwo.listAndCountJwoRecognitionRecords({ customer_id: customerId, status: "active" }, { take: 0 }).then(([, n]) => n),
  ])
  if (!visitor.exists) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Customer with id "${customerId}" was not found`)
  }
  const block = blocks[0]
  const userId = staffUserId(block?.blocked_by)
  const user = userId ? (await usersById(req.scope, [userId])).get(userId) ?? null : null
  return {
    id: customerId,
    may_enter: !visitor.blocked,
    visitor_type: visitor.blocked ? null : visitor.type,
    blocked_by_staff: Boolean(block),
    blocked_by_group: visitor.blocked && !block,
    block: block ? { reason: block.reason, blocked_by: block.blocked_by, user, created_at: block.created_at } : null,
    active_recognition_records,
  }
}
