import { Badge } from "@medusajs/ui"
import {
  CATALOG_ITEM_STATUS_COLORS,
  CATALOG_SYNC_STATUS_COLORS,
  CATALOG_UPLOAD_STATUS_COLORS,
  humanize,
  type BadgeColor,
} from "../../../lib/jwo-format"

const badge = (colors: Record<string, BadgeColor>) =>
  function CatalogBadge({ status }: { status: string }) {
    return (
      <Badge size="2xsmall" color={colors[status] ?? "grey"}>
        {humanize(status)}
      </Badge>
    )
  }

export const CatalogItemStatusBadge = badge(CATALOG_ITEM_STATUS_COLORS)
export const CatalogUploadStatusBadge = badge(CATALOG_UPLOAD_STATUS_COLORS)
export const CatalogSyncStatusBadge = badge(CATALOG_SYNC_STATUS_COLORS)

/** `done` of `total` as a bar (a running sync's products). */
export const ProgressBar = ({ done, total }: { done: number; total: number }) => {
  const ratio = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0
  return (
    <div
      className="bg-ui-bg-switch-off h-2 w-full overflow-hidden rounded-full"
      role="progressbar"
      aria-valuemin={0}
      aria-valuemax={total}
      aria-valuenow={done}
    >
      <div className="bg-ui-fg-interactive h-full rounded-full transition-[width]" style={{ width: `${ratio * 100}%` }} />
    </div>
  )
}
