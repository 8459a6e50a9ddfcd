import { model } from "@medusajs/framework/utils"

/** One step in a trip's history: from which state to which, when, why and by whom. */
export const JwoTripTransition = model
  .define("jwo_trip_transition", {
    id: model.id({ prefix: "jwotripev" }).primaryKey(),
    trip_id: model.text(),
    from_status: model.text().nullable(),
    to_status: model.text(),
    reason: model.text().nullable(),
    /** "system", "amazon" or "staff:<user id>". */
    actor: model.text().default("system"),
    data: model.json().nullable(),
  })
  .indexes([{ on: ["trip_id", "created_at"] }])
