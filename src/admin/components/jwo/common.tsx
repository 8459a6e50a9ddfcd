import { ArrowPath } from "@medusajs/icons"
import { Badge, Container, Heading, IconButton, Text } from "@medusajs/ui"
import type { ReactNode } from "react"
import { humanize, TRIP_STATUS_COLORS } from "../../lib/jwo-format"
import type { TripStatus } from "../../lib/jwo-types"

export const Loading = ({ what = "Loading…" }: { what?: string }) => (
  <Text size="small" className="px-6 py-4 text-ui-fg-subtle">
    {what}
  </Text>
)

/** The API's message, in red. */
export const ErrorNote = ({ message, prefix }: { message: string; prefix?: string }) => (
  <Text size="small" className="px-6 py-4 text-ui-fg-error">
    {prefix ? `${prefix}: ` : ""}
    {message}
  </Text>
)

export const Empty = ({ children }: { children: ReactNode }) => (
  <Text size="small" className="px-6 py-4 text-ui-fg-subtle">
    {children}
  </Text>
)

export const TripStatusBadge = ({ status }: { status: TripStatus | string }) => (
  <Badge size="2xsmall" color={TRIP_STATUS_COLORS[status as TripStatus] ?? "grey"}>
    {humanize(status)}
  </Badge>
)

export const RefreshButton = ({ onClick, loading }: { onClick: () => void; loading?: boolean }) => (
  <IconButton size="small" variant="transparent" onClick={onClick} disabled={loading} aria-label="Refresh">
    <ArrowPath />
  </IconButton>
)

/** A Container with a heading row (title, optional subtitle and actions) and its content below. */
export const Section = ({
  title,
  subtitle,
  actions,
  children,
}: {
  title: ReactNode
  subtitle?: ReactNode
  actions?: ReactNode
  children?: ReactNode
}) => (
  <Container className="divide-y p-0">
    <div className="flex items-center justify-between gap-x-4 px-6 py-4">
      <div>
        <Heading level="h2">{title}</Heading>
        {subtitle && (
          <Text size="small" className="text-ui-fg-subtle">
            {subtitle}
          </Text>
        )}
      </div>
      {actions && <div className="flex items-center gap-x-2">{actions}</div>}
    </div>
    {children}
  </Container>
)

/** A label / value row, as in Medusa's detail pages. */
export const Field = ({ label, children }: { label: string; children: ReactNode }) => (
  <div className="grid grid-cols-2 items-start px-6 py-3">
    <Text size="small" weight="plus" leading="compact" className="text-ui-fg-subtle">
      {label}
    </Text>
    <div className="text-ui-fg-base txt-compact-small break-all">{children ?? "—"}</div>
  </div>
)

/** A labelled figure for the statistics. */
export const Figure = ({ label, value, alert }: { label: string; value: ReactNode; alert?: boolean }) => (
  <div className="flex flex-col gap-y-1 rounded-lg border px-4 py-3">
    <Text size="xsmall" className="text-ui-fg-subtle">
      {label}
    </Text>
    <Text size="xlarge" weight="plus" className={alert ? "text-ui-fg-error" : undefined}>
      {value}
    </Text>
  </div>
)
