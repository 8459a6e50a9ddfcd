import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { validateStoreReferencesStep } from "../steps/validate-store-references"
import { updateJwoStoreStep, UpdateJwoStoreInput } from "../steps/update-store"

export const updateJwoStoreWorkflow = createWorkflow("jwo-update-store", (input: UpdateJwoStoreInput) => {
  validateStoreReferencesStep(input)
  const store = updateJwoStoreStep(input)
  return new WorkflowResponse(store)
})
