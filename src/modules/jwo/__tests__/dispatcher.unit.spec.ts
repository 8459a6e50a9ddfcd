import { TripDispatcher } from "../dispatcher"
import { JwoQueues } from "../queue"
import { queueSpecs, CHECKOUT_QUEUE, TRIP_QUEUE } from "../queue/definitions"

const logger = { info: () => undefined, warn: jest.fn(), error: () => undefined, debug: () => undefined } as any

function queues() {
  const q = new JwoQueues({ logger })
  for (const spec of queueSpecs({ trips: 4, checkout: 4 })) q.define(spec)
  return q
}

describe("TripDispatcher", () => {
  it("puts each due trip on the queue of its work, the trip id as job id, once however often it is dispatched", async () => {
    const q = queues()
    const due = [
      { id: "jwotrip_a", status: "received" as const },
      { id: "jwotrip_b", status: "checkout_pending" as const },
      { id: "jwotrip_c", status: "order_placed" as const },
    ]
    const dispatcher = new TripDispatcher({ claimDue: async () => due, queues: q, logger, intervalMs: 1000 })
    expect(await dispatcher.dispatchOnce()).toBe(3)
    expect(await dispatcher.dispatchOnce()).toBe(3)
    expect(await q.counts(TRIP_QUEUE)).toMatchObject({ waiting: 1 })
    expect(await q.counts(CHECKOUT_QUEUE)).toMatchObject({ waiting: 2 })
    q.close()
  })

  it("claims nothing while Redis is not connected: the work stays due in Postgres", async () => {
    const q = queues()
    jest.spyOn(q, "isConnected").mockReturnValue(false)
    const claimDue = jest.fn(async () => [{ id: "jwotrip_a", status: "received" as const }])
    const dispatcher = new TripDispatcher({ claimDue, queues: q, logger, intervalMs: 1000 })
    expect(await dispatcher.dispatchOnce()).toBe(0)
    expect(claimDue).not.toHaveBeenCalled()
    expect(logger.warn).toHaveBeenCalledWith(expect.stringMatching(/Redis is not connected/))
    q.close()
  })

  it("never waits on a hanging enqueue longer than its timeout", async () => {
    const q = queues()
    jest.spyOn(q, "add").mockImplementation(() => new Promise(() => undefined))
    const dispatcher = new TripDispatcher({ claimDue: async () => [{ id: "jwotrip_a", status: "received" as const }], queues: q, logger, intervalMs: 1000 })
    const started = Date.now()
    await expect(dispatcher.dispatchOnce()).rejects.toThrow(/enqueue took longer than 2000 ms/)
    expect(Date.now() - started).toBeLessThan(5000)
    q.close()
  })
})
