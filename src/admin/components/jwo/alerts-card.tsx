import { BellAlert } from "@medusajs/icons"
import { Text } from "@medusajs/ui"
import { Link } from "react-router-dom"
import { useJwoAlerts } from "../../hooks/api"
import { formatDateTime } from "../../lib/jwo-format"
import { Section } from "./common"

/** `/app/jwo/trips/x` → `/jwo/trips/x` (the router's paths are below the admin's base path). */
function routerPath(url: string): string {
  return url.replace(/^\/app(?=\/)/, "")
}

/**
 * The plugin's latest alerts (the ones in Medusa's notification bell), each linking to its page: the bell shows a
 * title and a description but no link.
 */
export const AlertsCard = ({ limit = 5 }: { limit?: number }) => {
  const { data } = useJwoAlerts()
  if (!data?.length) return null
  return (
    <Section
      title={
        <span className="flex items-center gap-x-2">
          <BellAlert /> Latest alerts
        </span>
      }
      subtitle="Also in the notification bell. Open one to act on it."
    >
      <ul className="divide-y" data-testid="jwo-alerts">
        {data.slice(0, limit).map((alert) => (
          <li key={alert.id} className="flex items-start justify-between gap-x-4 px-6 py-3">
            <div className="min-w-0">
              <Link to={routerPath(alert.data.url)} className="txt-compact-small-plus text-ui-fg-interactive">
                {alert.data.title}
              </Link>
              <Text size="small" className="text-ui-fg-subtle truncate" title={alert.data.description}>
                {alert.data.description.split("\n")[0]}
              </Text>
            </div>
            <Text size="xsmall" className="text-ui-fg-muted shrink-0">
              {formatDateTime(alert.created_at)}
            </Text>
          </li>
        ))}
      </ul>
    </Section>
  )
}
