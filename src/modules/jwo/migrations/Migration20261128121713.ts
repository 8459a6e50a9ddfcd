import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261128121713 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "jwo_recognition_record" drop constraint if exists "jwo_recognition_record_token_hash_unique";`);
    this.addSql(`alter table if exists "jwo_entry_decision" drop constraint if exists "jwo_entry_decision_auth_event_id_unique";`);
    this.addSql(`alter table if exists "jwo_customer_block" drop constraint if exists "jwo_customer_block_customer_id_unique";`);
    this.addSql(`create table if not exists "jwo_customer_block" ("id" text not null, "customer_id" text not null, "reason" text null, "blocked_by" text null, "unblocked_by" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "jwo_customer_block_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_jwo_customer_block_deleted_at" ON "jwo_customer_block" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_jwo_customer_block_customer_id_unique" ON "jwo_customer_block" ("customer_id") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "jwo_entry_decision" ("id" text not null, "auth_event_id" text not null, "request_id" text not null, "jwo_store_id" text not null, "amazon_store_id" text not null, "location" text not null, "key_channel" text null, "event_time" timestamptz not null, "result" text check ("result" in ('accepted', 'rejected')) not null, "reason" text null, "customer_id" text null, "recognition_record_id" text null, "visitor_id" text null, "visitor_type" text null, "connectivity_test" boolean not null default false, "response_status" integer not null, "response_body" jsonb not null, "duration_ms" integer null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "jwo_entry_decision_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_jwo_entry_decision_deleted_at" ON "jwo_entry_decision" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_jwo_entry_decision_auth_event_id_unique" ON "jwo_entry_decision" ("auth_event_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_jwo_entry_decision_jwo_store_id_created_at" ON "jwo_entry_decision" ("jwo_store_id", "created_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_jwo_entry_decision_result_created_at" ON "jwo_entry_decision" ("result", "created_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_jwo_entry_decision_customer_id" ON "jwo_entry_decision" ("customer_id") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "jwo_recognition_record" ("id" text not null, "customer_id" text not null, "token_hash" text not null, "status" text check ("status" in ('active', 'revoked')) not null default 'active', "visitor_type" text not null default 'SHOPPER', "device_name" text null, "last_issued_at" timestamptz null, "last_used_at" timestamptz null, "revoked_at" timestamptz null, "revoked_by" text null, "metadata" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "jwo_recognition_record_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_jwo_recognition_record_deleted_at" ON "jwo_recognition_record" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_jwo_recognition_record_token_hash_unique" ON "jwo_recognition_record" ("token_hash") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_jwo_recognition_record_customer_id_status" ON "jwo_recognition_record" ("customer_id", "status") WHERE deleted_at IS NULL;`);

    this.addSql(`alter table if exists "jwo_store" add column if not exists "connectivity_test_enabled" boolean not null default false, add column if not exists "connectivity_test_keys" text[] null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "jwo_customer_block" cascade;`);

    this.addSql(`drop table if exists "jwo_entry_decision" cascade;`);

    this.addSql(`drop table if exists "jwo_recognition_record" cascade;`);

    this.addSql(`alter table if exists "jwo_store" drop column if exists "connectivity_test_enabled", drop column if exists "connectivity_test_keys";`);
  }

}
