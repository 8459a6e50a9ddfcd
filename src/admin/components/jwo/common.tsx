import { ArrowPath } from "@medusajs/icons"
import { Badge, Container, Heading, IconButton, Text, Tooltip } from "@medusajs/ui"
import type { ReactNode } from "react"
import { Link } from "react-router-dom"
import type { CustomerRef, TripStatus } from "../../../types"
import {
  TRIP_STATUS_COLORS,
  exactMoney,
  formatMoney,
  personName,
  tripStatusHelp,
  tripStatusLabel,
} from "../../lib/jwo-format"

export const Loading = ({ what = "Loading…" }: { what?: string }) => (
  <Text size="small" className="px-6 py-4 text-ui-fg-subtle">
    {what}
  </Text>
)

/** The API's message, in red. */
export const ErrorNote = ({ message, prefix }: { message: string; prefix?: string }) => (
  <Text size="small" className="px-6 py-4 text-ui-fg-error" role="alert">
    {prefix ? `${prefix}: ` : ""}
    {message}
  </Text>
)

export const Empty = ({ children }: { children: ReactNode }) => (
  <Text size="small" className="px-6 py-4 text-ui-fg-subtle">
    {children}
  </Text>
)

/** A trip's state: one label everywhere, what it means on hover. */
export const TripStatusBadge = ({ status }: { status: TripStatus | string }) => (
  <span title={tripStatusHelp(status)}>
    <Badge size="2xsmall" color={TRIP_STATUS_COLORS[status as TripStatus] ?? "grey"}>
      {tripStatusLabel(status)}
    </Badge>
  </span>
)

/** Money rounded to the currency's minor unit; the exact figure on hover. */
export const Money = ({
  amount,
  currency,
  className,
}: {
  amount: string | number | null | undefined
  currency: string | null | undefined
  className?: string
}) => {
  if (amount === null || amount === undefined || amount === "") return <span className={className}>—</span>
  return (
    <span className={className} title={exactMoney(amount, currency)} data-exact={String(amount)}>
      {formatMoney(amount, currency)}
    </span>
  )
}

/** A customer by name and email, linking to their page. */
export const CustomerLink = ({ customer, id }: { customer?: CustomerRef | null; id?: string | null }) => {
  if (!customer && !id) return <>—</>
  if (!customer) return <span title={id ?? undefined}>Deleted customer</span>
  const name = personName(customer)
  return (
    <Link
      to={`/customers/${customer.id}`}
      className="text-ui-fg-interactive hover:text-ui-fg-interactive-hover"
      onClick={(e) => e.stopPropagation()}
      title={customer.id}
    >
      {name}
      {customer.email && name !== customer.email ? <span className="text-ui-fg-subtle"> · {customer.email}</span> : null}
    </Link>
  )
}

/** A code with its plain-language explanation on hover (and an ⓘ to show there is one). */
export const Explained = ({ code, text, children }: { code: string; text?: string; children?: ReactNode }) =>
  text ? (
    <Tooltip content={text} maxWidth={360}>
      <span className="cursor-help underline decoration-dotted underline-offset-2" aria-label={`${code}: ${text}`}>
        {children ?? code}
      </span>
    </Tooltip>
  ) : (
    <>{children ?? code}</>
  )

export const RefreshButton = ({ onClick, loading }: { onClick: () => void; loading?: boolean }) => (
  <IconButton size="small" variant="transparent" onClick={onClick} disabled={loading} aria-label="Refresh">
    <ArrowPath />
  </IconButton>
)

/** "Live" with the refresh interval, for pages that refresh by themselves. */
export const LiveNote = ({ fetching }: { fetching?: boolean }) => (
  <Text size="xsmall" className="text-ui-fg-muted flex items-center gap-x-1" aria-live="polite">
    <span className={`inline-block size-1.5 rounded-full ${fetching ? "bg-ui-fg-interactive" : "bg-ui-tag-green-icon"}`} />
    Live
  </Text>
)

/** A Container with a heading row (title, optional subtitle and actions) and its content below. */
export const Section = ({
  title,
  subtitle,
  actions,
  children,
  id,
  testId,
}: {
  title: ReactNode
  subtitle?: ReactNode
  actions?: ReactNode
  children?: ReactNode
  id?: string
  testId?: string
}) => (
  <Container className="divide-y p-0" id={id} data-testid={testId}>
    <div className="flex items-center justify-between gap-x-4 px-6 py-4">
      <div className="min-w-0">
        <Heading level="h2">{title}</Heading>
        {subtitle && (
          <Text size="small" className="text-ui-fg-subtle">
            {subtitle}
          </Text>
        )}
      </div>
      {actions && <div className="flex shrink-0 items-center gap-x-2">{actions}</div>}
    </div>
    {children}
  </Container>
)

/** A label / value row, as in Medusa's detail pages. */
export const Field = ({ label, children }: { label: string; children: ReactNode }) => (
  <div className="grid grid-cols-2 items-start gap-x-4 px-6 py-3">
    <Text size="small" weight="plus" leading="compact" className="text-ui-fg-subtle">
      {label}
    </Text>
    <div className="text-ui-fg-base txt-compact-small break-words">{children ?? "—"}</div>
  </div>
)

/** A labelled figure for the statistics. */
export const Figure = ({ label, value, alert, hint }: { label: string; value: ReactNode; alert?: boolean; hint?: string }) => (
  <div className="flex flex-col gap-y-1 rounded-lg border px-4 py-3" title={hint}>
    <Text size="xsmall" className="text-ui-fg-subtle">
      {label}
    </Text>
    <Text size="xlarge" weight="plus" className={alert ? "text-ui-fg-error" : undefined}>
      {value}
    </Text>
  </div>
)
