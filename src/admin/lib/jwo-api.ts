import { useCallback, useEffect, useState } from "react"

/** An admin API answer that was not 2xx, with Medusa's `message` (or the status line when there is none). */
export class JwoApiError extends Error {
  constructor(message: string, readonly status: number) {
    super(message)
  }
}

type Query = Record<string, string | number | undefined | null>

/** `?a=1&b=2` from the defined, non-empty values. */
export function queryString(query: Query): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value))
  }
  const text = params.toString()
  return text ? `?${text}` : ""
}

/** Calls the admin API with the admin session cookie; throws a JwoApiError carrying the API's `message`. */
export async function jwoFetch<T>(path: string, init?: { method?: "GET" | "POST" | "DELETE"; body?: unknown }): Promise<T> {
  const response = await fetch(path, {
    method: init?.method ?? "GET",
    credentials: "include",
    headers: init?.body !== undefined ? { "Content-Type": "application/json" } : undefined,
    body: init?.body !== undefined ? JSON.stringify(init.body) : undefined,
  })
  const text = await response.text()
  let body: any = null
  try {
    body = text ? JSON.parse(text) : null
  } catch {
    body = null
  }
  if (!response.ok) {
    const message = typeof body?.message === "string" && body.message ? body.message : `HTTP ${response.status} ${response.statusText}`
    throw new JwoApiError(message, response.status)
  }
  return body as T
}

export type JwoQueryState<T> = {
  data: T | undefined
  error: JwoApiError | undefined
  loading: boolean
  reload: () => void
  /** Replace the data with what a mutation returned (no refetch). */
  setData: (data: T) => void
}

/** GETs `path` (null: nothing to fetch) and refetches when it changes or on `reload()`. */
export function useJwoQuery<T>(path: string | null): JwoQueryState<T> {
  const [data, setData] = useState<T | undefined>(undefined)
  const [error, setError] = useState<JwoApiError | undefined>(undefined)
  const [loading, setLoading] = useState(Boolean(path))
  const [tick, setTick] = useState(0)

  useEffect(() => {
    if (!path) return
    let cancelled = false
    setLoading(true)
    jwoFetch<T>(path)
      .then((body) => {
        if (cancelled) return
        setData(body)
        setError(undefined)
      })
      .catch((e: unknown) => {
        if (cancelled) return
        setError(e instanceof JwoApiError ? e : new JwoApiError((e as Error).message ?? String(e), 0))
      })
      .finally(() => {
        if (!cancelled) setLoading(false)
      })
    return () => {
      cancelled = true
    }
  }, [path, tick])

  const reload = useCallback(() => setTick((t) => t + 1), [])
  return { data, error, loading, reload, setData }
}

/** The message of anything thrown by jwoFetch (or elsewhere). */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}
