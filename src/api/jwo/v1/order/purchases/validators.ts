import { z } from "@medusajs/framework/zod"
import { enumField, locationField, textField, utcTimestampField, uuidField } from "../../../contract-fields"

/** `"1.0"`, `"0.455"`, `"12"`: a positive decimal string of at most 10 characters. */
const QUANTITY_PATTERN = /^(?:\d+(?:\.\d+)?|\.\d+)$/

const optionalText = (what: string) => textField(what).optional()

/** Amazon's examples are UUIDs; any id of letters, digits and `._:-` is accepted (a stricter rule risks refusing real trips). */
const EVENT_ID_PATTERN = /^[A-Za-z0-9._:-]+$/

export const PAYLOAD_TYPES = ["FINANCIAL", "SCAN_CODE"] as const
export const VISITOR_TYPES = ["SHOPPER", "ASSOCIATE", "CASH_SHOPPER"] as const
export const CART_ITEM_TYPES = ["SKU", "SCANCODE"] as const
/**
 * `cartItems[].externalIdentifiers[].type`: Amazon documents `UPC`; the other values are the barcode types of the
 * catalog we upload (`external_product_id_type`), which is where Amazon's identifiers come from. Anything else is a
 * 400 (Amazon's test CP-3.27). docs/decisions.md "Contract strictness (issue 17.7)".
 */
export const EXTERNAL_IDENTIFIER_TYPES = ["UPC", "EAN", "EAN8", "ISBN", "GTIN", "PLU"] as const

const objectOf = <T extends z.ZodRawShape>(what: string, shape: T) =>
  z.object(shape, {
    error: (issue) => (issue.input === undefined ? `${what} is required` : `${what} must be an object`),
  })
const arrayOf = <T extends z.ZodTypeAny>(what: string, item: T) =>
  z.array(item, {
    error: (issue) => (issue.input === undefined ? `${what} is required` : `${what} must be an array`),
  })

const AuthEvent = objectOf("shoppingTrip.authEvents[]", {
  id: textField("authEvents[].id").regex(EVENT_ID_PATTERN, "authEvents[].id must be an id such as a UUID"),
  timestamp: utcTimestampField("authEvents[].timestamp").optional(),
  location: locationField("authEvents[].location").optional(),
  payloadType: enumField("authEvents[].payloadType", PAYLOAD_TYPES),
  scanResult: objectOf("authEvents[].scanResult", {
    id: optionalText("authEvents[].scanResult.id"),
    type: enumField("authEvents[].scanResult.type", VISITOR_TYPES).optional(),
  }).optional(),
})

const CartItem = objectOf("cartItems[]", {
  id: textField("cartItems[].id"),
  type: enumField("cartItems[].type", CART_ITEM_TYPES),
  quantity: objectOf("cartItems[].quantity", {
    value: z
      .string({
        error: (issue) =>
          issue.input === undefined
            ? "cartItems[].quantity.value is required"
            : 'cartItems[].quantity.value must be a decimal string such as "1.0"',
      })
      .max(10, "cartItems[].quantity.value must be at most 10 characters")
      .regex(QUANTITY_PATTERN, 'cartItems[].quantity.value must be a positive decimal such as "1.0" or "0.455"')
      .refine((value) => /[1-9]/.test(value), "cartItems[].quantity.value must be greater than zero"),
    unit: textField("cartItems[].quantity.unit"),
  }),
  externalIdentifiers: arrayOf(
    "cartItems[].externalIdentifiers",
    objectOf("cartItems[].externalIdentifiers[]", {
      id: textField("cartItems[].externalIdentifiers[].id"),
      type: enumField("cartItems[].externalIdentifiers[].type", EXTERNAL_IDENTIFIER_TYPES),
    })
  ).optional(),
  lineItemId: optionalText("cartItems[].lineItemId"),
})

/** Create Purchases request (jwo-contract.md §5). Unknown fields are accepted and dropped. */
export const PurchasesRequest = z
  .object(
    {
      requestId: uuidField("requestId"),
      idempotentShoppingTripId: textField("idempotentShoppingTripId"),
      storeId: textField("storeId"),
      shoppingTrip: objectOf("shoppingTrip", {
        startTime: utcTimestampField("shoppingTrip.startTime"),
        endTime: utcTimestampField("shoppingTrip.endTime"),
        authEvents: arrayOf("shoppingTrip.authEvents", AuthEvent),
      }),
      cartItems: arrayOf("cartItems", CartItem),
      shopperIdentity: objectOf("shopperIdentity", { id: optionalText("shopperIdentity.id") }).optional(),
      shopperDeviceId: optionalText("shopperDeviceId"),
      paymentSource: objectOf("paymentSource", { id: optionalText("paymentSource.id") }).optional(),
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
