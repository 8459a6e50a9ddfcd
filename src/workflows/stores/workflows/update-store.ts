import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { ensureStorePickupWorkflow } from "../../orders/store-pickup"
import { validateStoreReferencesStep } from "../steps/validate-store-references"
import { updateJwoStoreStep, UpdateJwoStoreInput } from "../steps/update-store"

/** `jwo-update-store`; the pickup option is checked again (the stock location or sales channel may have changed). */
export const updateJwoStoreWorkflow = createWorkflow("jwo-update-store", (input: UpdateJwoStoreInput) => {
  validateStoreReferencesStep(input)
  const store = updateJwoStoreStep(input)
  ensureStorePickupWorkflow.runAsStep({ input: transform({ store }, ({ store }) => ({ jwo_store_id: store.id })) })
  return new WorkflowResponse(store)
})
