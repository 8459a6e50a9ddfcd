import type { ExecArgs } from "@medusajs/framework/types"
import { JWO_MODULE } from "../modules/jwo"
import type JwoModuleService from "../modules/jwo/service"
import { runFullSync, startFullSync, syncUploadFigures } from "../workflows/catalog/sync"

/**
 * Full catalog sync from the command line, in this process, with progress on stdout. Medusa's CLI passes a script
 * positional words only (it refuses unknown `--flags`, and drops what follows `--`), so the choices are words or
 * environment variables:
 *
 *   npx medusa exec ./node_modules/medusa-plugin-jwo/.medusa/server/src/scripts/jwo-catalog-sync.js [STORE-ID]... [force] [wait]
 *   JWO_SYNC_STORES=STORE-1,STORE-2 JWO_SYNC_FORCE=true JWO_SYNC_WAIT=true npx medusa exec ./node_modules/.../jwo-catalog-sync.js
 *
 * A store is a JWO store id (`jwostore_...`) or an Amazon store id; `store=<id>` names one whose id is `force` or
 * `wait`. Without a store: every enabled JWO store. `force` sends every item again. An unfinished sync of the same
 * scope (a previous run was killed) is resumed where it stopped. Uploads go to the plugin's queue and are sent by the
 * worker instances; `wait` keeps watching until they are done.
 */
export const CATALOG_SYNC_USAGE =
  "Usage: npx medusa exec <path>/jwo-catalog-sync.js [STORE-ID]... [force] [wait]  (or JWO_SYNC_STORES=a,b JWO_SYNC_FORCE=true JWO_SYNC_WAIT=true)"

export type CatalogSyncArgs = { stores: string[]; force: boolean; wait: boolean }

const truthy = (value: string | undefined) => /^(1|true|yes|on)$/i.test((value ?? "").trim())

/** The command's words (as `medusa exec` passes them) and its environment variables. */
export function parseCatalogSyncArgs(args: readonly unknown[], env: NodeJS.ProcessEnv = process.env): CatalogSyncArgs {
  const stores = (env.JWO_SYNC_STORES ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
  let force = truthy(env.JWO_SYNC_FORCE)
  let wait = truthy(env.JWO_SYNC_WAIT)
  const words = args.map(String)
  for (let i = 0; i < words.length; i++) {
    const word = words[i]
    if (word === "force" || word === "--force") force = true
    else if (word === "wait" || word === "--wait") wait = true
    else if (/^(--)?store=/.test(word)) stores.push(word.slice(word.indexOf("=") + 1))
    else if (word === "--store" && words[i + 1]) stores.push(words[++i])
    else if (word.startsWith("-") || !word.trim()) throw new Error(`Unknown argument ${word}. ${CATALOG_SYNC_USAGE}`)
    else stores.push(word)
  }
  return { stores: stores.filter(Boolean), force, wait }
}

export default async function jwoCatalogSyncCommand({ container, args }: ExecArgs) {
  const jwo = container.resolve<JwoModuleService>(JWO_MODULE)
  const { stores: wanted, force, wait } = parseCatalogSyncArgs(args ?? [])
  let ids: string[] | undefined
  if (wanted.length) {
    const stores = await jwo.listJwoStores({})
    ids = wanted.map((w) => {
      const store = stores.find((s) => s.id === w || s.amazon_store_id === w)
      if (!store) throw new Error(`No JWO store ${w}`)
      return store.id
    })
  }
  const { sync, created, running } = await startFullSync(container, { jwo_store_ids: ids, force, trigger: "command" }, { enqueue: false })
  if (running) {
    console.log(`Sync ${sync.id} is already running in another process; follow it at GET /admin/jwo/catalog/syncs/${sync.id}`)
    return
  }
  console.log(`${created ? "Starting" : "Resuming"} full catalog sync ${sync.id} (${force ? "force" : "changes only"}), ${sync.products_total} products`)
  const started = Date.now()
  const result = await runFullSync(container, sync.id, {
    onProgress: (p) =>
      console.log(
        `[${p.store}] products ${p.products_done}/${p.products_total}, variants ${p.variants_seen}, queued ${p.items_queued}, uploads ${p.uploads_created} (${((Date.now() - started) / 1000).toFixed(1)} s)`
      ),
  })
  const done = await jwo.retrieveJwoCatalogSync(sync.id)
  console.log(
    `Sync ${result.outcome}: ${done.variants_seen} variants seen, ${done.items_queued} queued, ${done.items_unchanged} unchanged, ${done.items_invalid} invalid, ${done.items_removed} removed, ${done.uploads_created} uploads`
  )
  if (!wait) {
    console.log("Uploads are sent by the worker instances; follow them at GET /admin/jwo/catalog/uploads (or run again with the word wait).")
    return
  }
  for (;;) {
    const f = await syncUploadFigures(container, sync.id)
    console.log(`uploads in flight ${f.uploads_in_flight}, done ${f.uploads_done}, failed ${f.uploads_failed}; items accepted ${f.items_accepted}, rejected ${f.items_rejected}`)
    if (f.uploads_in_flight === 0) break
    await new Promise((r) => setTimeout(r, 5000))
  }
}
