import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261128044044 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "jwo_store" drop constraint if exists "jwo_store_amazon_store_id_unique";`);
    this.addSql(`create table if not exists "jwo_store" ("id" text not null, "amazon_store_id" text not null, "name" text not null, "sales_channel_id" text not null, "region_id" text not null, "stock_location_id" text null, "address_country_code" text not null, "address_province" text null, "address_city" text null, "address_postal_code" text null, "address_line_1" text null, "enabled" boolean not null default true, "metadata" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "jwo_store_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_jwo_store_deleted_at" ON "jwo_store" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_jwo_store_amazon_store_id_unique" ON "jwo_store" ("amazon_store_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_jwo_store_sales_channel_id" ON "jwo_store" ("sales_channel_id") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "jwo_store" cascade;`);
  }

}
