import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { JWO_MODULE } from "../../../modules/jwo"
import type JwoModuleService from "../../../modules/jwo/service"
import type { EntryAnswer } from "../../../modules/jwo/entry"
import type { EntryDecisionData } from "./decide-entry"

/**
 * Stores a gate decision, once per authEvent.id: when a concurrent delivery of the same event stored its decision
 * first (the unique index refuses ours), that stored answer is the one given. An accepted entry marks its
 * recognition record as used.
 */
export const recordEntryDecisionStep = createStep(
  "jwo-record-entry-decision-step",
  async (input: { decision: EntryDecisionData; duration_ms: number }, { container }) => {
    const jwo = container.resolve<JwoModuleService>(JWO_MODULE)
    const { decision } = input
    const { record_last_used_at, record_visitor_type, ...stored } = decision
    const first = await jwo.insertEntryDecision({ ...stored, duration_ms: input.duration_ms })
    if (!first.inserted) {
      return new StepResponse<EntryAnswer>({
        status: first.response_status as EntryAnswer["status"],
        body: first.response_body,
      })
    }
    // "Last used" is kept to the minute: a busy app is not written at every scan (one row, many concurrent scans).
    const stale = !record_last_used_at || Date.now() - new Date(record_last_used_at).getTime() > 60_000
    if (decision.result === "accepted" && decision.recognition_record_id && (stale || record_visitor_type !== decision.visitor_type)) {
      await jwo.updateJwoRecognitionRecords({
        id: decision.recognition_record_id,
        last_used_at: new Date(),
        visitor_type: decision.visitor_type ?? "SHOPPER",
      })
    }
    return new StepResponse<EntryAnswer>({
      status: decision.response_status as EntryAnswer["status"],
      body: decision.response_body,
    })
  }
)
