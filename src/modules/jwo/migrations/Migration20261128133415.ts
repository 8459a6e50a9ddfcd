import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261128133415 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "jwo_catalog_item" drop constraint if exists "jwo_catalog_item_jwo_store_id_variant_id_unique";`);
    this.addSql(`create table if not exists "jwo_catalog_item" ("id" text not null, "jwo_store_id" text not null, "variant_id" text not null, "product_id" text not null, "sku" text null, "status" text check ("status" in ('pending', 'uploading', 'accepted', 'rejected', 'invalid', 'removed')) not null default 'pending', "content_hash" text null, "payload" jsonb null, "reasons" jsonb null, "warnings" jsonb null, "message" text null, "sent_hash" text null, "sent_at" timestamptz null, "upload_id" text null, "failed_uploads" integer not null default 0, "seen_sync_id" text null, "result_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "jwo_catalog_item_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_jwo_catalog_item_deleted_at" ON "jwo_catalog_item" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_jwo_catalog_item_jwo_store_id_variant_id_unique" ON "jwo_catalog_item" ("jwo_store_id", "variant_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_jwo_catalog_item_jwo_store_id_status" ON "jwo_catalog_item" ("jwo_store_id", "status") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_jwo_catalog_item_upload_id" ON "jwo_catalog_item" ("upload_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_jwo_catalog_item_product_id" ON "jwo_catalog_item" ("product_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_jwo_catalog_item_variant_id" ON "jwo_catalog_item" ("variant_id") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "jwo_catalog_sync" ("id" text not null, "scope" text not null, "store_ids" jsonb not null, "force" boolean not null default false, "trigger" text not null default 'admin', "status" text check ("status" in ('running', 'completed', 'failed', 'cancelled')) not null default 'running', "store_index" integer not null default 0, "cursor" text null, "products_total" integer not null default 0, "products_done" integer not null default 0, "variants_seen" integer not null default 0, "items_queued" integer not null default 0, "items_unchanged" integer not null default 0, "items_invalid" integer not null default 0, "items_removed" integer not null default 0, "uploads_created" integer not null default 0, "lease_token" text null, "lease_until" timestamptz null, "runs" integer not null default 0, "error" text null, "started_at" timestamptz not null, "finished_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "jwo_catalog_sync_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_jwo_catalog_sync_deleted_at" ON "jwo_catalog_sync" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_jwo_catalog_sync_status" ON "jwo_catalog_sync" ("status") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "jwo_catalog_upload" ("id" text not null, "jwo_store_id" text not null, "amazon_store_id" text not null, "sync_id" text null, "status" text check ("status" in ('queued', 'submitted', 'done', 'rejected', 'failed', 'cancelled', 'empty')) not null default 'queued', "ingestion_id" text null, "processing_status" text null, "item_count" integer not null default 0, "attempts" integer not null default 0, "polls" integer not null default 0, "next_action_at" timestamptz null, "last_error" text null, "report_summary" jsonb null, "submitted_at" timestamptz null, "completed_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "jwo_catalog_upload_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_jwo_catalog_upload_deleted_at" ON "jwo_catalog_upload" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_jwo_catalog_upload_jwo_store_id_created_at" ON "jwo_catalog_upload" ("jwo_store_id", "created_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_jwo_catalog_upload_status" ON "jwo_catalog_upload" ("status") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_jwo_catalog_upload_sync_id" ON "jwo_catalog_upload" ("sync_id") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "jwo_catalog_item" cascade;`);

    this.addSql(`drop table if exists "jwo_catalog_sync" cascade;`);

    this.addSql(`drop table if exists "jwo_catalog_upload" cascade;`);
  }

}
