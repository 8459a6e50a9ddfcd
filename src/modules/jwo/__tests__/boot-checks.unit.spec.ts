import { deploymentWarnings } from "../boot-checks"
import { customerGroupWarnings } from "../entry"

describe("deploymentWarnings", () => {
  const redis = {
    event_bus: { resolve: "@medusajs/medusa/event-bus-redis", options: { redisUrl: "redis://r" } },
    workflows: { resolve: "@medusajs/medusa/workflow-engine-redis", options: { redis: { redisUrl: "redis://r" } } },
    locking: { resolve: "@medusajs/medusa/locking", options: { providers: [{ resolve: "@medusajs/medusa/locking-redis", id: "locking-redis" }] } },
  }

  it("says nothing for a shared instance, or a split one on Medusa's Redis modules", () => {
    expect(deploymentWarnings("shared", {})).toEqual([])
    expect(deploymentWarnings(undefined, {})).toEqual([])
    expect(deploymentWarnings("server", redis)).toEqual([])
    expect(deploymentWarnings("worker", redis)).toEqual([])
  })

  it("names each module a server or worker instance keeps to itself", () => {
    const warnings = deploymentWarnings("worker", { event_bus: { resolve: "@medusajs/medusa/event-bus-local" }, locking: redis.locking })
    expect(warnings).toEqual([
      expect.stringMatching(/^this instance runs in worker mode, but its event bus .* is not on Redis: events emitted on a server instance never reach/),
      expect.stringMatching(/workflow engine .* is not on Redis/),
    ])
  })
})

describe("customerGroupWarnings", () => {
  it("warns once per configured group no Medusa group matches by id or exact name", () => {
    const config = { associates: ["Store associates", "cusgroup_1"], cashShoppers: [], blocked: ["Blocked at JWO"] }
    expect(customerGroupWarnings(config, [{ id: "cusgroup_1", name: "Other" }, { id: "cusgroup_2", name: "Blocked at JWO" }])).toEqual([
      expect.stringMatching(/^customerGroups\.associates: no customer group "Store associates" exists/),
    ])
    expect(customerGroupWarnings(config, [])).toHaveLength(3)
  })
})
