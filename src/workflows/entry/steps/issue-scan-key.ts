import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MedusaError } from "@medusajs/framework/utils"
import { JWO_MODULE } from "../../../modules/jwo"
import type JwoModuleService from "../../../modules/jwo/service"
import { scanKeyTimes, type VisitorType } from "../../../modules/jwo/entry"
import {
  hashRecognitionToken,
  isRecognitionToken,
  issueScanKeyCode,
  newRecognitionToken,
} from "../../../modules/jwo/scan-key"
import { lookUpVisitor } from "./visitor"

export type IssueScanKeyInput = {
  customer_id: string
  /** The token the app got with its first code; absent (or no longer usable) → a new recognition record. */
  recognition_token?: string
  device_name?: string
}

export type IssuedScanKey = {
  code: string
  issued_at: Date
  expires_at: Date
  refresh_at: Date
  visitor_type: VisitorType
  recognition_record_id: string
  /** Only when a new recognition record was made: the app keeps it (secure storage) and sends it on refresh. */
  recognition_token?: string
}

/**
 * Issues a Scan Key Code for a logged-in customer: refuses a blocked customer (403), reuses the app's recognition
 * record when it sends a token that is its own and active, else creates a new record (only the token's hash is
 * stored). Signed with the newest scan-key secret.
 */
export const issueScanKeyStep = createStep(
  "jwo-issue-scan-key-step",
  async (input: IssueScanKeyInput, { container }) => {
    const jwo = container.resolve<JwoModuleService>(JWO_MODULE)
    const visitor = await lookUpVisitor(container, input.customer_id)
    if (!visitor.exists) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Customer with id "${input.customer_id}" was not found`)
    }
    if (visitor.blocked) {
      throw new MedusaError(
        MedusaError.Types.FORBIDDEN,
        "This account may not enter Just Walk Out stores. Please contact the store's staff."
      )
    }

    const now = new Date()
    let token = input.recognition_token && isRecognitionToken(input.recognition_token) ? input.recognition_token : undefined
    let record = token
      ? (
          await jwo.listJwoRecognitionRecords(
            { token_hash: hashRecognitionToken(token), customer_id: input.customer_id, status: "active" },
            { take: 1 }
          )
        )[0]
      : undefined
    let createdId: string | undefined
    if (record) {
      await jwo.updateJwoRecognitionRecords({ id: record.id, last_issued_at: now, visitor_type: visitor.type })
    } else {
      token = newRecognitionToken()
      record = await jwo.createJwoRecognitionRecords({
        customer_id: input.customer_id,
        token_hash: hashRecognitionToken(token),
        visitor_type: visitor.type,
        device_name: input.device_name ?? null,
        last_issued_at: now,
      })
      createdId = record.id
    }

    const { scanKey } = jwo.getOptions()
    const code = issueScanKeyCode({ prefix: scanKey.prefix, secret: scanKey.secrets[0], recognitionToken: token!, issuedAt: now })
    const issued: IssuedScanKey = {
      code,
      ...scanKeyTimes(now, scanKey.freshnessSeconds),
      visitor_type: visitor.type,
      recognition_record_id: record.id,
      ...(createdId ? { recognition_token: token } : {}),
    }
    return new StepResponse(issued, createdId)
  },
  async (createdId, { container }) => {
    if (!createdId) return
    await container.resolve<JwoModuleService>(JWO_MODULE).deleteJwoRecognitionRecords(createdId)
  }
)
