import { z } from "@medusajs/framework/zod"

/**
 * Field rules shared by Amazon's connector payloads (jwo-contract.md). Unknown fields are accepted and ignored.
 *
 * Every string the contract defines is also checked for what no field allows (docs/decisions.md "Contract strictness
 * (issue 17.7)"): control characters (C0 U+0000–U+001F, DEL U+007F, C1 U+0080–U+009F) and lone UTF-16 surrogates.
 * Postgres cannot store U+0000 in text or jsonb, nor a lone surrogate in jsonb, so such a string would otherwise
 * turn into a 500 that Amazon's gateway retries forever.
 */

export const UUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/
/** ISO-8601 UTC, `YYYY-MM-DDThh:mm:ssZ`, fractional seconds allowed. */
export const UTC_TIMESTAMP_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?Z$/

/** C0 controls, DEL and C1 controls. */
export const CONTROL_CHARACTER_PATTERN = /[\u0000-\u001F\u007F-\u009F]/
/** A high surrogate not followed by a low one, or a low surrogate not preceded by a high one. */
export const LONE_SURROGATE_PATTERN = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

const required = (what: string) => ({ error: (issue: { input: unknown }) => (issue.input === undefined ? `${what} is required` : undefined) })

/** A string of printable, well-formed Unicode: no control characters, no lone surrogates. */
export const cleanString = (what: string) =>
  z
    .string(required(what))
    .refine((value) => !CONTROL_CHARACTER_PATTERN.test(value), {
      message: `${what} must not contain control characters (U+0000 to U+001F, U+007F to U+009F)`,
      abort: true,
    })
    .refine((value) => !LONE_SURROGATE_PATTERN.test(value), { message: `${what} must be well-formed Unicode (a lone surrogate)`, abort: true })

export const uuidField = (what: string) => z.string(required(what)).regex(UUID_PATTERN, `${what} must be a UUID`)

export const textField = (what: string, max = 255) =>
  cleanString(what).min(1, `${what} must not be empty`).max(max, `${what} must be at most ${max} characters`)

/** A real instant in ISO-8601 UTC: the calendar date and time of day exist (no 2024-02-30, no 24:00:00). */
export function isRealUtcTimestamp(value: string): boolean {
  const parts = UTC_TIMESTAMP_PATTERN.exec(value)
  if (!parts) return false
  const [year, month, day, hour, minute, second] = parts.slice(1, 7).map(Number)
  const date = new Date(0)
  date.setUTCFullYear(year, month - 1, day)
  date.setUTCHours(hour, minute, second, 0)
  return (
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second
  )
}

export const utcTimestampField = (what: string) =>
  z
    .string(required(what))
    .regex(UTC_TIMESTAMP_PATTERN, {
      message: `${what} must be an ISO-8601 UTC timestamp such as 2024-02-09T17:53:57Z`,
      abort: true,
    })
    .refine(isRealUtcTimestamp, `${what} is not a real date and time`)

/** An enum of the contract, with a message listing its values. */
export const enumField = <const T extends readonly [string, ...string[]]>(what: string, values: T) =>
  z.enum(values, {
    error: (issue) => (issue.input === undefined ? `${what} is required` : `${what} must be one of ${values.join(", ")}`),
  })

export const AUTH_EVENT_LOCATIONS = ["ENTRY", "MANUAL_IN_STORE"] as const
export const locationField = (what: string) => enumField(what, AUTH_EVENT_LOCATIONS)
