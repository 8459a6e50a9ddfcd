import { BigNumber, MedusaError, PaymentActions, PaymentSessionStatus } from "@medusajs/framework/utils"
import providerModule from "../index"
import { JwoPaymentData, JwoPaymentProviderService, JWO_REFUND_WHERE, toDecimalString } from "../service"

const makeProvider = () => new JwoPaymentProviderService({}, {})

async function initiated(data: Record<string, unknown> = { trip_id: "trip_1", session_id: "payses_1" }) {
  const provider = makeProvider()
  const res = await provider.initiatePayment({ amount: new BigNumber("12.3456"), currency_code: "usd", data })
  return { provider, res, data: res.data as JwoPaymentData }
}

describe("jwo payment provider: registration", () => {
  it("exports a payment module provider whose identifier gives pp_jwo_<id>", () => {
    expect(providerModule.services).toEqual([JwoPaymentProviderService])
    expect(JwoPaymentProviderService.identifier).toBe("jwo")
    expect(makeProvider().getIdentifier()).toBe("jwo")
    expect(() => JwoPaymentProviderService.validateOptions({})).not.toThrow()
  })
})

describe("jwo payment provider: lifecycle", () => {
  it("initiatePayment returns a jwopay_ id, pending status and keeps the caller's data", async () => {
    const { res, data } = await initiated()
    expect(res.id).toMatch(/^jwopay_[0-9A-Z]{26}$/)
    expect(res.status).toBe(PaymentSessionStatus.PENDING)
    expect(data).toEqual(
      expect.objectContaining({
        trip_id: "trip_1",
        session_id: "payses_1",
        jwo_payment_id: res.id,
        status: "pending",
        amount: "12.3456",
        currency_code: "usd",
      })
    )
  })

  it("initiatePayment gives distinct ids and the provider's fields win over the caller's", async () => {
    const a = await initiated({ status: "captured", jwo_payment_id: "forged" })
    const b = await initiated()
    expect(a.res.id).not.toBe(b.res.id)
    expect(a.data.status).toBe("pending")
    expect(a.data.jwo_payment_id).toBe(a.res.id)
  })

  it("stores amounts as exact decimal strings (raw values, tiny and large numbers)", () => {
    expect(toDecimalString({ value: "5.83642125", precision: 20 })).toBe("5.83642125")
    expect(toDecimalString(0.0000001)).toBe("0.0000001")
    expect(toDecimalString("123456789012345678901.5")).toBe("123456789012345678901.5")
  })

  it("authorizePayment returns authorized and keeps the data", async () => {
    const { provider, data } = await initiated()
    const auth = await provider.authorizePayment({ data })
    expect(auth.status).toBe(PaymentSessionStatus.AUTHORIZED)
    expect(auth.data).toEqual(expect.objectContaining({ trip_id: "trip_1", jwo_payment_id: data.jwo_payment_id, status: "authorized" }))
    expect(typeof auth.data!.authorized_at).toBe("string")
  })

  it("capturePayment records Amazon's order id", async () => {
    const { provider, data } = await initiated()
    const auth = await provider.authorizePayment({ data })
    const cap = await provider.capturePayment({ data: { ...auth.data, amazon_order_id: "amzn-order-1" } })
    expect(cap.data).toEqual(
      expect.objectContaining({ trip_id: "trip_1", status: "captured", amazon_order_id: "amzn-order-1" })
    )
    expect(typeof cap.data!.captured_at).toBe("string")
    const status = await provider.getPaymentStatus({ data: cap.data })
    expect(status.status).toBe(PaymentSessionStatus.CAPTURED)
  })

  it("capturePayment is refused without amazon_order_id (nothing was charged yet)", async () => {
    const { provider, data } = await initiated()
    const auth = await provider.authorizePayment({ data })
    for (const amazon_order_id of [undefined, "", "   ", 42]) {
      const err = await provider.capturePayment({ data: { ...auth.data, amazon_order_id } }).catch((e) => e)
      expect(err).toBeInstanceOf(MedusaError)
      expect(err.type).toBe(MedusaError.Types.NOT_ALLOWED)
      expect(err.message).toContain("amazon_order_id")
    }
  })

  it("capturePayment twice keeps the first capture time", async () => {
    const { provider, data } = await initiated()
    const first = await provider.capturePayment({ data: { ...data, amazon_order_id: "amzn-1" } })
    const second = await provider.capturePayment({ data: first.data })
    expect(second.data).toEqual(first.data)
  })

  it("authorizePayment after capture reports captured", async () => {
    const { provider, data } = await initiated()
    const cap = await provider.capturePayment({ data: { ...data, amazon_order_id: "amzn-1" } })
    const auth = await provider.authorizePayment({ data: cap.data })
    expect(auth.status).toBe(PaymentSessionStatus.CAPTURED)
  })

  it("updatePayment keeps the id and tracks the new amount", async () => {
    const { provider, data } = await initiated()
    const upd = await provider.updatePayment({ data, amount: 20, currency_code: "eur" })
    expect(upd.data).toEqual(
      expect.objectContaining({ jwo_payment_id: data.jwo_payment_id, amount: "20", currency_code: "eur", trip_id: "trip_1" })
    )
    expect(upd.status).toBe(PaymentSessionStatus.PENDING)
  })

  it("cancelPayment and deletePayment succeed", async () => {
    const { provider, data } = await initiated()
    const auth = await provider.authorizePayment({ data })
    const canceled = await provider.cancelPayment({ data: auth.data })
    expect(canceled.data).toEqual(expect.objectContaining({ status: "canceled", trip_id: "trip_1" }))
    expect((await provider.getPaymentStatus({ data: canceled.data })).status).toBe(PaymentSessionStatus.CANCELED)
    const again = await provider.cancelPayment({ data: canceled.data })
    expect(again.data).toEqual(canceled.data)
    await expect(provider.deletePayment({ data })).resolves.toEqual({ data })
    await expect(provider.deletePayment({})).resolves.toEqual({ data: {} })
  })

  it("retrievePayment returns the stored data", async () => {
    const { provider, data } = await initiated()
    await expect(provider.retrievePayment({ data })).resolves.toEqual({ data })
  })
})

describe("jwo payment provider: refunds and cancels (Amazon holds the payment)", () => {
  it("refuses every refund, naming Amazon's Merchant Portal and the Amazon order", async () => {
    const { provider, data } = await initiated()
    const cap = await provider.capturePayment({ data: { ...data, amazon_order_id: "amzn-1" } })
    const err = await provider.refundPayment({ data: cap.data, amount: "0.2", context: { idempotency_key: "ref_1" } }).catch((e) => e)
    expect(err).toBeInstanceOf(MedusaError)
    expect(err.type).toBe(MedusaError.Types.NOT_ALLOWED)
    expect(err.message).toBe(
      "This Just Walk Out payment (Amazon order amzn-1) was taken by Amazon, not by Medusa: it cannot be refunded here. " +
        "Refund the shopper in Amazon's Just Walk Out Merchant Portal; no refund was recorded in Medusa."
    )
    expect(err.message).toContain(JWO_REFUND_WHERE)
  })

  it("cancels an authorised payment, refuses to cancel a captured one", async () => {
    const { provider, data } = await initiated()
    const cap = await provider.capturePayment({ data: { ...data, amazon_order_id: "amzn-2" } })
    const err = await provider.cancelPayment({ data: cap.data }).catch((e) => e)
    expect(err).toBeInstanceOf(MedusaError)
    expect(err.type).toBe(MedusaError.Types.NOT_ALLOWED)
    expect(err.message).toContain("charged by Amazon: it cannot be canceled in Medusa")
    expect(err.message).toContain("Amazon order amzn-2")
    expect(err.message).toContain(JWO_REFUND_WHERE)
  })
})

describe("jwo payment provider: status and webhooks", () => {
  it.each([
    ["pending", PaymentSessionStatus.PENDING],
    ["authorized", PaymentSessionStatus.AUTHORIZED],
    ["captured", PaymentSessionStatus.CAPTURED],
    ["canceled", PaymentSessionStatus.CANCELED],
    [undefined, PaymentSessionStatus.PENDING],
    ["bogus", PaymentSessionStatus.PENDING],
  ])("getPaymentStatus maps %s to %s", async (status, expected) => {
    const res = await makeProvider().getPaymentStatus({ data: { jwo_payment_id: "jwopay_x", status } })
    expect(res.status).toBe(expected)
  })

  it("getWebhookActionAndData is not supported", async () => {
    const res = await makeProvider().getWebhookActionAndData({ data: {}, rawData: "", headers: {} })
    expect(res).toEqual({ action: PaymentActions.NOT_SUPPORTED })
  })
})
