/**
 * The HTTP transport: one undici Agent (connection pool) per client, a hard deadline per call covering connect,
 * headers and body, and a cap on the response size. Throws on failure; classification happens in the caller.
 */
import { Agent, request } from "undici"
import type { HttpAnswer } from "./classify"
import { DeadlineExceededError, ResponseTooLargeError } from "./errors"

export type TransportRequest = {
  method: "GET" | "POST"
  url: URL
  headers: Record<string, string>
  body?: string
  timeoutMs: number
  maxBytes: number
}

export type Transport = {
  send(req: TransportRequest): Promise<HttpAnswer>
  close(): Promise<void>
}

/** Drops the rest of a body (and its connection); the abort error this raises on the stream is expected. */
function discard(body: NodeJS.ReadableStream & { destroy(): void }): void {
  body.on("error", () => undefined)
  body.destroy()
}

export function createTransport(config: { connectTimeoutMs: number; requestTimeoutMs: number }): Transport {
  const agent = new Agent({
    connect: { timeout: config.connectTimeoutMs },
    headersTimeout: config.requestTimeoutMs,
    bodyTimeout: config.requestTimeoutMs,
    connections: 32,
  })

  async function send(req: TransportRequest): Promise<HttpAnswer> {
    const controller = new AbortController()
    const deadline = new DeadlineExceededError(req.timeoutMs)
    const timer = setTimeout(() => controller.abort(deadline), req.timeoutMs)
    try {
      const response = await request(req.url, {
        dispatcher: agent,
        method: req.method,
        headers: req.headers,
        body: req.body === undefined ? undefined : Buffer.from(req.body, "utf8"),
        signal: controller.signal,
        headersTimeout: req.timeoutMs,
        bodyTimeout: req.timeoutMs,
      })
      const declared = Number(response.headers["content-length"])
      if (Number.isFinite(declared) && declared > req.maxBytes) {
        discard(response.body)
        throw new ResponseTooLargeError(req.maxBytes)
      }
      const chunks: Buffer[] = []
      let size = 0
      for await (const chunk of response.body) {
        size += (chunk as Buffer).length
        if (size > req.maxBytes) {
          discard(response.body)
          throw new ResponseTooLargeError(req.maxBytes)
        }
        chunks.push(chunk as Buffer)
      }
      return {
        status: response.statusCode,
        headers: response.headers as Record<string, string | string[] | undefined>,
        text: Buffer.concat(chunks).toString("utf8"),
      }
    } catch (error) {
      // Whatever undici threw when our deadline aborted it (abort reason, socket destroyed...), it is our timeout.
      if (controller.signal.aborted) throw deadline
      throw error
    } finally {
      clearTimeout(timer)
    }
  }

  return {
    send,
    close: () => agent.close(),
  }
}
