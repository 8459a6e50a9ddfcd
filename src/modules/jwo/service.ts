import { InjectManager, MedusaContext, MedusaService } from "@medusajs/framework/utils"
import type { Context, Logger } from "@medusajs/framework/types"
import type { SqlEntityManager } from "@medusajs/framework/mikro-orm/postgresql"
import { configManager } from "@medusajs/framework/config"
import { JwoStore } from "./models/jwo-store"
import { JwoRecognitionRecord } from "./models/jwo-recognition-record"
import { JwoCustomerBlock } from "./models/jwo-customer-block"
import { JwoEntryDecision } from "./models/jwo-entry-decision"
import type { JwoOptions } from "./options"
import { JwoQueues, shouldRunProcessors } from "./queue"

type InjectedDependencies = {
  jwoOptions: JwoOptions
  logger: Logger
}

export type EntryDecisionCounts = {
  since: Date
  total: number
  accepted: number
  rejected: number
  /** accepted / total, 4 decimals; null when there was no decision. */
  acceptance_rate: number | null
  /** Refusal reasons (and CONNECTIVITY_TEST) with their counts. */
  by_reason: Record<string, number>
}

class JwoModuleService extends MedusaService({ JwoStore, JwoRecognitionRecord, JwoCustomerBlock, JwoEntryDecision }) {
  protected readonly options_: JwoOptions
  protected readonly logger_: Logger
  readonly queues: JwoQueues

  constructor(dependencies: InjectedDependencies) {
    // eslint-disable-next-line prefer-rest-params
    super(...arguments)
    this.options_ = dependencies.jwoOptions
    this.logger_ = dependencies.logger
    this.queues = new JwoQueues({
      redisUrl: this.options_.redisUrl,
      prefix: this.options_.queuePrefix,
      logger: this.logger_,
    })
  }

  /** The validated plugin options. Routes, workflows and jobs read them from here (they are not given options). */
  getOptions(): JwoOptions {
    return this.options_
  }

  /**
   * Gate decisions since `since`, counted by result and refusal reason (the real-time success/failure rate Amazon's
   * review asks for). One grouped query; optionally for one JWO store.
   */
  @InjectManager()
  async countEntryDecisions(
    since: Date,
    jwoStoreId?: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<EntryDecisionCounts> {
    const manager = sharedContext.manager as SqlEntityManager
    const rows: { result: string; reason: string | null; count: string }[] = await manager.execute(
      `SELECT result, reason, COUNT(*) AS count FROM jwo_entry_decision
        WHERE deleted_at IS NULL AND created_at >= ? ${jwoStoreId ? "AND jwo_store_id = ?" : ""}
        GROUP BY result, reason`,
      jwoStoreId ? [since, jwoStoreId] : [since]
    )
    const counts: EntryDecisionCounts = { since, total: 0, accepted: 0, rejected: 0, acceptance_rate: null, by_reason: {} }
    for (const row of rows) {
      const n = Number(row.count)
      counts.total += n
      if (row.result === "accepted") counts.accepted += n
      else counts.rejected += n
      if (row.reason) counts.by_reason[row.reason] = (counts.by_reason[row.reason] ?? 0) + n
    }
    counts.acceptance_rate = counts.total ? Math.round((counts.accepted / counts.total) * 10000) / 10000 : null
    return counts
  }

  __hooks = {
    onApplicationStart: async () => {
      const workerMode = configManager.config?.projectConfig?.workerMode
      if (shouldRunProcessors(workerMode)) {
        await this.queues.startProcessors()
      }
    },
    onApplicationShutdown: async () => {
      await this.queues.close()
    },
  }
}

export default JwoModuleService
