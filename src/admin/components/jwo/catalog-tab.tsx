/**
 * PLACEHOLDER — Catalog sync.
 *
 * The catalog sync admin API (`/admin/jwo/catalog/...`) is being built separately. Until it exists this tab only
 * calls `GET /admin/jwo/catalog/stores`: a 404 means "not available in this version"; any other answer shows the
 * top-level numeric totals it carries (nothing else about its shape is assumed). Replace this file with the real
 * screen once the API is settled.
 */
import { Text } from "@medusajs/ui"
import { useJwoQuery } from "../../lib/jwo-api"
import { humanize } from "../../lib/jwo-format"
import { ErrorNote, Figure, Loading, RefreshButton, Section } from "./common"

/** Top-level numeric totals of the answer (e.g. `count`), without the paging fields. */
function totalsOf(body: unknown): [string, number][] {
  if (!body || typeof body !== "object") return []
  return Object.entries(body as Record<string, unknown>).filter(
    (entry): entry is [string, number] => typeof entry[1] === "number" && entry[0] !== "offset" && entry[0] !== "limit"
  )
}

export const CatalogTab = () => {
  const { data, error, loading, reload } = useJwoQuery<unknown>("/admin/jwo/catalog/stores")
  const totals = totalsOf(data)
  return (
    <Section
      title="Catalog sync"
      subtitle="Products sent to Amazon's catalog, per store."
      actions={<RefreshButton loading={loading} onClick={reload} />}
    >
      {loading && !data && !error && <Loading />}
      {error?.status === 404 && (
        <Text size="small" className="px-6 py-4 text-ui-fg-subtle">
          Catalog sync is not available in this version.
        </Text>
      )}
      {error && error.status !== 404 && <ErrorNote prefix="Could not load the catalog sync" message={error.message} />}
      {!error && data !== undefined && (
        <div className="flex flex-col gap-y-3 px-6 py-4">
          {totals.length > 0 ? (
            <div className="grid grid-cols-2 gap-2 lg:grid-cols-4">
              {totals.map(([key, value]) => (
                <Figure key={key} label={humanize(key)} value={value} />
              ))}
            </div>
          ) : (
            <Text size="small" className="text-ui-fg-subtle">
              The catalog sync API answered, but with no totals to show yet.
            </Text>
          )}
          <Text size="xsmall" className="text-ui-fg-muted">
            Detailed catalog sync screens are coming in a later version.
          </Text>
        </div>
      )}
    </Section>
  )
}
