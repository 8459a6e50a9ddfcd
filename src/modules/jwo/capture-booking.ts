/**
 * What the booking of Amazon's charge still has to do on the order's payment, read from what Medusa stored.
 *
 * Medusa's capture is not one transaction: `capturePayment` commits the capture row, then marks the payment
 * `captured_at`, then recomputes the payment collection (status `completed`, `captured_amount`), and
 * `capturePaymentWorkflow` then adds the order transaction. A worker killed between those writes leaves the order
 * part-booked (found by the chaos run: a trip charged by Amazon whose collection stayed `authorized`). Running the
 * capture workflow again on a payment that is already captured makes no second capture, recomputes the collection
 * and adds the order transaction only if it is missing (Medusa dedupes it by the capture id), so that is how every
 * part-booked state is finished. Only a capture row whose payment was never marked cannot be captured again (the
 * module refuses to capture past the authorised amount): it is undone first, as Medusa itself undoes a capture whose
 * provider call failed, and the capture is made again.
 */
export type StoredPayment = {
  id: string
  captured_at: unknown
  canceled_at?: unknown
  captures?: { id: string }[] | null
}

export type CaptureBooking = {
  /** The payment to run `capturePaymentWorkflow` on, or null when the booking is complete. */
  payment_id: string | null
  /** Capture rows of a run that died before the payment was marked captured: delete them before capturing. */
  undo_capture_ids: string[]
}

export function captureBookingFor(
  payments: StoredPayment[],
  collectionStatus: string | null | undefined,
  orderTransactionReferences: Set<string>
): CaptureBooking {
  const payment = payments.find((p) => !p.canceled_at)
  if (!payment) return { payment_id: null, undo_capture_ids: [] }
  const captures = payment.captures ?? []
  if (!payment.captured_at) return { payment_id: payment.id, undo_capture_ids: captures.map((c) => c.id) }
  const complete = collectionStatus === "completed" && captures.every((c) => orderTransactionReferences.has(c.id))
  return { payment_id: complete ? null : payment.id, undo_capture_ids: [] }
}
