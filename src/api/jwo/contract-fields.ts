import { z } from "@medusajs/framework/zod"

/** Field rules shared by Amazon's connector payloads (jwo-contract.md). Unknown fields are accepted and ignored. */

export const UUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/
/** ISO-8601 UTC, `YYYY-MM-DDThh:mm:ssZ`, fractional seconds allowed. */
export const UTC_TIMESTAMP_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/

const required = (what: string) => ({ error: (issue: { input: unknown }) => (issue.input === undefined ? `${what} is required` : undefined) })

export const uuidField = (what: string) =>
  z.string(required(what)).regex(UUID_PATTERN, `${what} must be a UUID`)

export const textField = (what: string, max = 255) =>
  z.string(required(what)).min(1, `${what} must not be empty`).max(max, `${what} must be at most ${max} characters`)

export const utcTimestampField = (what: string) =>
  z
    .string(required(what))
    .regex(UTC_TIMESTAMP_PATTERN, `${what} must be an ISO-8601 UTC timestamp such as 2024-02-09T17:53:57Z`)
    .refine((value) => !Number.isNaN(Date.parse(value)), `${what} is not a real date and time`)

export const AUTH_EVENT_LOCATIONS = ["ENTRY", "MANUAL_IN_STORE"] as const
export const locationField = (what: string) =>
  z.enum(AUTH_EVENT_LOCATIONS, { error: `${what} must be one of ${AUTH_EVENT_LOCATIONS.join(", ")}` })
