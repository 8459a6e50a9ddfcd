/**
 * The plugin's shared types: enums, admin API request and answer shapes. Dependency-free, so the admin bundle, the
 * API routes and the sandbox import it alike; nothing copies it.
 */
export * from "./common"
export * from "./trips"
export * from "./stores"
export * from "./entries"
export * from "./customers"
export * from "./catalog"
export * from "./stats"
export * from "./alerts"
export * from "./explanations"
