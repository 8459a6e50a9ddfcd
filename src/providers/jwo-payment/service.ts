import {
  AbstractPaymentProvider,
  generateEntityId,
  MathBN,
  MedusaError,
  PaymentActions,
  PaymentSessionStatus,
} from "@medusajs/framework/utils"
import type {
  AuthorizePaymentInput,
  AuthorizePaymentOutput,
  BigNumberInput,
  CancelPaymentInput,
  CancelPaymentOutput,
  CapturePaymentInput,
  CapturePaymentOutput,
  DeletePaymentInput,
  DeletePaymentOutput,
  GetPaymentStatusInput,
  GetPaymentStatusOutput,
  InitiatePaymentInput,
  InitiatePaymentOutput,
  ProviderWebhookPayload,
  RefundPaymentInput,
  RefundPaymentOutput,
  RetrievePaymentInput,
  RetrievePaymentOutput,
  UpdatePaymentInput,
  UpdatePaymentOutput,
  WebhookActionResult,
} from "@medusajs/framework/types"

/**
 * Payment provider for Just Walk Out trips.
 *
 * Amazon's Checkout Service charges the shopper; Medusa never moves money here. This provider only *records* what
 * Amazon did, so that a JWO order carries a normal Medusa payment (authorised when the order is placed, captured
 * once Amazon has returned its `orderId`). It makes no external calls.
 *
 * Registered by the host app under the payment module:
 *   `{ resolve: "medusa-plugin-jwo/providers/jwo-payment", id: "jwo" }` → provider id `pp_jwo_jwo`,
 * which must be enabled on the region of every JWO store.
 *
 * Everything the provider knows lives in the payment's `data` (see {@link JwoPaymentData}); the payment module
 * stores whatever each method returns as the new `data`, so every method returns the full object.
 */

export const JWO_PAYMENT_IDENTIFIER = "jwo"
export const JWO_PAYMENT_ID_PREFIX = "jwopay"

/** Lifecycle of a JWO payment as recorded in `data.status`. */
export const JWO_PAYMENT_STATUSES = ["pending", "authorized", "captured", "canceled"] as const
export type JwoPaymentStatus = (typeof JWO_PAYMENT_STATUSES)[number]

/**
 * Shape of the provider's `data`. Keys the caller put in the session's `data` (e.g. `trip_id`, `jwo_store_id`) and
 * the payment module's `session_id` are kept alongside these.
 */
export type JwoPaymentData = Record<string, unknown> & {
  jwo_payment_id: string
  status: JwoPaymentStatus
  /** Exact decimal string of the session amount. */
  amount?: string
  currency_code?: string
  authorized_at?: string
  /** Amazon Checkout Service `orderId`; required to capture. */
  amazon_order_id?: string
  captured_at?: string
  canceled_at?: string
}

/** Where Just Walk Out refunds are made: Amazon holds the payment (docs/orders.md "Refunds and cancels"). */
export const JWO_REFUND_WHERE = "Amazon's Just Walk Out Merchant Portal"

function amazonOrder(data: JwoPaymentData): string {
  return typeof data.amazon_order_id === "string" && data.amazon_order_id ? ` (Amazon order ${data.amazon_order_id})` : ""
}

/** The message a refund of a Just Walk Out payment is refused with. */
export function refundRefusedMessage(data: JwoPaymentData): string {
  return (
    `This Just Walk Out payment${amazonOrder(data)} was taken by Amazon, not by Medusa: it cannot be refunded here. ` +
    `Refund the shopper in ${JWO_REFUND_WHERE}; no refund was recorded in Medusa.`
  )
}

/** The message a cancel of a captured Just Walk Out payment is refused with. */
export function cancelRefusedMessage(data: JwoPaymentData): string {
  return (
    `This Just Walk Out payment${amazonOrder(data)} was charged by Amazon: it cannot be canceled in Medusa. ` +
    `Refund the shopper in ${JWO_REFUND_WHERE}.`
  )
}

const STATUS_MAP: Record<JwoPaymentStatus, PaymentSessionStatus> = {
  pending: PaymentSessionStatus.PENDING,
  authorized: PaymentSessionStatus.AUTHORIZED,
  captured: PaymentSessionStatus.CAPTURED,
  canceled: PaymentSessionStatus.CANCELED,
}

/** Exact, non-exponential decimal string for a Medusa amount (number, string, BigNumber or raw value). */
export function toDecimalString(amount: BigNumberInput): string {
  return MathBN.convert(amount).toFixed()
}

function nowIso(): string {
  return new Date().toISOString()
}

function asRecord(data: unknown): Record<string, unknown> {
  return data && typeof data === "object" && !Array.isArray(data) ? { ...(data as Record<string, unknown>) } : {}
}

function isJwoStatus(value: unknown): value is JwoPaymentStatus {
  return typeof value === "string" && (JWO_PAYMENT_STATUSES as readonly string[]).includes(value)
}

/** The session/payment data with the provider's own fields filled in (never throws on foreign data). */
function readData(data: unknown): JwoPaymentData {
  const record = asRecord(data)
  const id =
    typeof record.jwo_payment_id === "string" && record.jwo_payment_id
      ? record.jwo_payment_id
      : generateEntityId(undefined, JWO_PAYMENT_ID_PREFIX)
  return {
    ...record,
    jwo_payment_id: id,
    status: isJwoStatus(record.status) ? record.status : "pending",
  }
}

export class JwoPaymentProviderService extends AbstractPaymentProvider<Record<string, unknown>> {
  static override identifier = JWO_PAYMENT_IDENTIFIER

  // The provider takes no options.
  static override validateOptions(_options: Record<string, unknown>): void {}

  constructor(container: Record<string, unknown>, options: Record<string, unknown> = {}) {
    super(container, options)
  }

  /**
   * Creates the session record. The caller's session `data` (e.g. `{ trip_id }`) is kept; Medusa adds `session_id`.
   */
  async initiatePayment(input: InitiatePaymentInput): Promise<InitiatePaymentOutput> {
    const callerData = asRecord(input.data)
    const id = generateEntityId(undefined, JWO_PAYMENT_ID_PREFIX)
    const data: JwoPaymentData = {
      ...callerData,
      jwo_payment_id: id,
      status: "pending",
      amount: toDecimalString(input.amount),
      currency_code: input.currency_code,
    }
    return { id, data, status: PaymentSessionStatus.PENDING }
  }

  /** Amount or currency changed on the cart: keep the record in step. */
  async updatePayment(input: UpdatePaymentInput): Promise<UpdatePaymentOutput> {
    const data = readData(input.data)
    return {
      data: { ...data, amount: toDecimalString(input.amount), currency_code: input.currency_code },
      status: STATUS_MAP[data.status],
    }
  }

  /**
   * Always authorised: the shopper's payment instrument is held by Amazon, and the trip has already happened.
   * The payment is captured later, once Amazon's Checkout Service has returned its `orderId`.
   */
  async authorizePayment(input: AuthorizePaymentInput): Promise<AuthorizePaymentOutput> {
    const data = readData(input.data)
    if (data.status === "captured") {
      return { data, status: PaymentSessionStatus.CAPTURED }
    }
    return {
      data: { ...data, status: "authorized", authorized_at: data.authorized_at ?? nowIso() },
      status: PaymentSessionStatus.AUTHORIZED,
    }
  }

  /**
   * Records that Amazon charged the shopper. The payment module passes the stored payment `data` here (a capture
   * carries no data of its own), so the caller first writes `amazon_order_id` into the payment's data
   * (`paymentModule.updatePayment({ id, data: { ...payment.data, amazon_order_id } })`) and then runs
   * `capturePaymentWorkflow`. Without an Amazon order id nothing has been charged, so the capture is refused.
   */
  async capturePayment(input: CapturePaymentInput): Promise<CapturePaymentOutput> {
    const data = readData(input.data)
    const amazonOrderId = data.amazon_order_id
    if (typeof amazonOrderId !== "string" || amazonOrderId.trim() === "") {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `JWO payment ${data.jwo_payment_id} cannot be captured without amazon_order_id: ` +
          `it is captured only once Amazon's Checkout Service has charged the shopper and returned its orderId.`
      )
    }
    if (data.status === "captured") {
      return { data }
    }
    return {
      data: { ...data, status: "captured", amazon_order_id: amazonOrderId, captured_at: nowIso() },
    }
  }

  /**
   * Refused, always: Amazon holds the payment, so Medusa cannot give any money back, and a refund recorded here would
   * pretend money moved. The message names where to refund (Amazon's Just Walk Out Merchant Portal). Medusa's refund
   * route answers 400 with it and records no refund (docs/orders.md "Refunds and cancels").
   */
  async refundPayment(input: RefundPaymentInput): Promise<RefundPaymentOutput> {
    const data = readData(input.data)
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, refundRefusedMessage(data))
  }

  /**
   * Cancels a payment Amazon has not charged (an authorised one: the trip was not charged, or its order is canceled
   * before Checkout). A captured payment is refused like a refund: Amazon charged it, only the Merchant Portal can
   * give the money back.
   */
  async cancelPayment(input: CancelPaymentInput): Promise<CancelPaymentOutput> {
    const data = readData(input.data)
    if (data.status === "canceled") {
      return { data }
    }
    if (data.status === "captured") {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, cancelRefusedMessage(data))
    }
    return { data: { ...data, status: "canceled", canceled_at: nowIso() } }
  }

  /** Session deleted (e.g. replaced by a new one): nothing to undo anywhere. */
  async deletePayment(input: DeletePaymentInput): Promise<DeletePaymentOutput> {
    return { data: asRecord(input.data) }
  }

  async retrievePayment(input: RetrievePaymentInput): Promise<RetrievePaymentOutput> {
    return { data: asRecord(input.data) }
  }

  async getPaymentStatus(input: GetPaymentStatusInput): Promise<GetPaymentStatusOutput> {
    const data = readData(input.data)
    return { status: STATUS_MAP[data.status], data }
  }

  /** Amazon sends no payment webhooks to Medusa: the plugin drives captures itself. */
  async getWebhookActionAndData(_payload: ProviderWebhookPayload["payload"]): Promise<WebhookActionResult> {
    return { action: PaymentActions.NOT_SUPPORTED }
  }
}

export default JwoPaymentProviderService
