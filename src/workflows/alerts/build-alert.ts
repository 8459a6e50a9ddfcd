import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { JWO_MODULE } from "../../modules/jwo"
import type JwoModuleService from "../../modules/jwo/service"
import { JWO_ALERT_CHANNEL, JWO_ALERT_TEMPLATE, type JwoAlertData, type JwoAlertKind } from "../../types"

/** What an alert is about (from the event, or the refusal-spike job). */
export type JwoAlertInput =
  | { kind: "trip_needs_attention"; trip_id: string; reason?: string | null }
  | { kind: "checkout_rejected"; trip_id: string; reason?: string | null }
  | { kind: "catalog_items_rejected"; upload_id: string; jwo_store_id: string; rejected: number; reason?: string | null }
  | { kind: "entry_refusal_spike"; jwo_store_id: string; refused: number; scans: number; window_minutes: number; since: string; top_reasons: string[] }

/** One notification for the module's createNotifications (the shape of core-flows' sendNotificationsStep input). */
export type JwoAlertNotification = {
  to: string
  channel: string
  template: string
  data: JwoAlertData
  trigger_type: string
  resource_id: string
  resource_type: string
  idempotency_key: string
}

/** The admin's base path (`admin.path`, "/app" by default), so that links work in any app. */
export function adminPath(container: MedusaContainer): string {
  try {
    const config = container.resolve(ContainerRegistrationKeys.CONFIG_MODULE) as { admin?: { path?: string } }
    return (config.admin?.path || "/app").replace(/\/+$/, "")
  } catch {
    return "/app"
  }
}

const name = (c: { first_name?: string | null; last_name?: string | null; email?: string | null } | undefined) =>
  c ? [c.first_name, c.last_name].filter(Boolean).join(" ") || c.email || null : null

function notification(kind: JwoAlertKind, data: Omit<JwoAlertData, "jwo_alert">, resource: { id: string; type: string }, key: string): JwoAlertNotification {
  return {
    // Everyone in the admin (as Medusa's own exports do): the bell lists notifications sent to "" too.
    to: "",
    channel: JWO_ALERT_CHANNEL,
    template: JWO_ALERT_TEMPLATE,
    // The bell shows title and description but no link: the path ends the description as well.
    data: { ...data, description: `${data.description}\nOpen: ${data.url}`, jwo_alert: kind },
    trigger_type: `jwo.alert.${kind}`,
    resource_id: resource.id,
    resource_type: resource.type,
    idempotency_key: key,
  }
}

/**
 * The notification for an alert, with a title, a plain description that names the store and the shopper, and the
 * admin page to open; null when what it is about is gone. Its idempotency key makes a repeated event (or job run)
 * send it once.
 */
export async function buildAlert(container: MedusaContainer, input: JwoAlertInput): Promise<JwoAlertNotification | null> {
  const jwo = container.resolve<JwoModuleService>(JWO_MODULE)
  const base = adminPath(container)
  const storeName = async (id: string) => {
    const [store] = await jwo.listJwoStores({ id }, { select: ["id", "name", "amazon_store_id"], take: 1, withDeleted: true })
    return store ? `${store.name} (${store.amazon_store_id})` : id
  }

  if (input.kind === "trip_needs_attention" || input.kind === "checkout_rejected") {
    const [trip] = await jwo.listJwoShoppingTrips(
      { id: input.trip_id },
      { select: ["id", "jwo_store_id", "status_reason", "status_changed_at", "customer_id", "idempotent_shopping_trip_id"], take: 1 }
    )
    if (!trip) return null
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const customer = trip.customer_id
      ? ((await query.graph({ entity: "customer", fields: ["first_name", "last_name", "email"], filters: { id: trip.customer_id } })).data[0] as any)
      : undefined
    const shopper = name(customer) ?? (trip.customer_id ? "a deleted customer" : "a guest")
    const reason = input.reason ?? trip.status_reason ?? "no reason recorded"
    const store = await storeName(trip.jwo_store_id)
    const rejected = input.kind === "checkout_rejected"
    return notification(
      input.kind,
      {
        title: rejected ? `Checkout rejected a trip at ${store}` : `A trip needs attention at ${store}`,
        description: `${rejected ? "Amazon refused the charge" : "It could not be priced or placed"} (shopper: ${shopper}): ${reason}`,
        url: `${base}/jwo/trips/${trip.id}`,
      },
      { id: trip.id, type: "jwo_shopping_trip" },
      `jwo-alert:${input.kind}:${trip.id}:${new Date(trip.status_changed_at).toISOString()}`
    )
  }

  if (input.kind === "catalog_items_rejected") {
    const store = await storeName(input.jwo_store_id)
    return notification(
      input.kind,
      {
        title: `Amazon rejected ${input.rejected} catalog item${input.rejected === 1 ? "" : "s"} of ${store}`,
        description: input.reason
          ? `The whole upload was refused: ${input.reason}`
          : "Amazon's report names each item and why; fix the products and retry the rejected items.",
        url: `${base}/jwo?tab=catalog&catalog_store=${input.jwo_store_id}&citems_status=rejected`,
      },
      { id: input.upload_id, type: "jwo_catalog_upload" },
      `jwo-alert:${input.kind}:${input.upload_id}`
    )
  }

  const store = await storeName(input.jwo_store_id)
  return notification(
    input.kind,
    {
      title: `Many refused entries at ${store}`,
      description: `${input.refused} of ${input.scans} scans refused in the last ${input.window_minutes} minutes${input.top_reasons.length ? ` (mostly ${input.top_reasons.join(", ")})` : ""}.`,
      url: `${base}/jwo?tab=entries&entries_store=${input.jwo_store_id}&result=rejected`,
    },
    { id: input.jwo_store_id, type: "jwo_store" },
    `jwo-alert:${input.kind}:${input.jwo_store_id}:${input.since}`
  )
}
