import { Badge, Table, Text } from "@medusajs/ui"
import type { CartItem, JwoTripDetail, LineResolution, PricedLine, StockGap } from "../../../lib/jwo-types"
import { Empty, Section } from "../common"

const Received = ({ item }: { item: CartItem | undefined }) =>
  item ? (
    <div className="flex flex-col">
      <span className="font-mono">{item.id}</span>
      <Text size="xsmall" className="text-ui-fg-subtle">
        {item.type} · {item.quantity.value} {item.quantity.unit}
      </Text>
    </div>
  ) : (
    <>—</>
  )

const Resolved = ({ line }: { line: LineResolution | undefined }) => {
  if (!line) return <Text size="xsmall" className="text-ui-fg-subtle">Not resolved yet</Text>
  if (!line.matched) {
    return (
      <div className="flex flex-col gap-y-1">
        <Badge size="2xsmall" color="red" className="w-fit">
          {line.problem ?? "Not matched"}
        </Badge>
        <Text size="xsmall" className="text-ui-fg-error">
          {line.reason}
        </Text>
      </div>
    )
  }
  return (
    <div className="flex flex-col">
      <span>{line.title}</span>
      <Text size="xsmall" className="text-ui-fg-subtle">
        {line.sku ? `SKU ${line.sku} · ` : ""}
        {line.variant_id}
      </Text>
    </div>
  )
}

const Priced = ({ line }: { line: PricedLine | undefined }) =>
  line ? (
    <>
      <Table.Cell>{line.unit_price}</Table.Cell>
      <Table.Cell>{line.subtotal}</Table.Cell>
      <Table.Cell title={line.promotions.map((p) => `${p.description}: ${p.amount}`).join("\n") || undefined}>
        {line.discount_subtotal}
      </Table.Cell>
      <Table.Cell>{line.tax_total}</Table.Cell>
      <Table.Cell>{line.total}</Table.Cell>
    </>
  ) : (
    <>
      {Array.from({ length: 5 }, (_, i) => (
        <Table.Cell key={i} className="text-ui-fg-subtle">
          —
        </Table.Cell>
      ))}
    </>
  )

/** Each cart line as Amazon sent it, what it matched in the catalog, and how Medusa priced it. */
export const TripLines = ({ trip }: { trip: JwoTripDetail }) => {
  const received = trip.cart?.cartItems ?? []
  const resolved = new Map((trip.line_resolution ?? []).map((l) => [l.index, l]))
  const priced = new Map((trip.priced_lines ?? []).map((l) => [l.index, l]))
  const currency = trip.checkout_payload?.orderTotals.priceTotal.currencyCode ?? trip.order?.currency_code?.toUpperCase()
  const count = Math.max(received.length, resolved.size, priced.size)

  return (
    <Section title="Lines" subtitle={`Received → resolved → priced${currency ? ` (amounts in ${currency})` : ""}`}>
      {count === 0 ? (
        <Empty>The cart is empty.</Empty>
      ) : (
        <div className="overflow-x-auto">
          <Table>
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell>#</Table.HeaderCell>
                <Table.HeaderCell>Received</Table.HeaderCell>
                <Table.HeaderCell>Resolved</Table.HeaderCell>
                <Table.HeaderCell>Unit price</Table.HeaderCell>
                <Table.HeaderCell>Subtotal</Table.HeaderCell>
                <Table.HeaderCell>Discount</Table.HeaderCell>
                <Table.HeaderCell>Tax</Table.HeaderCell>
                <Table.HeaderCell>Total</Table.HeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {Array.from({ length: count }, (_, index) => (
                <Table.Row key={index}>
                  <Table.Cell>{index + 1}</Table.Cell>
                  <Table.Cell>
                    <Received item={received[index]} />
                  </Table.Cell>
                  <Table.Cell>
                    <Resolved line={resolved.get(index)} />
                  </Table.Cell>
                  <Priced line={priced.get(index)} />
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        </div>
      )}
    </Section>
  )
}

/** Goods taken beyond recorded stock: the stock was raised by the gap (never a reason to refuse a trip). */
export const TripStockGaps = ({ gaps }: { gaps: StockGap[] | null }) => {
  if (!gaps?.length) return null
  return (
    <Section title="Stock gaps" subtitle="Recorded stock was short of what was taken; it was raised by the gap at the store's location.">
      <Table>
        <Table.Header>
          <Table.Row>
            <Table.HeaderCell>Variant</Table.HeaderCell>
            <Table.HeaderCell>Location</Table.HeaderCell>
            <Table.HeaderCell>Taken</Table.HeaderCell>
            <Table.HeaderCell>Was available</Table.HeaderCell>
            <Table.HeaderCell>Added</Table.HeaderCell>
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {gaps.map((gap) => (
            <Table.Row key={`${gap.variant_id}-${gap.location_id}`}>
              <Table.Cell>
                {gap.sku ? <div className="txt-compact-small-plus">{gap.sku}</div> : null}
                <div className="text-ui-fg-subtle">{gap.variant_id}</div>
              </Table.Cell>
              <Table.Cell>{gap.location_id}</Table.Cell>
              <Table.Cell>{gap.required}</Table.Cell>
              <Table.Cell>{gap.available}</Table.Cell>
              <Table.Cell>{gap.added}</Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
    </Section>
  )
}
