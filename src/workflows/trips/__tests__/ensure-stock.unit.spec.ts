import { stockGapsFor, type StockNeed } from "../ensure-stock"

const need = (items: StockNeed["items"]): StockNeed => ({ location_id: "sloc_1", items })
const item = (inventory_item_id: string, required: string, variant_id = `variant_${inventory_item_id}`) => ({ variant_id, sku: `SKU-${inventory_item_id}`, inventory_item_id, required })

describe("stockGapsFor", () => {
  it("finds nothing to do where available stock covers what was taken", () => {
    expect(stockGapsFor(need([item("iitem_1", "3")]), [{ inventory_item_id: "iitem_1", stocked: "5", reserved: "2" }])).toEqual({ gaps: [], raises: [], creates: [] })
  })

  it("raises an existing level by the gap (available = stocked − reserved), exactly", () => {
    const { gaps, raises, creates } = stockGapsFor(need([item("iitem_1", "2.5")]), [{ inventory_item_id: "iitem_1", stocked: "3", reserved: "1.25" }])
    expect(raises).toEqual([{ inventoryItemId: "iitem_1", locationId: "sloc_1", adjustment: "0.75" }])
    expect(creates).toEqual([])
    expect(gaps).toEqual([
      { variant_id: "variant_iitem_1", sku: "SKU-iitem_1", inventory_item_id: "iitem_1", location_id: "sloc_1", required: "2.5", available: "1.75", added: "0.75" },
    ])
  })

  it("creates a level with the gap where the item has none at the location", () => {
    const { gaps, raises, creates } = stockGapsFor(need([item("iitem_2", "4")]), [])
    expect(raises).toEqual([])
    expect(creates).toEqual([{ inventory_item_id: "iitem_2", location_id: "sloc_1", stocked_quantity: 4 }])
    expect(gaps[0]).toMatchObject({ available: "0", added: "4" })
  })

  it("checks each variant of a shared inventory item against the level as read", () => {
    const { raises } = stockGapsFor(need([item("iitem_1", "2", "variant_a"), item("iitem_1", "2", "variant_b")]), [
      { inventory_item_id: "iitem_1", stocked: "3", reserved: "0" },
    ])
    expect(raises).toEqual([])
  })
})
