import { z } from "@medusajs/framework/zod"
import { IDENTITY_KEY_MAX_LENGTH } from "../../../../../modules/jwo/scan-key"
import { locationField, textField, utcTimestampField, uuidField } from "../../../contract-fields"

const BASE64_PATTERN = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

/** Verify Identity Keys request (jwo-contract.md §4). */
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
    keyChannel: z.enum(["OPTICAL"], { error: "keyChannel must be OPTICAL" }).optional(),
  },
  { error: "The request body must be a JSON object" }
)
export type IdentityKeysRequestType = z.infer<typeof IdentityKeysRequest>
