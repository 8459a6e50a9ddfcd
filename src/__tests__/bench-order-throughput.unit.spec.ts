/**
 * The accounting of scripts/bench-exit.js part (c): order throughput through the plugin against Medusa's storefront
 * checkout of the same cart (scripts/bench-lib.js, plain CommonJS).
 */
const { compareOrderPhases, orderPhasePlan, pluginPhaseElapsedS } = require("../../scripts/bench-lib")

const phase = (side: "plugin" | "storefront", orders: number, elapsed_s: number | null, over: Record<string, unknown> = {}) => ({
  side,
  orders,
  errors: 0,
  elapsed_s,
  latencies_ms: Array.from({ length: orders }, (_, i) => (i + 1) * 100),
  ...over,
})

describe("bench-exit (c): order throughput accounting", () => {
  it("runs storefront, plugin, plugin, storefront, each side all the orders", () => {
    expect(orderPhasePlan(40)).toEqual([
      { side: "storefront", orders: 20 },
      { side: "plugin", orders: 20 },
      { side: "plugin", orders: 20 },
      { side: "storefront", orders: 20 },
    ])
    // An odd count: the later phase of each side gets the extra order; both sides still get all of them.
    const odd = orderPhasePlan(7)
    expect(odd.map((p: { orders: number }) => p.orders)).toEqual([3, 4, 3, 4])
    // One order: the empty phases are left out, one phase per side.
    expect(orderPhasePlan(1)).toEqual([
      { side: "plugin", orders: 1 },
      { side: "storefront", orders: 1 },
    ])
  })

  it("times a plugin phase from its first send to its last order_placed", () => {
    expect(pluginPhaseElapsedS(10_000, [11_500, 14_000, 12_250])).toBe(4)
    expect(pluginPhaseElapsedS(10_000, [])).toBeNull()
    expect(pluginPhaseElapsedS(undefined, [11_000])).toBeNull()
  })

  it("pools each side's phases: orders over summed time, latencies together, CPU per order", () => {
    const c = compareOrderPhases(
      [
        phase("storefront", 10, 5, { server_cpu_ms: 3000 }),
        phase("plugin", 10, 2, { server_cpu_ms: 1000 }),
        phase("plugin", 10, 3, { server_cpu_ms: 1400 }),
        phase("storefront", 10, 15, { server_cpu_ms: 3000 }),
      ],
      2
    )
    expect(c.plugin).toMatchObject({ phases: 2, orders: 20, errors: 0, elapsed_s: 5, orders_per_s: 4, server_cpu_ms_per_order: 120 })
    expect(c.storefront).toMatchObject({ phases: 2, orders: 20, elapsed_s: 20, orders_per_s: 1, server_cpu_ms_per_order: 300 })
    // Nearest rank over the 20 pooled latencies (100..1000 twice).
    expect(c.plugin.latency_ms).toMatchObject({ count: 20, p50: 500, p95: 1000 })
    expect(c).toMatchObject({ ratio: 4, target_ratio: 2, met: true })
  })

  it("misses the target below the ratio, or with errors on either side", () => {
    const below = compareOrderPhases([phase("plugin", 10, 10), phase("storefront", 10, 15)], 2)
    expect(below).toMatchObject({ ratio: 1.5, met: false })
    expect(below.plugin.server_cpu_ms_per_order).toBeNull()

    const failing = compareOrderPhases([phase("plugin", 10, 1), phase("storefront", 9, 10, { errors: 1 })], 2)
    expect(failing.ratio).toBeGreaterThan(2)
    expect(failing.met).toBe(false)
  })

  it("has no ratio when a side placed nothing", () => {
    const c = compareOrderPhases([phase("plugin", 0, null), phase("storefront", 10, 5)], 2)
    expect(c.plugin.orders_per_s).toBeNull()
    expect(c).toMatchObject({ ratio: null, met: null })
  })
})
