import { Badge, Copy, Table, Text } from "@medusajs/ui"
import { Link } from "react-router-dom"
import type { AdminJwoTripDetail, CartItem, LineResolution, PricedLine, StockGap } from "../../../../types"
import { formatQuantity, lineProblemText } from "../../../lib/jwo-format"
import { Empty, Explained, Money, Section } from "../common"

/** What was taken: "2 ×", or a weight "0.455 kg" (as read for pricing when the line matched). */
function quantityText(item: CartItem | undefined, line: LineResolution | undefined): string {
  const read = line?.read as { kind?: string; amount?: string; unit?: string; count?: number } | undefined
  if (read?.kind === "measure" && read.amount && read.unit) {
    const asSent = item ? `${item.quantity.value} ${item.quantity.unit}` : ""
    const priced = `${read.amount} ${read.unit}`
    return asSent && asSent !== priced ? `${asSent} (${priced})` : priced
  }
  if (read?.kind === "count" && typeof read.count === "number") return `${read.count} ×`
  return formatQuantity(item?.quantity ?? line?.quantity)
}

/** The unit a weighed line is priced per ("kg"), when it is weighed. */
function pricedPer(line: LineResolution | undefined): string | null {
  const read = line?.read as { kind?: string; unit?: string } | undefined
  return read?.kind === "measure" && read.unit ? read.unit : null
}

const Item = ({ item, line }: { item: CartItem | undefined; line: LineResolution | undefined }) => {
  const code = item?.id ?? line?.cart_item_id ?? "—"
  const sent = (
    <Text size="xsmall" className="text-ui-fg-subtle">
      Amazon: {item?.type ?? line?.type} {code}
    </Text>
  )
  if (!line) {
    return (
      <div className="flex flex-col">
        <span className="font-mono">{code}</span>
        <Text size="xsmall" className="text-ui-fg-subtle">
          Not matched yet
        </Text>
      </div>
    )
  }
  if (!line.matched) {
    const text = lineProblemText(line.problem)
    return (
      <div className="flex flex-col gap-y-1">
        <div className="flex flex-wrap items-center gap-x-2">
          <span className="font-mono">{code}</span>
          <Explained code={String(line.problem)} text={text}>
            <Badge size="2xsmall" color="red">
              {String(line.problem ?? "Not matched")}
            </Badge>
          </Explained>
        </div>
        <Text size="xsmall" className="text-ui-fg-error whitespace-normal">
          {line.reason}
        </Text>
        {text && (
          <Text size="xsmall" className="text-ui-fg-subtle whitespace-normal">
            {text}
          </Text>
        )}
        {line.problem === "UNKNOWN_ITEM" && (
          <Text size="xsmall" className="flex items-center gap-x-1">
            <Link to="/products/create" className="text-ui-fg-interactive">
              Create a product with {(item?.type ?? line.type) === "SCANCODE" ? "barcode" : "SKU"} {code}
            </Link>
            <Copy content={code} />
          </Text>
        )}
      </div>
    )
  }
  return (
    <div className="flex flex-col">
      <span className="truncate" title={line.title}>
        {line.title}
      </span>
      <Text size="xsmall" className="text-ui-fg-subtle">
        {line.sku ? `SKU ${line.sku}` : sent}
        {line.sku && (item?.type ?? line.type) === "SCANCODE" ? ` · scanned ${code}` : ""}
      </Text>
    </div>
  )
}

const Amounts = ({ line, currency, per }: { line: PricedLine | undefined; currency: string | undefined; per: string | null }) =>
  line ? (
    <>
      <Table.Cell className="text-right whitespace-nowrap">
        <Money amount={line.unit_price} currency={currency} />
        {per ? <span className="text-ui-fg-subtle"> / {per}</span> : null}
      </Table.Cell>
      <Table.Cell className="text-right">
        <Money amount={line.subtotal} currency={currency} />
      </Table.Cell>
      <Table.Cell className="text-right" title={line.promotions.map((p) => `${p.description}: ${p.amount}`).join("\n") || undefined}>
        {Number(line.discount_subtotal) ? (
          <>
            −<Money amount={line.discount_subtotal} currency={currency} />
          </>
        ) : (
          "—"
        )}
      </Table.Cell>
      <Table.Cell className="text-right">
        <Money amount={line.tax_total} currency={currency} />
      </Table.Cell>
      <Table.Cell className="text-right font-medium">
        <Money amount={line.total} currency={currency} />
      </Table.Cell>
    </>
  ) : (
    <>
      {Array.from({ length: 5 }, (_, i) => (
        <Table.Cell key={i} className="text-right text-ui-fg-subtle">
          —
        </Table.Cell>
      ))}
    </>
  )

/**
 * Each cart line, numbered from 1 as the reasons number them: what Amazon sent, the product it matched (or why not,
 * in plain words), the quantity (weights included), and Medusa's prices rounded to the currency (exact on hover).
 */
export const TripLines = ({ trip }: { trip: AdminJwoTripDetail }) => {
  const received = trip.cart?.cartItems ?? []
  const resolved = new Map((trip.line_resolution ?? []).map((l) => [l.index, l]))
  const priced = new Map((trip.priced_lines ?? []).map((l) => [l.index, l]))
  const currency = trip.order?.currency_code ?? trip.checkout_payload?.orderTotals.priceTotal.currencyCode
  const count = Math.max(received.length, resolved.size, priced.size)

  return (
    <Section title="Lines" subtitle="Numbered as Amazon sent them; amounts rounded to the currency, exact figures on hover.">
      {count === 0 ? (
        <Empty>The cart is empty.</Empty>
      ) : (
        <Table className="table-fixed" data-testid="trip-lines">
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell className="w-10">#</Table.HeaderCell>
              <Table.HeaderCell>Item</Table.HeaderCell>
              <Table.HeaderCell className="w-[120px]">Quantity</Table.HeaderCell>
              <Table.HeaderCell className="w-[110px] text-right">Unit price</Table.HeaderCell>
              <Table.HeaderCell className="w-[90px] text-right">Subtotal</Table.HeaderCell>
              <Table.HeaderCell className="w-[90px] text-right">Discount</Table.HeaderCell>
              <Table.HeaderCell className="w-[80px] text-right">Tax</Table.HeaderCell>
              <Table.HeaderCell className="w-[90px] text-right">Total</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {Array.from({ length: count }, (_, index) => {
              const line = resolved.get(index)
              return (
                <Table.Row key={index} className="h-auto [&_td]:py-2 align-top">
                  <Table.Cell>{index + 1}</Table.Cell>
                  <Table.Cell className="overflow-hidden">
                    <Item item={received[index]} line={line} />
                  </Table.Cell>
                  <Table.Cell>{quantityText(received[index], line)}</Table.Cell>
                  <Amounts line={priced.get(index)} currency={currency} per={pricedPer(line)} />
                </Table.Row>
              )
            })}
          </Table.Body>
        </Table>
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
            <Table.HeaderCell className="text-right">Taken</Table.HeaderCell>
            <Table.HeaderCell className="text-right">Was available</Table.HeaderCell>
            <Table.HeaderCell className="text-right">Added</Table.HeaderCell>
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {gaps.map((gap) => (
            <Table.Row key={`${gap.variant_id}-${gap.location_id}`} title={`${gap.variant_id} at ${gap.location_id}`}>
              <Table.Cell>{gap.sku ?? gap.variant_id}</Table.Cell>
              <Table.Cell className="text-right">{gap.required}</Table.Cell>
              <Table.Cell className="text-right">{gap.available}</Table.Cell>
              <Table.Cell className="text-right">{gap.added}</Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
    </Section>
  )
}
