import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261128125507 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "jwo_shopping_trip" add column if not exists "checkout_attempts" integer not null default 0, add column if not exists "checkout_last_error" text null, add column if not exists "charged_at" timestamptz null, add column if not exists "charged_total" text null, add column if not exists "charged_currency_code" text null;`);

    this.addSql(`alter table if exists "jwo_store" add column if not exists "checkout_check_status" text null, add column if not exists "checkout_check_message" text null, add column if not exists "checkout_checked_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "jwo_shopping_trip" drop column if exists "checkout_attempts", drop column if exists "checkout_last_error", drop column if exists "charged_at", drop column if exists "charged_total", drop column if exists "charged_currency_code";`);

    this.addSql(`alter table if exists "jwo_store" drop column if exists "checkout_check_status", drop column if exists "checkout_check_message", drop column if exists "checkout_checked_at";`);
  }

}
