import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { ensureStorePickupWorkflow } from "../../orders/store-pickup"
import { validateStoreReferencesStep } from "../steps/validate-store-references"
import { createJwoStoreStep, CreateJwoStoreInput } from "../steps/create-store"

/**
 * `jwo-create-store`. The store's "Just Walk Out" pickup option (a `pickup` fulfillment set at its stock location,
 * a service zone, a shipping option) is made with it, so its orders can be fulfilled in the store (docs/orders.md).
 */
export const createJwoStoreWorkflow = createWorkflow("jwo-create-store", (input: CreateJwoStoreInput) => {
  validateStoreReferencesStep(input)
  const store = createJwoStoreStep(input)
  ensureStorePickupWorkflow.runAsStep({ input: transform({ store }, ({ store }) => ({ jwo_store_id: store.id })) })
  return new WorkflowResponse(store)
})
