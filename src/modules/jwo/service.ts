import { MedusaService } from "@medusajs/framework/utils"
import type { Logger } from "@medusajs/framework/types"
import { configManager } from "@medusajs/framework/config"
import { JwoStore } from "./models/jwo-store"
import type { JwoOptions } from "./options"
import { JwoQueues, shouldRunProcessors } from "./queue"

type InjectedDependencies = {
  jwoOptions: JwoOptions
  logger: Logger
}

class JwoModuleService extends MedusaService({ JwoStore }) {
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
