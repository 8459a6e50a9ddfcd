import type { Logger } from "@medusajs/framework/types"
import { JwoQueues, shouldRunProcessors } from "../queue"

jest.setTimeout(30_000)

const logger = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} } as unknown as Logger

const waitFor = async (condition: () => boolean | Promise<boolean>, timeoutMs = 10_000) => {
  const started = Date.now()
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error("condition not met in time")
    await new Promise((r) => setTimeout(r, 25))
  }
}

const modes: [string, string | undefined][] = [["in-process", undefined]]
if (process.env.JWO_REDIS_URL) modes.push(["redis", process.env.JWO_REDIS_URL])

describe.each(modes)("JwoQueues (%s)", (mode, redisUrl) => {
  let queues: JwoQueues
  beforeEach(async () => {
    queues = new JwoQueues({ redisUrl, prefix: `jwo-queue-test-${process.pid}-${Date.now()}`, logger })
  })
  afterEach(async () => {
    await queues.obliterate().catch(() => undefined)
    await queues.close()
  })

  it(`runs in ${mode} mode`, () => {
    expect(queues.mode).toBe(mode)
  })

  it("keeps jobs until processors start, then runs each once", async () => {
    const seen: number[] = []
    queues.define<{ n: number }>({ name: "jwo-test-basic" }, async ({ n }) => {
      seen.push(n)
    })
    await queues.add("jwo-test-basic", { n: 1 })
    await queues.add("jwo-test-basic", { n: 2 })
    await new Promise((r) => setTimeout(r, 200))
    expect(seen).toEqual([])
    expect((await queues.counts("jwo-test-basic")).waiting).toBe(2)

    await queues.startProcessors()
    await waitFor(() => seen.length === 2)
    expect(seen.sort()).toEqual([1, 2])
    await waitFor(async () => (await queues.counts("jwo-test-basic")).completed === 2)
  })

  it("enqueues a job id once while it is pending", async () => {
    const seen: string[] = []
    queues.define<{ v: string }>({ name: "jwo-test-dedupe" }, async ({ v }) => {
      seen.push(v)
    })
    await queues.add("jwo-test-dedupe", { v: "first" }, { jobId: "trip-1" })
    await queues.add("jwo-test-dedupe", { v: "second" }, { jobId: "trip-1" })
    await queues.startProcessors()
    await waitFor(async () => (await queues.counts("jwo-test-dedupe")).completed === 1)
    await new Promise((r) => setTimeout(r, 200))
    expect(seen).toEqual(["first"])
  })

  it("retries a failing job with growing delays and tells the handler its attempt", async () => {
    const attempts: { attempt: number; at: number; last: boolean }[] = []
    queues.define({ name: "jwo-test-retry", attempts: 3, backoffMs: 100 }, async (_data, ctx) => {
      attempts.push({ attempt: ctx.attempt, at: Date.now(), last: ctx.isLastAttempt })
      if (ctx.attempt < 3) throw new Error("transient")
    })
    await queues.add("jwo-test-retry", {})
    await queues.startProcessors()
    await waitFor(() => attempts.length === 3)
    expect(attempts.map((a) => [a.attempt, a.last])).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ])
    const firstGap = attempts[1].at - attempts[0].at
    const secondGap = attempts[2].at - attempts[1].at
    expect(firstGap).toBeGreaterThanOrEqual(90)
    expect(secondGap).toBeGreaterThanOrEqual(190)
    await waitFor(async () => (await queues.counts("jwo-test-retry")).completed === 1)
  })

  it("gives up after the last attempt and keeps the job as failed", async () => {
    queues.define({ name: "jwo-test-fail", attempts: 2, backoffMs: 50 }, async () => {
      throw new Error("permanent")
    })
    await queues.add("jwo-test-fail", {})
    await queues.startProcessors()
    await waitFor(async () => (await queues.counts("jwo-test-fail")).failed === 1)
  })

  it("never starts more jobs than the limiter allows", async () => {
    const starts: number[] = []
    queues.define({ name: "jwo-test-limit", concurrency: 5, limiter: { max: 2, durationMs: 500 } }, async () => {
      starts.push(Date.now())
    })
    for (let i = 0; i < 6; i++) await queues.add("jwo-test-limit", { i })
    await queues.startProcessors()
    await waitFor(() => starts.length === 6)
    starts.sort((a, b) => a - b)
    for (let i = 2; i < starts.length; i++) {
      // any three consecutive starts span at least one limiter window
      expect(starts[i] - starts[i - 2]).toBeGreaterThanOrEqual(450)
    }
  })

  it("refuses a queue that was never defined", async () => {
    await expect(queues.add("jwo-test-missing", {})).rejects.toThrow('queue "jwo-test-missing" is not defined')
  })
})

describe("shouldRunProcessors", () => {
  it("runs processors where Medusa runs workers", () => {
    expect(shouldRunProcessors("shared")).toBe(true)
    expect(shouldRunProcessors("worker")).toBe(true)
    expect(shouldRunProcessors(undefined)).toBe(true)
    expect(shouldRunProcessors("server")).toBe(false)
  })
})
