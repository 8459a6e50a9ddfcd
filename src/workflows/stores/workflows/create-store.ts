import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { validateStoreReferencesStep } from "../steps/validate-store-references"
import { createJwoStoreStep, CreateJwoStoreInput } from "../steps/create-store"

export const createJwoStoreWorkflow = createWorkflow("jwo-create-store", (input: CreateJwoStoreInput) => {
  validateStoreReferencesStep(input)
  const store = createJwoStoreStep(input)
  return new WorkflowResponse(store)
})
