export * from "./workflows/entry-workflows"
