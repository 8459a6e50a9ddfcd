export * from "./stores"
export * from "./entry"
export * from "./trips"
export * from "./checkout"
