import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261202175542 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "jwo_catalog_notification" drop constraint if exists "jwo_catalog_notification_message_id_unique";`);
    this.addSql(`create table if not exists "jwo_catalog_notification" ("id" text not null, "message_id" text not null, "sns_message_id" text null, "kind" text check ("kind" in ('notification', 'subscription_confirmation', 'unsubscribe_confirmation', 'malformed')) not null, "outcome" text not null, "ingestion_ids" jsonb null, "upload_ids" jsonb null, "topic_arn" text null, "receive_count" integer not null default 1, "detail" text null, "received_at" timestamptz not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "jwo_catalog_notification_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_jwo_catalog_notification_deleted_at" ON "jwo_catalog_notification" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_jwo_catalog_notification_message_id_unique" ON "jwo_catalog_notification" ("message_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_jwo_catalog_notification_received_at" ON "jwo_catalog_notification" ("received_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_jwo_catalog_notification_kind_received_at" ON "jwo_catalog_notification" ("kind", "received_at") WHERE deleted_at IS NULL;`);

    this.addSql(`alter table if exists "jwo_catalog_upload" add column if not exists "settled_by" text check ("settled_by" in ('notification', 'poll')) null, add column if not exists "notified_at" timestamptz null;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_jwo_catalog_upload_ingestion_id" ON "jwo_catalog_upload" ("ingestion_id") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "jwo_catalog_notification" cascade;`);

    this.addSql(`drop index if exists "IDX_jwo_catalog_upload_ingestion_id";`);
    this.addSql(`alter table if exists "jwo_catalog_upload" drop column if exists "settled_by", drop column if exists "notified_at";`);
  }

}
