import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { issueScanKeyStep, type IssueScanKeyInput } from "../steps/issue-scan-key"
import { revokeRecognitionRecordsStep, type RevokeRecognitionRecordsInput } from "../steps/revoke-recognition-records"
import { setCustomerBlockStep, type SetCustomerBlockInput } from "../steps/set-customer-block"

/** A Scan Key Code for the logged-in customer's app (store API). */
export const issueScanKeyWorkflow = createWorkflow("jwo-issue-scan-key", (input: IssueScanKeyInput) => {
  return new WorkflowResponse(issueScanKeyStep(input))
})

/** Revokes recognition records (the customer's "sign out of all stores", or staff). */
export const revokeRecognitionRecordsWorkflow = createWorkflow(
  "jwo-revoke-recognition-records",
  (input: RevokeRecognitionRecordsInput) => {
    return new WorkflowResponse(revokeRecognitionRecordsStep(input))
  }
)

/** Blocks or unblocks a customer at every JWO gate (admin). */
export const setCustomerBlockWorkflow = createWorkflow("jwo-set-customer-block", (input: SetCustomerBlockInput) => {
  return new WorkflowResponse(setCustomerBlockStep(input))
})
