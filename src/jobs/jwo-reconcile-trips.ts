import type { MedusaContainer } from "@medusajs/framework/types"
import { JWO_MODULE } from "../modules/jwo"
import type JwoModuleService from "../modules/jwo/service"

/**
 * Watching for stuck work. The dispatchers move due work from Postgres onto the queues by themselves (docs/trips.md
 * "Durable work"); this job only reports trips whose work is overdue by more than `trips.reconcileAfterSeconds` with
 * no live worker (e.g. no worker instance running, or Redis down for long), with a warning that says how many and
 * the oldest, so that monitoring can alert on it. Returns how many it found.
 */
export default async function jwoReconcileTrips(container: MedusaContainer): Promise<number> {
  const jwo = container.resolve<JwoModuleService>(JWO_MODULE)
  const window = jwo.getOptions().trips.reconcileAfterSeconds * 1000
  const stuck = await jwo.listStuckTrips(new Date(Date.now() - window), 200)
  if (stuck.length) {
    container
      .resolve("logger")
      .warn(
        `medusa-plugin-jwo: ${stuck.length} trip(s) with work overdue by more than ${window / 1000} s, oldest ${stuck[0].id} (${stuck[0].status}): ` +
          `check that a worker instance runs and reaches Redis`
      )
  }
  return stuck.length
}

export const config = { name: "jwo-reconcile-trips", schedule: "* * * * *" }
