import { useQuery } from "@tanstack/react-query"
import { JWO_ALERT_CHANNEL, type JwoAlertData } from "../../../types"
import { sdk } from "../../lib/sdk"
import { LIVE_MS } from "./live"

export const jwoAlertsQueryKeys = { all: ["jwo-alerts"] as const }

export type JwoAlert = { id: string; created_at: string; data: JwoAlertData }

/**
 * The plugin's alerts among the notification bell's feed (Medusa's notification module, channel `feed`): the
 * newest 50 feed notifications, those the plugin sent. Live. Empty when no notification module is configured.
 */
export const useJwoAlerts = () =>
  useQuery({
    queryKey: jwoAlertsQueryKeys.all,
    queryFn: async (): Promise<JwoAlert[]> => {
      const { notifications } = await sdk.admin.notification.list({
        channel: JWO_ALERT_CHANNEL,
        limit: 50,
        order: "-created_at",
        fields: "id,created_at,data",
      } as Record<string, unknown>)
      return notifications
        .filter((n) => (n.data as Partial<JwoAlertData> | null)?.jwo_alert)
        .map((n) => ({ id: n.id, created_at: String(n.created_at), data: n.data as unknown as JwoAlertData }))
    },
    refetchInterval: LIVE_MS * 2,
    retry: false,
  })
