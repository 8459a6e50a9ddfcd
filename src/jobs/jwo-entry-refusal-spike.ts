import type { MedusaContainer } from "@medusajs/framework/types"
import { JWO_MODULE } from "../modules/jwo"
import type JwoModuleService from "../modules/jwo/service"
import { alertsReachTheBell, sendJwoAlert } from "../workflows/alerts"

/**
 * A spike of refused entries: every minute, per enabled store, the gate's decisions of the last
 * `alerts.refusalSpike.windowMinutes`; when at least `minRefusals` scans and `minShare` of them were refused, an
 * alert goes to the notification bell (once per store and window: its idempotency key names the window's start).
 * Returns the stores alerted.
 */
export default async function jwoEntryRefusalSpike(container: MedusaContainer, context?: { scheduledFor?: Date }): Promise<string[]> {
  // Medusa calls a job with (container, { scheduledFor }): the run's time is the time it was scheduled for.
  return checkEntryRefusalSpikes(container, context?.scheduledFor?.getTime() ?? Date.now())
}

export async function checkEntryRefusalSpikes(container: MedusaContainer, now: number): Promise<string[]> {
  if (!alertsReachTheBell(container)) return []
  const jwo = container.resolve<JwoModuleService>(JWO_MODULE)
  const { windowMinutes, minRefusals, minShare } = jwo.getOptions().alerts.refusalSpike
  const windowMs = windowMinutes * 60_000
  const since = new Date(now - windowMs)
  // The key's window: a spike that goes on alerts again once per window, not every minute.
  const bucket = new Date(Math.floor(now / windowMs) * windowMs).toISOString()
  const stores = await jwo.listJwoStores({ enabled: true }, { select: ["id"] })
  const alerted: string[] = []
  for (const store of stores) {
    const counts = await jwo.countEntryDecisions(since, store.id)
    if (counts.rejected < minRefusals || counts.total === 0 || counts.rejected / counts.total < minShare) continue
    const top = Object.entries(counts.by_reason)
      .filter(([reason]) => reason !== "CONNECTIVITY_TEST")
      .sort((a, b) => b[1] - a[1])
      .slice(0, 2)
      .map(([reason]) => reason)
    const sent = await sendJwoAlert(container, {
      kind: "entry_refusal_spike",
      jwo_store_id: store.id,
      refused: counts.rejected,
      scans: counts.total,
      window_minutes: windowMinutes,
      since: bucket,
      top_reasons: top,
    })
    if (sent) alerted.push(store.id)
  }
  return alerted
}

export const config = { name: "jwo-entry-refusal-spike", schedule: "* * * * *" }
