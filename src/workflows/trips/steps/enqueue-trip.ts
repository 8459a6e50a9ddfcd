import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { JWO_MODULE } from "../../../modules/jwo"
import type JwoModuleService from "../../../modules/jwo/service"
import { TRIP_QUEUE } from "../../../modules/jwo/queue/definitions"

/**
 * Puts a stored trip on the trip queue (jobId = trip id: enqueued once). A failure here is logged, not thrown: the
 * trip is committed and the reconcile job picks up any trip left in `received`.
 */
export const enqueueTripStep = createStep(
  "jwo-enqueue-trip-step",
  async (input: { trip_id: string }, { container }) => {
    const jwo = container.resolve<JwoModuleService>(JWO_MODULE)
    try {
      await jwo.queues.add(TRIP_QUEUE, { trip_id: input.trip_id }, { jobId: `trip-${input.trip_id}` })
      return new StepResponse({ enqueued: true })
    } catch (error) {
      container
        .resolve("logger")
        .warn(`medusa-plugin-jwo: trip ${input.trip_id} stored but not enqueued (${(error as Error).message}); the reconcile job will pick it up`)
      return new StepResponse({ enqueued: false })
    }
  }
)
