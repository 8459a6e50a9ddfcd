/**
 * The catalog sync's two bulk statements, shared by the module service and scripts/bench-catalog.js.
 *
 * UPSERT (params: rows JSON, force 0/1, forceSince, store id, store id, sync id): writes one page of mapped variants
 * and decides each row's status in the same statement (see JwoModuleService.upsertCatalogItems).
 * CLAIM (params: upload id, store id, limit): moves up to `limit` pending items of a store into an upload, SKIP LOCKED.
 */
export const UPSERT_CATALOG_ITEMS_SQL = `WITH x AS (
         SELECT * FROM jsonb_to_recordset(?::jsonb)
           AS x(variant_id text, product_id text, sku text, content_hash text, payload jsonb, reasons jsonb, warnings jsonb)
       ),
       decided AS (
         SELECT x.*, CASE
           WHEN x.content_hash IS NULL THEN 'invalid'
           WHEN t.status = 'pending' THEN 'pending'
           WHEN t.sent_hash = x.content_hash AND t.status IN ('uploading', 'accepted', 'rejected')
                AND NOT (? = 1 AND (t.sent_at IS NULL OR t.sent_at < ?::timestamptz)) THEN t.status
           ELSE 'pending' END AS new_status
         FROM x LEFT JOIN jwo_catalog_item t
           ON t.jwo_store_id = ? AND t.variant_id = x.variant_id AND t.deleted_at IS NULL
       )
       INSERT INTO jwo_catalog_item (id, jwo_store_id, variant_id, product_id, sku, status, content_hash, payload, reasons,
                                     warnings, seen_sync_id, created_at, updated_at)
       SELECT 'jwocitem_' || replace(gen_random_uuid()::text, '-', ''), ?, variant_id, product_id, sku, new_status,
              content_hash, payload, reasons, warnings, ?, now(), now()
         FROM decided
       ON CONFLICT (jwo_store_id, variant_id) WHERE deleted_at IS NULL DO UPDATE SET
         product_id = EXCLUDED.product_id,
         sku = EXCLUDED.sku,
         content_hash = EXCLUDED.content_hash,
         payload = EXCLUDED.payload,
         reasons = EXCLUDED.reasons,
         warnings = EXCLUDED.warnings,
         seen_sync_id = COALESCE(EXCLUDED.seen_sync_id, jwo_catalog_item.seen_sync_id),
         status = CASE WHEN EXCLUDED.status IN ('pending', 'invalid') THEN EXCLUDED.status ELSE jwo_catalog_item.status END,
         message = CASE WHEN EXCLUDED.status IN ('pending', 'invalid') AND EXCLUDED.status <> jwo_catalog_item.status
                        THEN NULL ELSE jwo_catalog_item.message END,
         updated_at = now()
       RETURNING variant_id, status`

export const CLAIM_CATALOG_ITEMS_SQL = `UPDATE jwo_catalog_item i SET status = 'uploading', upload_id = ?, sent_hash = i.content_hash, sent_at = now(),
              message = NULL, updated_at = now()
         FROM (SELECT id FROM jwo_catalog_item WHERE jwo_store_id = ? AND status = 'pending' AND deleted_at IS NULL
                ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED) c
        WHERE i.id = c.id RETURNING i.id`
