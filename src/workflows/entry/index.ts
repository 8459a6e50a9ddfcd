export * from "./workflows/verify-identity-key"
export * from "./workflows/entry-workflows"
