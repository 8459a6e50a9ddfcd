import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261128123819 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "jwo_shopping_trip" drop constraint if exists "jwo_shopping_trip_idempotent_shopping_trip_id_unique";`);
    this.addSql(`create table if not exists "jwo_shopping_trip" ("id" text not null, "idempotent_shopping_trip_id" text not null, "request_id" text not null, "jwo_store_id" text not null, "amazon_store_id" text not null, "status" text check ("status" in ('received', 'empty', 'pricing', 'needs_attention', 'order_placed', 'checkout_pending', 'checkout_rejected', 'charged', 'not_charged', 'resolved')) not null default 'received', "status_reason" text null, "status_changed_at" timestamptz not null, "cart" jsonb not null, "cart_fingerprint" text not null, "item_count" integer not null, "start_time" timestamptz not null, "end_time" timestamptz not null, "entry_type" text null, "visitor_id" text null, "visitor_type" text null, "customer_id" text null, "group_size" integer not null default 1, "charge" boolean not null default true, "line_resolution" jsonb null, "priced_lines" jsonb null, "stock_gaps" jsonb null, "checkout_payload" jsonb null, "cart_id" text null, "order_id" text null, "amazon_order_id" text null, "attempts" integer not null default 0, "last_error" text null, "lease_token" text null, "lease_until" timestamptz null, "metadata" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "jwo_shopping_trip_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_jwo_shopping_trip_deleted_at" ON "jwo_shopping_trip" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_jwo_shopping_trip_idempotent_shopping_trip_id_unique" ON "jwo_shopping_trip" ("idempotent_shopping_trip_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_jwo_shopping_trip_jwo_store_id_created_at" ON "jwo_shopping_trip" ("jwo_store_id", "created_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_jwo_shopping_trip_status_status_changed_at" ON "jwo_shopping_trip" ("status", "status_changed_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_jwo_shopping_trip_customer_id" ON "jwo_shopping_trip" ("customer_id") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "jwo_trip_transition" ("id" text not null, "trip_id" text not null, "from_status" text null, "to_status" text not null, "reason" text null, "actor" text not null default 'system', "data" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "jwo_trip_transition_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_jwo_trip_transition_deleted_at" ON "jwo_trip_transition" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_jwo_trip_transition_trip_id_created_at" ON "jwo_trip_transition" ("trip_id", "created_at") WHERE deleted_at IS NULL;`);

    this.addSql(`alter table if exists "jwo_store" add column if not exists "checkout_pricing_mode" text check ("checkout_pricing_mode" in ('line', 'unit')) not null default 'line', add column if not exists "checkout_use_test_host" boolean not null default false;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "jwo_shopping_trip" cascade;`);

    this.addSql(`drop table if exists "jwo_trip_transition" cascade;`);

    this.addSql(`alter table if exists "jwo_store" drop column if exists "checkout_pricing_mode", drop column if exists "checkout_use_test_host";`);
  }

}
