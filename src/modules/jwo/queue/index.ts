import Bull from "bull"
import type { Logger } from "@medusajs/framework/types"

/**
 * The plugin's one place for durable background work (checkout submission, catalog uploads, trip processing).
 *
 * With a Redis URL every queue is a bull queue: jobs survive restarts, retries use exponential backoff, a `jobId`
 * makes an enqueue idempotent, and a queue's `limiter` holds across every instance that shares the Redis.
 * Without one, an in-process runner with the same API serves the demo; it loses pending work on restart and says so
 * at boot. Processors start only where Medusa runs workers (see `shouldRunProcessors`).
 */

export type JwoQueueName = string

export interface JwoQueueSpec {
  name: JwoQueueName
  /** Jobs processed at once per instance. */
  concurrency?: number
  /** At most `max` jobs per `durationMs`, across all instances (bull's limiter). */
  limiter?: { max: number; durationMs: number }
  /** Attempts before a job is given up (the handler decides what giving up means via `ctx.isLastAttempt`). */
  attempts?: number
  /** First retry delay; doubles each attempt. */
  backoffMs?: number
  /**
   * Forget a job once it has run (completed or failed), so that the same job id can be enqueued again later. For
   * queues whose work is recorded in Postgres (trips): the job id is the work's id, and Postgres says when it is due.
   */
  forgetDone?: boolean
}

/**
 * bull's stalled-job settings, set explicitly (bull's defaults are 30 s / 30 s / 1):
 * - `lockDuration` 20 s: a job's lock, renewed by the worker running it every 10 s. A worker killed with -9 stops
 *   renewing, and its active jobs are free to run elsewhere 20 s later. Longer than any pause of a busy 2-core worker
 *   we have seen, so a slow worker is not mistaken for a dead one; and a job run twice is harmless anyway (trips are
 *   leased and every move is a compare-and-set).
 * - `stalledInterval` 5 s: how often each worker looks for jobs whose lock ran out, so a dead worker's jobs restart
 *   within about 25 s.
 * - `maxStalledCount` 2: a job that stalled twice fails instead of looping (a job that kills its worker); for trips the
 *   dispatcher enqueues it again from Postgres, so nothing is lost.
 */
export const BULL_SETTINGS = { lockDuration: 20_000, lockRenewTime: 10_000, stalledInterval: 5_000, maxStalledCount: 2 } as const

export interface JwoJobContext {
  jobId: string
  attempt: number
  maxAttempts: number
  isLastAttempt: boolean
  logger: Logger
}

export type JwoJobHandler<T = any> = (data: T, ctx: JwoJobContext) => Promise<unknown>

export interface JwoEnqueueOptions {
  /** Same jobId while a job is pending or kept = enqueued once. */
  jobId?: string
  delayMs?: number
}

export interface JwoQueueCounts {
  waiting: number
  active: number
  delayed: number
  failed: number
  completed: number
}

export class JwoQueues {
  readonly mode: "redis" | "in-process"
  private readonly specs = new Map<JwoQueueName, JwoQueueSpec>()
  private readonly handlers = new Map<JwoQueueName, JwoJobHandler>()
  private readonly bullQueues = new Map<JwoQueueName, Bull.Queue>()
  private readonly memory = new InProcessRunner()
  private processing = false

  constructor(private readonly config: { redisUrl?: string; prefix?: string; logger: Logger }) {
    this.mode = config.redisUrl ? "redis" : "in-process"
  }

  /** Declares a queue and, optionally, its handler. Handlers run only after `startProcessors()`. */
  define<T>(spec: JwoQueueSpec, handler?: JwoJobHandler<T>): void {
    this.specs.set(spec.name, spec)
    if (handler) this.handlers.set(spec.name, handler as JwoJobHandler)
  }

  names(): JwoQueueName[] {
    return [...this.specs.keys()]
  }

  async add<T>(name: JwoQueueName, data: T, options: JwoEnqueueOptions = {}): Promise<string> {
    const spec = this.spec(name)
    if (this.mode === "in-process") {
      return this.memory.add(spec, data, options)
    }
    const job = await this.bull(name).add(data, {
      jobId: options.jobId,
      delay: options.delayMs,
      attempts: spec.attempts ?? 5,
      backoff: { type: "exponential", delay: spec.backoffMs ?? 1000 },
      removeOnComplete: spec.forgetDone ? true : 1000,
      removeOnFail: spec.forgetDone ? true : false,
    })
    return String(job.id)
  }

  async counts(name: JwoQueueName): Promise<JwoQueueCounts> {
    if (this.mode === "in-process") return this.memory.counts(name)
    const counts = await this.bull(name).getJobCounts()
    return {
      waiting: counts.waiting,
      active: counts.active,
      delayed: counts.delayed,
      failed: counts.failed,
      completed: counts.completed,
    }
  }

  /** Whether jobs can be enqueued now without waiting (Redis connected, or the in-process runner). */
  private readonly lastErrors = new Map<string, { message: string; at: number; repeats: number }>()

  /** A Redis outage raises an error per reconnect attempt: the same error of a queue is logged once per 30 s. */
  private logQueueError(name: string, error: Error) {
    const now = Date.now()
    const last = this.lastErrors.get(name)
    if (last && last.message === error.message && now - last.at < 30_000) {
      last.repeats++
      return
    }
    const repeats = last && last.message === error.message && last.repeats ? ` (${last.repeats} times more in the last 30 s)` : ""
    this.lastErrors.set(name, { message: error.message, at: now, repeats: 0 })
    this.config.logger.error(`medusa-plugin-jwo: queue ${name}: ${error.message}${repeats}`)
  }

  isConnected(): boolean {
    if (this.mode === "in-process") return true
    const clients = [...this.specs.keys()].map((name) => (this.bull(name) as unknown as { client: { status: string } }).client)
    return clients.every((client) => client.status === "ready")
  }

  get isProcessing(): boolean {
    return this.processing
  }

  /** Starts every defined handler. Call only on instances where Medusa runs workers. */
  async startProcessors(): Promise<void> {
    if (this.processing) return
    this.processing = true
    for (const [name, handler] of this.handlers) {
      const spec = this.spec(name)
      const concurrency = spec.concurrency ?? 1
      if (this.mode === "in-process") {
        this.memory.process(spec, handler, this.config.logger)
        continue
      }
      void this.bull(name).process(concurrency, async (job) => {
        const maxAttempts = job.opts.attempts ?? 1
        const attempt = job.attemptsMade + 1
        return handler(job.data, {
          jobId: String(job.id),
          attempt,
          maxAttempts,
          isLastAttempt: attempt >= maxAttempts,
          logger: this.config.logger,
        })
      })
    }
    this.config.logger.info(
      `medusa-plugin-jwo: queue processors started (${this.mode}): ${[...this.handlers.keys()].join(", ") || "none"}`
    )
  }

  async close(): Promise<void> {
    this.memory.close()
    await Promise.all([...this.bullQueues.values()].map((queue) => queue.close().catch(() => undefined)))
    this.bullQueues.clear()
    this.processing = false
  }

  /** Removes every job of every defined queue (tests and the demo reset only). */
  async obliterate(): Promise<void> {
    if (this.mode === "in-process") return this.memory.clear()
    for (const name of this.specs.keys()) {
      await this.bull(name).obliterate({ force: true })
    }
  }

  private spec(name: JwoQueueName): JwoQueueSpec {
    const spec = this.specs.get(name)
    if (!spec) throw new Error(`medusa-plugin-jwo: queue "${name}" is not defined`)
    return spec
  }

  private bull(name: JwoQueueName): Bull.Queue {
    let queue = this.bullQueues.get(name)
    if (!queue) {
      const spec = this.spec(name)
      queue = new Bull(name, this.config.redisUrl!, {
        prefix: this.config.prefix ?? "jwo",
        settings: { ...BULL_SETTINGS },
        limiter: spec.limiter ? { max: spec.limiter.max, duration: spec.limiter.durationMs } : undefined,
      })
      queue.on("error", (error) => this.logQueueError(name, error))
      queue.on("failed", (job, error) => this.config.logger.error(`medusa-plugin-jwo: job ${name}/${job.id} failed: ${error.message}`))
      this.bullQueues.set(name, queue)
    }
    return queue
  }
}

/** Processors run where Medusa runs workers: workerMode "shared" (the default) or "worker". */
export function shouldRunProcessors(workerMode: string | undefined): boolean {
  return workerMode !== "server"
}

interface MemoryJob {
  id: string
  data: unknown
  attemptsMade: number
  state: "waiting" | "active" | "delayed" | "failed" | "completed"
}

/** The demo-only runner: same semantics as the bull path (jobId dedupe, retries, backoff, limiter), in memory. */
class InProcessRunner {
  private readonly jobs = new Map<string, Map<string, MemoryJob>>()
  private readonly workers = new Map<string, { spec: JwoQueueSpec; handler: JwoJobHandler; logger: Logger }>()
  /** One pending run per job: a job is never run twice by two timers. */
  private readonly timers = new Map<string, NodeJS.Timeout>()
  private readonly recentStarts = new Map<string, number[]>()
  private running = new Map<string, number>()
  private sequence = 0

  add(spec: JwoQueueSpec, data: unknown, options: JwoEnqueueOptions): string {
    const queue = this.queue(spec.name)
    const id = options.jobId ?? `mem-${++this.sequence}`
    const existing = queue.get(id)
    if (existing && existing.state !== "failed") return id
    queue.set(id, { id, data, attemptsMade: 0, state: options.delayMs ? "delayed" : "waiting" })
    this.schedule(spec.name, id, options.delayMs ?? 0)
    return id
  }

  counts(name: string): JwoQueueCounts {
    const counts: JwoQueueCounts = { waiting: 0, active: 0, delayed: 0, failed: 0, completed: 0 }
    for (const job of this.queue(name).values()) counts[job.state]++
    return counts
  }

  process(spec: JwoQueueSpec, handler: JwoJobHandler, logger: Logger): void {
    this.workers.set(spec.name, { spec, handler, logger })
    for (const job of this.queue(spec.name).values()) {
      if (job.state === "waiting" && !this.timers.has(`${spec.name}/${job.id}`)) this.schedule(spec.name, job.id, 0)
    }
  }

  close(): void {
    for (const timer of this.timers.values()) clearTimeout(timer)
    this.timers.clear()
    this.workers.clear()
  }

  clear(): void {
    this.close()
    this.jobs.clear()
  }

  private queue(name: string): Map<string, MemoryJob> {
    let queue = this.jobs.get(name)
    if (!queue) this.jobs.set(name, (queue = new Map()))
    return queue
  }

  private schedule(name: string, id: string, delayMs: number): void {
    const key = `${name}/${id}`
    clearTimeout(this.timers.get(key))
    const timer = setTimeout(() => {
      this.timers.delete(key)
      void this.run(name, id)
    }, delayMs)
    timer.unref?.()
    this.timers.set(key, timer)
  }

  private async run(name: string, id: string): Promise<void> {
    const worker = this.workers.get(name)
    const job = this.queue(name).get(id)
    if (!worker || !job || job.state === "active" || job.state === "completed") {
      if (job && job.state === "delayed") job.state = "waiting"
      return
    }
    const { spec, handler, logger } = worker
    const waitMs = this.limiterWait(spec) || ((this.running.get(name) ?? 0) >= (spec.concurrency ?? 1) ? 50 : 0)
    if (waitMs > 0) {
      job.state = "waiting"
      return this.schedule(name, id, waitMs)
    }
    this.recentStarts.set(name, [...(this.recentStarts.get(name) ?? []), Date.now()])
    this.running.set(name, (this.running.get(name) ?? 0) + 1)
    job.state = "active"
    const maxAttempts = spec.attempts ?? 5
    const attempt = job.attemptsMade + 1
    try {
      await handler(job.data, { jobId: id, attempt, maxAttempts, isLastAttempt: attempt >= maxAttempts, logger })
      job.state = "completed"
      if (spec.forgetDone) this.queue(name).delete(id)
    } catch (error) {
      job.attemptsMade = attempt
      if (attempt >= maxAttempts) {
        job.state = "failed"
        logger.error(`medusa-plugin-jwo: job ${name}/${id} failed for good: ${(error as Error).message}`)
        if (spec.forgetDone) this.queue(name).delete(id)
      } else {
        job.state = "delayed"
        this.schedule(name, id, (spec.backoffMs ?? 1000) * 2 ** (attempt - 1))
      }
    } finally {
      this.running.set(name, (this.running.get(name) ?? 1) - 1)
    }
  }

  /** Milliseconds to wait before the limiter allows another start, 0 if it allows one now. */
  private limiterWait(spec: JwoQueueSpec): number {
    if (!spec.limiter) return 0
    const now = Date.now()
    const starts = (this.recentStarts.get(spec.name) ?? []).filter((t) => now - t < spec.limiter!.durationMs)
    this.recentStarts.set(spec.name, starts)
    return starts.length < spec.limiter.max ? 0 : spec.limiter.durationMs - (now - starts[0]) + 1
  }
}
