import { z } from "@medusajs/framework/zod"
import { createFindParams } from "@medusajs/medusa/api/utils/validators"

export const StoreIssueScanKey = z
  .object({
    /** The token returned with the app's first code; send it on every refresh to keep one record per app. */
    recognition_token: z.string().max(64).optional(),
    /** A name the customer recognises in their list of signed-in apps, e.g. "Pixel 8". */
    device_name: z.string().trim().min(1).max(100).optional(),
  })
  .strict()
export type StoreIssueScanKeyType = z.infer<typeof StoreIssueScanKey>

export const StoreIssueScanKeyParams = z
  .object({ qr: z.enum(["svg"], { error: 'qr must be "svg"' }).optional() })
  .strict()

export const StoreGetRecognitionRecordsParams = createFindParams({ offset: 0, limit: 20 })
  .extend({ status: z.enum(["active", "revoked"]).optional() })
  .strict()
