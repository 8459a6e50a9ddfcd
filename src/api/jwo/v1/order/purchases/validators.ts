import { z } from "@medusajs/framework/zod"
import { locationField, textField, utcTimestampField, uuidField } from "../../../contract-fields"

/** `"1.0"`, `"0.455"`, `"12"`: a positive decimal string of at most 10 characters. */
const QUANTITY_PATTERN = /^(?:\d+(?:\.\d+)?|\.\d+)$/

const optionalText = (what: string) => textField(what).optional()

/** Amazon's examples are UUIDs; any id of letters, digits and `._:-` is accepted (a stricter rule risks refusing real trips). */
const EVENT_ID_PATTERN = /^[A-Za-z0-9._:-]+$/

const AuthEvent = z.object({
  id: textField("authEvents[].id").regex(EVENT_ID_PATTERN, "authEvents[].id must be an id such as a UUID"),
  timestamp: utcTimestampField("authEvents[].timestamp").optional(),
  location: locationField("authEvents[].location").optional(),
  payloadType: z.enum(["FINANCIAL", "SCAN_CODE"], { error: "authEvents[].payloadType must be FINANCIAL or SCAN_CODE" }),
  scanResult: z
    .object({
      id: optionalText("authEvents[].scanResult.id"),
      type: z
        .enum(["SHOPPER", "ASSOCIATE", "CASH_SHOPPER"], {
          error: "authEvents[].scanResult.type must be SHOPPER, ASSOCIATE or CASH_SHOPPER",
        })
        .optional(),
    })
    .optional(),
})

const CartItem = z.object({
  id: textField("cartItems[].id"),
  type: z.enum(["SKU", "SCANCODE"], { error: "cartItems[].type must be SKU or SCANCODE" }),
  quantity: z.object(
    {
      value: z
        .string({ error: "cartItems[].quantity.value must be a decimal string such as \"1.0\"" })
        .max(10, "cartItems[].quantity.value must be at most 10 characters")
        .regex(QUANTITY_PATTERN, "cartItems[].quantity.value must be a positive decimal such as \"1.0\" or \"0.455\"")
        .refine((value) => /[1-9]/.test(value), "cartItems[].quantity.value must be greater than zero"),
      unit: textField("cartItems[].quantity.unit"),
    },
    { error: "cartItems[].quantity is required" }
  ),
  externalIdentifiers: z
    .array(
      z.object({
        id: textField("cartItems[].externalIdentifiers[].id"),
        type: textField("cartItems[].externalIdentifiers[].type"),
      })
    )
    .optional(),
  lineItemId: optionalText("cartItems[].lineItemId"),
})

/** Create Purchases request (jwo-contract.md §5). Unknown fields are accepted and dropped. */
export const PurchasesRequest = z
  .object(
    {
      requestId: uuidField("requestId"),
      idempotentShoppingTripId: textField("idempotentShoppingTripId"),
      storeId: textField("storeId"),
      shoppingTrip: z.object(
        {
          startTime: utcTimestampField("shoppingTrip.startTime"),
          endTime: utcTimestampField("shoppingTrip.endTime"),
          authEvents: z.array(AuthEvent, { error: "shoppingTrip.authEvents must be an array" }),
        },
        { error: (issue) => (issue.input === undefined ? "shoppingTrip is required" : "shoppingTrip must be an object") }
      ),
      cartItems: z.array(CartItem, {
        error: (issue) => (issue.input === undefined ? "cartItems is required" : "cartItems must be an array"),
      }),
      shopperIdentity: z.object({ id: optionalText("shopperIdentity.id") }).optional(),
      shopperDeviceId: optionalText("shopperDeviceId"),
      paymentSource: z.object({ id: textField("paymentSource.id").optional() }).optional(),
    },
    { error: "The request body must be a JSON object" }
  )
  .superRefine((body, ctx) => {
    if (Date.parse(body.shoppingTrip.endTime) < Date.parse(body.shoppingTrip.startTime)) {
      ctx.addIssue({
        code: "custom",
        path: ["shoppingTrip", "endTime"],
        message: "shoppingTrip.endTime must not be before shoppingTrip.startTime",
      })
    }
    const seen = new Map<string, number>()
    body.cartItems.forEach((item, index) => {
      if (item.lineItemId === undefined) return
      if (seen.has(item.lineItemId)) {
        ctx.addIssue({
          code: "custom",
          path: ["cartItems", index, "lineItemId"],
          message: `cartItems[].lineItemId "${item.lineItemId}" is used twice (also at cartItems.${seen.get(item.lineItemId)})`,
        })
      } else {
        seen.set(item.lineItemId, index)
      }
    })
  })
export type PurchasesRequestType = z.infer<typeof PurchasesRequest>
