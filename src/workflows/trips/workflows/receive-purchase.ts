import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { PurchaseRequest } from "../../../modules/jwo/trip"
import { receiveTripStep } from "../steps/receive-trip"
import { enqueueTripStep } from "../steps/enqueue-trip"

/** The Ordering Connector: store the trip durably (201 follows), then hand it to background processing. */
export const receivePurchaseWorkflow = createWorkflow("jwo-receive-purchase", (request: PurchaseRequest) => {
  const received = receiveTripStep(request)
  when({ received }, ({ received }) => received.kind === "stored" && received.status === "received").then(() => {
    const input = transform({ received }, ({ received }) => ({ trip_id: received.kind === "stored" ? received.trip_id : "" }))
    enqueueTripStep(input)
  })
  return new WorkflowResponse(received)
})
