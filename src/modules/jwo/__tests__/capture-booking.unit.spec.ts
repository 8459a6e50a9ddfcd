import { captureBookingFor } from "../capture-booking"

describe("captureBookingFor", () => {
  const none = new Set<string>()
  it("captures a payment not captured yet", () => {
    expect(captureBookingFor([{ id: "pay_1", captured_at: null, captures: [] }], "authorized", none)).toEqual({ payment_id: "pay_1", undo_capture_ids: [] })
  })
  it("undoes the capture row of a run that died before the payment was marked captured, then captures", () => {
    expect(captureBookingFor([{ id: "pay_1", captured_at: null, captures: [{ id: "capt_1" }] }], "authorized", none)).toEqual({
      payment_id: "pay_1",
      undo_capture_ids: ["capt_1"],
    })
  })
  it("runs the capture again where the payment is captured but its collection was not completed", () => {
    const payment = { id: "pay_1", captured_at: new Date(), captures: [{ id: "capt_1" }] }
    expect(captureBookingFor([payment], "authorized", new Set(["capt_1"]))).toEqual({ payment_id: "pay_1", undo_capture_ids: [] })
  })
  it("runs the capture again where the order transaction of the capture is missing", () => {
    const payment = { id: "pay_1", captured_at: new Date(), captures: [{ id: "capt_1" }] }
    expect(captureBookingFor([payment], "completed", none)).toEqual({ payment_id: "pay_1", undo_capture_ids: [] })
  })
  it("does nothing more once captured, completed and booked on the order", () => {
    const payment = { id: "pay_1", captured_at: new Date(), captures: [{ id: "capt_1" }] }
    expect(captureBookingFor([payment], "completed", new Set(["capt_1"]))).toEqual({ payment_id: null, undo_capture_ids: [] })
  })
  it("skips canceled payments and books nothing without a payment", () => {
    expect(captureBookingFor([{ id: "pay_0", captured_at: null, canceled_at: new Date() }], "canceled", none)).toEqual({ payment_id: null, undo_capture_ids: [] })
    expect(captureBookingFor([], null, none)).toEqual({ payment_id: null, undo_capture_ids: [] })
  })
})
