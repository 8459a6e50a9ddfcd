#!/usr/bin/env node
/**
 * Catalog sync benchmark: how long building the catalog and handing it to the queue takes for 10,000 and 100,000
 * variants, and the process's peak memory.
 *
 *   node scripts/bench-catalog.js [--sizes 10000,100000] [--page 2000] [--out /tmp/bench-catalog.json]
 *
 * What is measured is the plugin's own path of a full sync, page by page, never holding the catalog whole:
 * variant pages shaped like Medusa's query.graph answer are generated (the Medusa read itself is not measured) →
 * mapVariantToCatalogItem + catalogItemHash → the module's upsert statement (UPSERT_CATALOG_ITEMS_SQL, real
 * PostgreSQL, the real jwo_catalog_item table from the module's migrations) → every 10,000 pending items the claim
 * statement (CLAIM_CATALOG_ITEMS_SQL) and one job on a real bull queue (Redis), as flushStore does.
 * A second pass over the same catalog measures the "nothing changed" compare.
 *
 * Needs PostgreSQL (DB_HOST/DB_PORT/DB_USERNAME/DB_PASSWORD, default localhost:5432 postgres) and Redis
 * (REDIS_URL, default redis://localhost:6379). Creates and drops a scratch database.
 * Target: 100,000 variants in under 60 s, memory growth (peak RSS − RSS at start) under 300 MB.
 */
require("ts-node").register({ transpileOnly: true, compilerOptions: { module: "commonjs" } })
const fs = require("node:fs")
const path = require("node:path")
const { randomUUID } = require("node:crypto")
const { Client } = require("pg")
const Bull = require("bull")
const { mapVariantToCatalogItem, catalogItemHash, gs1CheckDigit } = require("../src/modules/jwo/catalog-item")
const { UPSERT_CATALOG_ITEMS_SQL, CLAIM_CATALOG_ITEMS_SQL } = require("../src/modules/jwo/catalog-sql")

const TARGET_MS = 60_000
const TARGET_GROWTH_MB = 300
const MAX_PER_UPLOAD = 10_000

function args() {
  const out = { sizes: [10_000, 100_000], page: 2000, out: null }
  const a = process.argv.slice(2)
  for (let i = 0; i < a.length; i++) {
    if (a[i] === "--sizes") out.sizes = a[++i].split(",").map(Number)
    else if (a[i] === "--page") out.page = Number(a[++i])
    else if (a[i] === "--out") out.out = a[++i]
  }
  return out
}

/** knex-style ? placeholders → $1, $2 … */
function pgSql(sql) {
  let n = 0
  return sql.replace(/\?/g, () => `$${++n}`)
}

async function migrate(client) {
  const dir = path.join(__dirname, "..", "src", "modules", "jwo", "migrations")
  for (const file of fs.readdirSync(dir).filter((f) => /^Migration\d+\.ts$/.test(f)).sort()) {
    const mod = require(path.join(dir, file))
    const Klass = Object.values(mod)[0]
    const statements = []
    const m = Object.create(Klass.prototype)
    m.addSql = (sql) => statements.push(sql)
    await m.up.call(m)
    for (const sql of statements) await client.query(sql)
  }
}

function* variantPages(total, pageSize, offset) {
  for (let start = 0; start < total; start += pageSize) {
    const page = []
    for (let i = start; i < Math.min(total, start + pageSize); i++) {
      const n = offset + i
      const body = String(300000000000 + n).padStart(12, "0")
      page.push({
        product: { id: `prod_${Math.floor(n / 10)}`, title: `Benchmark product ${Math.floor(n / 10)}`, categories: [{ name: "Snacks", parent_category: { name: "Food" } }], metadata: { brand: "Bench" } },
        variant: { id: `variant_${n}`, sku: `BENCH-${n}`, barcode: body + gs1CheckDigit(body), title: `Size ${n % 10}`, metadata: null },
        price: `${1 + (n % 50)}.${String(n % 100).padStart(2, "0")}`,
      })
    }
    yield page
  }
}

async function run(client, queue, total, pageSize) {
  const storeId = `jwostore_bench_${randomUUID().slice(0, 8)}`
  const amazonStoreId = "BENCH-STORE-1"
  const rssStart = process.memoryUsage().rss
  let peak = rssStart
  const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20)
  const pass = async (label) => {
    const started = performance.now()
    let pending = 0
    let uploads = 0
    let queued = 0
    const flush = async (onlyFull) => {
      while (pending >= MAX_PER_UPLOAD || (!onlyFull && pending > 0)) {
        const uploadId = `jwocupl_bench_${randomUUID()}`
        const claimed = await client.query(pgSql(CLAIM_CATALOG_ITEMS_SQL), [uploadId, storeId, MAX_PER_UPLOAD])
        if (!claimed.rowCount) break
        await queue.add({ kind: "upload", upload_id: uploadId }, { jobId: `bench-${uploadId}`, removeOnComplete: true })
        pending -= claimed.rowCount
        uploads++
      }
    }
    for (const page of variantPages(total, pageSize, 0)) {
      const rows = page.map(({ product, variant, price }) => {
        const r = mapVariantToCatalogItem({ storeId: amazonStoreId, currencyCode: "usd", variant, product, price })
        return {
          variant_id: variant.id,
          product_id: product.id,
          sku: r.ok ? r.item.item_sku : null,
          content_hash: r.ok ? catalogItemHash(r.item) : null,
          payload: r.ok ? r.item : null,
          reasons: r.ok ? null : r.reasons,
          warnings: r.warnings.length ? r.warnings : null,
        }
      })
      const res = await client.query(pgSql(UPSERT_CATALOG_ITEMS_SQL), [JSON.stringify(rows), 0, new Date(0), storeId, storeId, null])
      const now = res.rows.filter((x) => x.status === "pending").length
      pending += now
      queued += now
      await flush(true)
    }
    await flush(false)
    const ms = Math.round(performance.now() - started)
    return { pass: label, ms, queued, uploads, variants_per_s: Math.round((total / ms) * 1000) }
  }
  const first = await pass("first (all new)")
  // What Amazon's report would do: mark everything accepted, then compare again.
  await client.query(`UPDATE jwo_catalog_item SET status = 'accepted' WHERE jwo_store_id = $1`, [storeId])
  const second = await pass("second (unchanged)")
  clearInterval(sample)
  peak = Math.max(peak, process.memoryUsage().rss)
  const growthMb = Math.round((peak - rssStart) / 1024 / 1024)
  return {
    variants: total,
    page_size: pageSize,
    passes: [first, second],
    rss_start_mb: Math.round(rssStart / 1024 / 1024),
    rss_peak_mb: Math.round(peak / 1024 / 1024),
    growth_mb: growthMb,
    within_target: first.ms < TARGET_MS && growthMb < TARGET_GROWTH_MB,
  }
}

async function main() {
  const opts = args()
  const conn = { host: process.env.DB_HOST || "localhost", port: Number(process.env.DB_PORT || 5432), user: process.env.DB_USERNAME || "postgres", password: process.env.DB_PASSWORD || undefined }
  const dbName = `jwo_bench_catalog_${process.pid}`
  const admin = new Client({ ...conn, database: "postgres" })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${dbName}`)
  const client = new Client({ ...conn, database: dbName })
  await client.connect()
  const queue = new Bull(`jwo-bench-catalog-${process.pid}`, process.env.REDIS_URL || "redis://localhost:6379", { prefix: "jwo-bench" })
  const results = []
  try {
    await migrate(client)
    for (const size of opts.sizes) {
      const r = await run(client, queue, size, opts.page)
      results.push(r)
      for (const p of r.passes) console.log(`[bench-catalog] ${size} variants, ${p.pass}: ${p.ms} ms (${p.variants_per_s}/s), ${p.queued} queued in ${p.uploads} uploads`)
      console.log(`[bench-catalog] ${size} variants: peak RSS ${r.rss_peak_mb} MB (start ${r.rss_start_mb} MB, growth ${r.growth_mb} MB) ${r.within_target ? "— within target" : "— OVER TARGET"}`)
    }
  } finally {
    await queue.obliterate({ force: true }).catch(() => undefined)
    await queue.close()
    await client.end()
    await admin.query(`DROP DATABASE IF EXISTS ${dbName}`)
    await admin.end()
  }
  const report = { node: process.version, when: new Date().toISOString(), target: { ms: TARGET_MS, growth_mb: TARGET_GROWTH_MB }, results }
  if (opts.out) fs.writeFileSync(opts.out, JSON.stringify(report, null, 2))
  process.exit(results.every((r) => r.within_target) ? 0 : 3)
}

main().catch((error) => {
  console.error(`[bench-catalog] ${error.stack || error}`)
  process.exit(1)
})
