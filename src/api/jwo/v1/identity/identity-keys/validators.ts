import { z } from "@medusajs/framework/zod"
import { IDENTITY_KEY_MAX_LENGTH } from "../../../../../modules/jwo/scan-key"
import { enumField, locationField, textField, utcTimestampField, uuidField } from "../../../contract-fields"

const BASE64_PATTERN = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

/** `keyChannel`: Amazon documents `OPTICAL` only; any other value is a 400 (jwo-contract.md §4). */
export const KEY_CHANNELS = ["OPTICAL"] as const

/** Verify Identity Keys request (jwo-contract.md §4). Unknown fields are accepted and dropped. */
export const IdentityKeysRequest = z.object(
  {
    requestId: uuidField("requestId"),
    identityKey: textField("identityKey", IDENTITY_KEY_MAX_LENGTH).regex(BASE64_PATTERN, "identityKey must be Base64"),
    storeId: textField("storeId"),
    authEvent: z.object(
      {
        id: uuidField("authEvent.id"),
        timestamp: utcTimestampField("authEvent.timestamp"),
        location: locationField("authEvent.location"),
      },
      { error: (issue) => (issue.input === undefined ? "authEvent is required" : "authEvent must be an object") }
    ),
    keyChannel: enumField("keyChannel", KEY_CHANNELS).optional(),
  },
  { error: "The request body must be a JSON object" }
)
export type IdentityKeysRequestType = z.infer<typeof IdentityKeysRequest>
