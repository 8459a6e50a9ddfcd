/**
 * A point in time in an admin API answer. The server hands `res.json` a Date (or an ISO string); JSON carries an
 * ISO-8601 string. Read it with `new Date(value)`.
 */
export type Timestamp = string | Date

/** An exact decimal amount as a string ("12.935983125") or number, never rounded by the server. */
export type Amount = string | number

/** Medusa's list envelope. */
export type ListPage = { count: number; offset: number; limit: number }

/** Medusa's delete answer. */
export type DeleteResponse<Object extends string> = { id: string; object: Object; deleted: true }

/** A customer as the plugin's admin answers name them (instead of a bare id). */
export type CustomerRef = { id: string; email: string | null; first_name: string | null; last_name: string | null }

/** A staff user, for "who did it" (trip history, customer blocks). */
export type UserRef = { id: string; email: string | null; first_name: string | null; last_name: string | null }
