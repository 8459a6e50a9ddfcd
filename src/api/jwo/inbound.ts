import { createHash, timingSafeEqual } from "node:crypto"
import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import type { z } from "@medusajs/framework/zod"
import { JWO_MODULE } from "../../modules/jwo"
import type JwoModuleService from "../../modules/jwo/service"

/**
 * Everything Amazon's gateways call lives under /jwo/v1 (Medusa gives routes outside /admin and /store no auth,
 * so the plugin authenticates them itself) and every answer, success or error, is in Amazon's shape.
 */

/** Largest request body accepted from Amazon's gateways. */
export const INBOUND_BODY_LIMIT_BYTES = 1024 * 1024

/**
 * The connector routes that exist, with their method. A path not listed here gets Amazon's 404 before any work;
 * `inbound-routes.unit.spec.ts` keeps this list and the route files in step.
 */
export const INBOUND_ROUTES: Record<string, "POST"> = {
  "/jwo/v1/identity/identity-keys": "POST",
  "/jwo/v1/order/purchases": "POST",
}

export type AmazonFieldError = { path: string; message: string }

export function sendAmazonError(res: MedusaResponse, status: number, errorMsg: string, errors?: AmazonFieldError[]) {
  res.status(status).json(errors?.length ? { errorMsg, errors } : { errorMsg })
}

/** At most this many broken fields are listed in a 400 (a 1 MB body can break a field rule tens of thousands of times). */
export const MAX_FIELD_ERRORS = 100

/**
 * Checks a connector body against its contract schema. On failure answers 400 in Amazon's shape, naming the broken
 * fields (`errors: [{path, message}]`, the first MAX_FIELD_ERRORS), and returns undefined; the handler then stops.
 */
export function parseAmazonBody<T extends z.ZodTypeAny>(
  req: MedusaRequest,
  res: MedusaResponse,
  schema: T
): z.output<T> | undefined {
  const result = schema.safeParse(req.body)
  if (result.success) return result.data
  const errors = result.error.issues.slice(0, MAX_FIELD_ERRORS).map((issue) => ({
    path: issue.path.map(String).join("."),
    message: issue.message,
  }))
  const first = errors[0]
  sendAmazonError(res, 400, first.path ? `${first.path}: ${first.message}` : first.message, errors)
  return undefined
}

/** True when `presented` equals any accepted secret; every secret is compared, in constant time. */
export function matchesAnySecret(presented: string | undefined, accepted: string[]): boolean {
  const digest = (value: string) => createHash("sha256").update(value, "utf8").digest()
  const presentedDigest = digest(presented ?? "")
  let matched = false
  for (const secret of accepted) {
    matched = timingSafeEqual(presentedDigest, digest(secret)) || matched
  }
  return Boolean(presented) && matched
}

class InboundError extends Error {
  constructor(readonly status: number, message: string) {
    super(message)
  }
}

function readBody(req: MedusaRequest, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"])
    if (Number.isFinite(declared) && declared > limit) {
      req.resume()
      return reject(new InboundError(413, `Request body is larger than ${limit} bytes`))
    }
    const chunks: Buffer[] = []
    let size = 0
    req.on("data", (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        chunks.length = 0
        req.removeAllListeners("data")
        req.resume()
        reject(new InboundError(413, `Request body is larger than ${limit} bytes`))
        return
      }
      chunks.push(chunk)
    })
    req.on("end", () => resolve(Buffer.concat(chunks)))
    req.on("error", () => reject(new InboundError(400, "Request body could not be read")))
  })
}

/**
 * The one middleware in front of every /jwo/v1 route, in this order: inbound authentication (401); for a request
 * with a body, JSON content type (400), size (413), UTF-8 (400) and well-formed JSON (400); then known route (404), method
 * (405) and a non-empty body (400). Medusa's body parser is off for these paths, so the raw body is read here and
 * kept as `req.rawBody`.
 */
export async function jwoInboundGuard(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  const { inboundAuth } = req.scope.resolve<JwoModuleService>(JWO_MODULE).getOptions()
  if (!inboundAuth.allowUnauthenticated) {
    const presented = req.headers[inboundAuth.headerName]
    if (!matchesAnySecret(Array.isArray(presented) ? presented[0] : presented, inboundAuth.secrets)) {
      return sendAmazonError(res, 401, "Unauthorized")
    }
  }

  let raw: Buffer = Buffer.alloc(0)
  if (!["GET", "HEAD", "OPTIONS", "DELETE"].includes(req.method)) {
    const contentType = String(req.headers["content-type"] ?? "")
    if (!/^application\/json\s*(;|$)/i.test(contentType)) {
      return sendAmazonError(res, 400, "Content-Type must be application/json")
    }
    try {
      raw = await readBody(req, INBOUND_BODY_LIMIT_BYTES)
    } catch (error) {
      const status = error instanceof InboundError ? error.status : 400
      return sendAmazonError(res, status, (error as Error).message)
    }
    let text: string
    try {
      // JSON is UTF-8 (RFC 8259): bytes that are not are refused, not silently replaced by U+FFFD.
      text = new TextDecoder("utf-8", { fatal: true }).decode(raw)
    } catch {
      return sendAmazonError(res, 400, "Request body is not valid UTF-8")
    }
    if (text.trim()) {
      try {
        req.body = JSON.parse(text)
      } catch {
        return sendAmazonError(res, 400, "Request body is not valid JSON")
      }
    }
  }

  const path = req.originalUrl.split("?")[0].replace(/\/+$/, "")
  const method = INBOUND_ROUTES[path]
  if (!method) {
    return sendAmazonError(res, 404, `No such resource: ${req.method} ${path}`)
  }
  if (req.method !== method) {
    res.setHeader("Allow", method)
    return sendAmazonError(res, 405, `Method ${req.method} is not allowed on ${path}; use ${method}`)
  }
  if (req.body === undefined) {
    return sendAmazonError(res, 400, "Request body is empty")
  }
  ;(req as MedusaRequest & { rawBody: Buffer }).rawBody = raw
  next()
}

/**
 * Runs a connector handler and answers any error in Amazon's shape: Medusa's data errors keep their status, anything
 * unexpected is logged and answered 500 without detail.
 */
export async function answerInAmazonShape(
  req: MedusaRequest,
  res: MedusaResponse,
  handler: () => Promise<void>
): Promise<void> {
  try {
    await handler()
  } catch (error) {
    const status = amazonStatusFor(error)
    if (status === 500) {
      req.scope.resolve("logger").error(`medusa-plugin-jwo: ${req.method} ${req.path} failed: ${(error as Error).stack}`)
      return sendAmazonError(res, 500, "Internal error")
    }
    sendAmazonError(res, status, (error as Error).message)
  }
}

function amazonStatusFor(error: unknown): number {
  if (!MedusaError.isMedusaError(error)) return 500
  switch ((error as MedusaError).type) {
    case MedusaError.Types.INVALID_DATA:
    case MedusaError.Types.NOT_ALLOWED:
      return 400
    case MedusaError.Types.UNAUTHORIZED:
      return 401
    case MedusaError.Types.NOT_FOUND:
      return 404
    case MedusaError.Types.CONFLICT:
      return 409
    default:
      return 500
  }
}
