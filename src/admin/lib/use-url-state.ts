import { useCallback } from "react"
import { useSearchParams } from "react-router-dom"

/**
 * Filters kept in the page's query string, so the browser's Back button (e.g. from a trip) restores them. Setting
 * a value to "" removes it.
 */
export function useUrlState() {
  const [params, setParams] = useSearchParams()
  const get = useCallback((key: string) => params.get(key) ?? "", [params])
  const set = useCallback(
    (patch: Record<string, string | number | null | undefined>) => {
      setParams(
        (current) => {
          const next = new URLSearchParams(current)
          for (const [key, value] of Object.entries(patch)) {
            if (value === null || value === undefined || value === "" || value === 0) next.delete(key)
            else next.set(key, String(value))
          }
          return next
        },
        { replace: true }
      )
    },
    [setParams]
  )
  return { get, set }
}
