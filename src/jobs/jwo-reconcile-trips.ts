import type { MedusaContainer } from "@medusajs/framework/types"
import { JWO_MODULE } from "../modules/jwo"
import type JwoModuleService from "../modules/jwo/service"
import { TRIP_QUEUE } from "../modules/jwo/queue/definitions"
import { handOverToCheckout } from "../workflows/trips/process-trip"
import { enqueueCheckout } from "../workflows/checkout/submit-checkout"

/**
 * Nothing acknowledged is lost: a trip left in `received` or `pricing` longer than `trips.reconcileAfterSeconds`
 * (a crash, a lost job, Redis unavailable at receipt) is queued again; one left in `order_placed` is handed to
 * Checkout; one in `checkout_pending` with no activity for longer than the window plus the longest retry delay has
 * lost its job and is submitted again. All of it is idempotent and leased, so a trip that was only slow is not harmed.
 */
export default async function jwoReconcileTrips(container: MedusaContainer): Promise<number> {
  const jwo = container.resolve<JwoModuleService>(JWO_MODULE)
  const { trips, checkout } = jwo.getOptions()
  const window = trips.reconcileAfterSeconds * 1000
  const stuck = await jwo.listStuckTrips(["received", "pricing"], new Date(Date.now() - window), 200)
  for (const trip of stuck) {
    await jwo.queues.add(TRIP_QUEUE, { trip_id: trip.id }, { jobId: `trip-${trip.id}-reconcile-${Date.now()}` })
  }
  const placed = await jwo.listStuckTrips(["order_placed"], new Date(Date.now() - window), 200)
  for (const trip of placed) await handOverToCheckout(jwo, trip.id)
  const pending = await jwo.listStuckTrips(["checkout_pending"], new Date(Date.now() - window - checkout.retryMaxMs), 200, "updated_at")
  for (const trip of pending) await enqueueCheckout(jwo, trip.id, 0)
  const total = stuck.length + placed.length + pending.length
  if (total) {
    container.resolve("logger").info(`medusa-plugin-jwo: reconcile picked up ${total} stuck trip(s) again`)
  }
  return total
}

export const config = { name: "jwo-reconcile-trips", schedule: "* * * * *" }
