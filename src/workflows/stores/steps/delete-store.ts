import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { JWO_MODULE } from "../../../modules/jwo"
import type JwoModuleService from "../../../modules/jwo/service"
import { storePickupMemo } from "../../orders/pickup-memo"

/** Soft delete: what a store recorded (trips, entries) keeps pointing at it, and a compensation can restore it. */
export const deleteJwoStoreStep = createStep(
  "jwo-delete-store-step",
  async (id: string, { container }) => {
    const jwo = container.resolve<JwoModuleService>(JWO_MODULE)
    await jwo.retrieveJwoStore(id)
    await jwo.softDeleteJwoStores(id)
    storePickupMemo.forget(id)
    return new StepResponse(id, id)
  },
  async (id, { container }) => {
    if (!id) return
    await container.resolve<JwoModuleService>(JWO_MODULE).restoreJwoStores(id)
  }
)
