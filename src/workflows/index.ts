export * from "./stores"
export * from "./entry"
