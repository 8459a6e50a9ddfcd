import type { ExecArgs } from "@medusajs/framework/types"
import { JWO_MODULE } from "../modules/jwo"
import type JwoModuleService from "../modules/jwo/service"
import { runFullSync, startFullSync, syncUploadFigures } from "../workflows/catalog/sync"

/**
 * Full catalog sync from the command line, in this process, with progress on stdout:
 *
 *   npx medusa exec ./src/scripts/jwo-catalog-sync.ts [--store <jwo store id or Amazon store id>]... [--force] [--wait]
 *   npx medusa exec ./node_modules/medusa-plugin-jwo/.medusa/server/src/scripts/jwo-catalog-sync.js --force
 *
 * Without --store: every enabled JWO store. --force sends every item again. An unfinished sync of the same scope
 * (a previous run was killed) is resumed where it stopped. Uploads go to the plugin's queue and are sent by the
 * server's workers; --wait keeps watching until they are done.
 */
export default async function jwoCatalogSyncCommand({ container, args }: ExecArgs) {
  const jwo = container.resolve<JwoModuleService>(JWO_MODULE)
  const wanted: string[] = []
  let force = false
  let wait = false
  for (let i = 0; i < (args ?? []).length; i++) {
    const arg = args[i]
    if (arg === "--force") force = true
    else if (arg === "--wait") wait = true
    else if (arg === "--store" && args[i + 1]) wanted.push(args[++i])
    else if (arg.startsWith("--store=")) wanted.push(arg.slice("--store=".length))
    else throw new Error(`Unknown argument ${arg}. Usage: jwo-catalog-sync [--store <id>]... [--force] [--wait]`)
  }
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
    console.log("Uploads are sent by the server's workers; follow them at GET /admin/jwo/catalog/uploads (or rerun with --wait).")
    return
  }
  for (;;) {
    const f = await syncUploadFigures(container, sync.id)
    console.log(`uploads in flight ${f.uploads_in_flight}, done ${f.uploads_done}, failed ${f.uploads_failed}; items accepted ${f.items_accepted}, rejected ${f.items_rejected}`)
    if (f.uploads_in_flight === 0) break
    await new Promise((r) => setTimeout(r, 5000))
  }
}
