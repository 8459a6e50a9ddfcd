import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261202105842 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "jwo_shopping_trip" add column if not exists "next_attempt_at" timestamptz null, add column if not exists "lease_owner" text null, add column if not exists "checkout_in_flight_at" timestamptz null;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_jwo_shopping_trip_next_attempt_at" ON "jwo_shopping_trip" ("next_attempt_at") WHERE next_attempt_at IS NOT NULL AND deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "IDX_jwo_shopping_trip_next_attempt_at";`);
    this.addSql(`alter table if exists "jwo_shopping_trip" drop column if exists "next_attempt_at", drop column if exists "lease_owner", drop column if exists "checkout_in_flight_at";`);
  }

}
