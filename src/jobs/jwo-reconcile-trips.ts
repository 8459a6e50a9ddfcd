import type { MedusaContainer } from "@medusajs/framework/types"
import { JWO_MODULE } from "../modules/jwo"
import type JwoModuleService from "../modules/jwo/service"
import { TRIP_QUEUE } from "../modules/jwo/queue/definitions"

/**
 * Nothing acknowledged is lost: a trip left in `received` or `pricing` longer than `trips.reconcileAfterSeconds`
 * (a crash, a lost job, Redis unavailable at receipt) is queued again. Processing is idempotent and leased, so a
 * trip that was only slow is not harmed.
 */
export default async function jwoReconcileTrips(container: MedusaContainer): Promise<number> {
  const jwo = container.resolve<JwoModuleService>(JWO_MODULE)
  const { trips } = jwo.getOptions()
  const stuck = await jwo.listStuckTrips(["received", "pricing"], new Date(Date.now() - trips.reconcileAfterSeconds * 1000), 200)
  for (const trip of stuck) {
    await jwo.queues.add(TRIP_QUEUE, { trip_id: trip.id }, { jobId: `trip-${trip.id}-reconcile-${Date.now()}` })
  }
  if (stuck.length) {
    container.resolve("logger").info(`medusa-plugin-jwo: reconcile queued ${stuck.length} stuck trip(s) again`)
  }
  return stuck.length
}

export const config = { name: "jwo-reconcile-trips", schedule: "* * * * *" }
