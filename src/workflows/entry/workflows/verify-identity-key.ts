import { createWorkflow, transform, when, type WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { decideEntryStep, type EntryDecisionData, type IdentityKeyRequest } from "../steps/decide-entry"
import { recordEntryDecisionStep } from "../steps/record-entry-decision"
import type { EntryAnswer } from "../../../modules/jwo/entry"

export type VerifyIdentityKeyInput = { request: IdentityKeyRequest; received_at: number }
export type VerifyIdentityKeyResult = { unknown_store: true } | { unknown_store: false; answer: EntryAnswer }

/** The Identity Connector: decide a gate scan and store the decision once per authEvent.id. */
export const verifyIdentityKeyWorkflow = createWorkflow(
  "jwo-verify-identity-key",
  (input: VerifyIdentityKeyInput) => {
    const outcome = decideEntryStep(input.request)
    const recordInput = transform({ outcome, input }, ({ outcome, input }) =>
      outcome.kind === "decided" ? { decision: outcome.decision, duration_ms: Date.now() - input.received_at } : null
    )
    const recorded = when({ recordInput }, ({ recordInput }) => recordInput !== null).then(() =>
      // Runs only when there is a decision to store (`when` above), so recordInput is not null here.
      recordEntryDecisionStep(recordInput as WorkflowData<{ decision: EntryDecisionData; duration_ms: number }>)
    )
    const result = transform({ outcome, recorded }, ({ outcome, recorded }): VerifyIdentityKeyResult => {
      if (outcome.kind === "unknown_store") return { unknown_store: true }
      return { unknown_store: false, answer: recorded as EntryAnswer }
    })
    return new WorkflowResponse(result)
  }
)
