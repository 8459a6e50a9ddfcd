import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { deleteJwoStoreStep } from "../steps/delete-store"

export const deleteJwoStoreWorkflow = createWorkflow("jwo-delete-store", (input: { id: string }) => {
  const id = deleteJwoStoreStep(input.id)
  return new WorkflowResponse(id)
})
