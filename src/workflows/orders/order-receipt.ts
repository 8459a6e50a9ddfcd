import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { createStep, createWorkflow, StepResponse, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { buildReceipt, RECEIPT_ORDER_FIELDS, type Receipt } from "../../modules/jwo/receipt"

export const getOrderReceiptWorkflowId = "jwo-get-order-receipt"

/** Reads the order and builds its receipt (pure: `buildReceipt`). Only a Just Walk Out order has one. */
const getOrderReceiptStep = createStep("jwo-get-order-receipt-step", async (input: { order_id: string }, { container }) => {
  const { data } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "order",
    fields: RECEIPT_ORDER_FIELDS,
    filters: { id: input.order_id },
  })
  const order = data[0] as any
  if (!order || !order.metadata?.jwo_trip_id) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Just Walk Out order with id "${input.order_id}" was not found`)
  }
  return new StepResponse<Receipt>(buildReceipt(order))
})

/** `jwo-get-order-receipt` (input `{ order_id }`): the receipt of a Just Walk Out order, read off the order alone. */
export const getOrderReceiptWorkflow = createWorkflow(getOrderReceiptWorkflowId, (input: { order_id: string }) => {
  return new WorkflowResponse(getOrderReceiptStep(input))
})
