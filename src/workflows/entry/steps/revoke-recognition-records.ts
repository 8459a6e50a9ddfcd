import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { JWO_MODULE } from "../../../modules/jwo"
import type JwoModuleService from "../../../modules/jwo/service"

export type RevokeRecognitionRecordsInput = {
  /** Which records: by id, or every active record of a customer. */
  ids?: string[]
  customer_id?: string
  /** "customer" or "staff:<user id>". */
  revoked_by: string
}

/** Revokes active recognition records: the codes they issued stop opening gates at once. */
export const revokeRecognitionRecordsStep = createStep(
  "jwo-revoke-recognition-records-step",
  async (input: RevokeRecognitionRecordsInput, { container }) => {
    const jwo = container.resolve<JwoModuleService>(JWO_MODULE)
    const filters: Record<string, unknown> = { status: "active" }
    if (input.ids) filters.id = input.ids
    if (input.customer_id) filters.customer_id = input.customer_id
    const active = await jwo.listJwoRecognitionRecords(filters, { select: ["id"] })
    if (!active.length) return new StepResponse([] as string[], [] as string[])
    const ids = active.map((r) => r.id)
    await jwo.updateJwoRecognitionRecords({
      selector: { id: ids },
      data: { status: "revoked", revoked_at: new Date(), revoked_by: input.revoked_by },
    })
    return new StepResponse(ids, ids)
  },
  async (ids, { container }) => {
    if (!ids?.length) return
    await container.resolve<JwoModuleService>(JWO_MODULE).updateJwoRecognitionRecords({
      selector: { id: ids },
      data: { status: "active", revoked_at: null, revoked_by: null },
    })
  }
)
