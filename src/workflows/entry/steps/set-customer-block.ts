import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { JWO_MODULE } from "../../../modules/jwo"
import type JwoModuleService from "../../../modules/jwo/service"

export type SetCustomerBlockInput = { customer_id: string; blocked: boolean; reason?: string | null; actor: string }
type Undo = { created?: string; removed?: string }

/**
 * Blocks or unblocks a customer at every JWO gate. Blocking twice keeps the first block; unblocking soft-deletes the
 * block (kept for audit). Blocking does not revoke recognition records: unblocking lets the same app in again.
 */
export const setCustomerBlockStep = createStep(
  "jwo-set-customer-block-step",
  async (input: SetCustomerBlockInput, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({ entity: "customer", fields: ["id"], filters: { id: input.customer_id } })
    if (!data.length) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Customer with id "${input.customer_id}" was not found`)
    }
    const jwo = container.resolve<JwoModuleService>(JWO_MODULE)
    const [existing] = await jwo.listJwoCustomerBlocks({ customer_id: input.customer_id }, { take: 1 })
    if (input.blocked) {
      if (existing) return new StepResponse({ blocked: true }, {} as Undo)
      const block = await jwo.createJwoCustomerBlocks({
        customer_id: input.customer_id,
        reason: input.reason ?? null,
        blocked_by: input.actor,
      })
      return new StepResponse({ blocked: true }, { created: block.id } as Undo)
    }
    if (!existing) return new StepResponse({ blocked: false }, {} as Undo)
    await jwo.updateJwoCustomerBlocks({ id: existing.id, unblocked_by: input.actor })
    await jwo.softDeleteJwoCustomerBlocks(existing.id)
    return new StepResponse({ blocked: false }, { removed: existing.id } as Undo)
  },
  async (undo, { container }) => {
    const jwo = container.resolve<JwoModuleService>(JWO_MODULE)
    if (undo?.created) await jwo.deleteJwoCustomerBlocks(undo.created)
    if (undo?.removed) await jwo.restoreJwoCustomerBlocks(undo.removed)
  }
)
