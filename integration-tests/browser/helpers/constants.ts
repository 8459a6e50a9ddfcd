/** The admin user the browser suite logs in as (made by ../seed.ts). */
export const BROWSER_ADMIN = { email: "staff@jwo.test", password: "jwo-browser-test-password", first_name: "Robin", last_name: "Staff" }
