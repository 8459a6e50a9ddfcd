import { Text } from "@medusajs/ui"
import type { AdminJwoTripDetail, AmazonMoney } from "../../../../types"
import { Empty, Field, Money, Section } from "../common"

const money = (m: AmazonMoney | undefined) => (m ? <Money amount={m.amount} currency={m.currencyCode} /> : "—")

const Raw = ({ label, value }: { label: string; value: unknown }) => (
  <details className="px-6 py-3">
    <summary className="txt-compact-small cursor-pointer text-ui-fg-subtle">{label}</summary>
    <pre className="txt-compact-xsmall mt-2 max-h-[480px] overflow-auto whitespace-pre-wrap break-all">
      {JSON.stringify(value, null, 2)}
    </pre>
  </details>
)

/** The totals of the Checkout payload built for Amazon (what Amazon charges), and the raw cart / payload for support. */
export const TripPayload = ({ trip }: { trip: AdminJwoTripDetail }) => {
  const totals = trip.checkout_payload?.orderTotals
  return (
    <Section title="Checkout payload" subtitle="What is (or will be) sent to Amazon Checkout: the charge is the price total.">
      {totals ? (
        <>
          <Field label="Subtotal">{money(totals.subTotal)}</Field>
          <Field label="Promotions">{money(totals.promotionsTotal)}</Field>
          <Field label="Sales tax">{money(totals.salesTaxTotal)}</Field>
          <Field label="Price total">
            <Text size="small" weight="plus">
              {money(totals.priceTotal)}
            </Text>
          </Field>
          <Raw label="Payload (JSON)" value={trip.checkout_payload} />
        </>
      ) : (
        <Empty>Not built yet: the trip has not been priced.</Empty>
      )}
      <Raw label="Cart as received from Amazon (JSON)" value={trip.cart} />
    </Section>
  )
}
