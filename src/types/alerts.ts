/**
 * Alerts to staff, sent to Medusa's notification module on the `feed` channel (the admin's notification bell), the
 * way Medusa's own exports notify: template "admin-ui", data `{ title, description, url }`.
 */
export const JWO_ALERT_TEMPLATE = "admin-ui"
export const JWO_ALERT_CHANNEL = "feed"

export const JWO_ALERT_KINDS = ["trip_needs_attention", "checkout_rejected", "catalog_items_rejected", "entry_refusal_spike"] as const
export type JwoAlertKind = (typeof JWO_ALERT_KINDS)[number]

/** `data` of a JWO alert notification. `url` is the admin path of the page to open (e.g. /app/jwo/trips/jwotrip_…). */
export type JwoAlertData = {
  title: string
  description: string
  url: string
  /** Marks the notification as the plugin's, with its kind, so the plugin's own pages can list and link them. */
  jwo_alert: JwoAlertKind
}
