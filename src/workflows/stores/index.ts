export * from "./workflows/create-store"
export * from "./workflows/update-store"
export * from "./workflows/delete-store"
