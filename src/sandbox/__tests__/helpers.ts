/**
 * Test helpers: requests are signed with `aws4`, the package the plugin signs with, so every signed test
 * cross-checks the plugin's signer against the sandbox's independent verifier.
 */
import aws4 from "aws4"
import { request } from "undici"
import type { Sandbox, StartSandboxOptions } from "../server"
import { startSandbox } from "../server"

export const CREDENTIAL = {
  accessKeyId: "AKIATESTSANDBOX00001",
  secretAccessKey: "test-secret-access-key-000000000000001",
}

export type HttpResult = { status: number; body: any; headers: Record<string, string | string[] | undefined> }

export type SignOptions = {
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }
  region?: string
  service?: string
  /** Extra headers to sign (e.g. a fixed X-Amz-Date). */
  headers?: Record<string, string>
  /** Change the signed request before it is sent (tampering tests). */
  tamper?: (req: { path: string; headers: Record<string, string>; body: string }) => void
  /** Client-side deadline (an abort signal: undici's own timers are too coarse for short test timeouts). */
  timeoutMs?: number
}

export function start(options: Partial<StartSandboxOptions> = {}): Promise<Sandbox> {
  return startSandbox({ port: 0, credentials: [CREDENTIAL], ...options })
}

async function read(res: Awaited<ReturnType<typeof request>>): Promise<HttpResult> {
  const text = await res.body.text()
  let body: unknown = text
  try {
    body = text ? JSON.parse(text) : undefined
  } catch {
    // keep text
  }
  return { status: res.statusCode, body, headers: res.headers }
}

/** POSTs `payload` (JSON-encoded unless it is a string) to the sandbox, signed with SigV4 by aws4. */
export async function signedPost(baseUrl: string, path: string, payload: unknown, options: SignOptions = {}): Promise<HttpResult> {
  const url = new URL(baseUrl)
  const body = typeof payload === "string" ? payload : JSON.stringify(payload)
  const signed = aws4.sign(
    {
      host: url.hostname,
      port: Number(url.port),
      path,
      method: "POST",
      body,
      service: options.service ?? "execute-api",
      region: options.region ?? "us-east-1",
      headers: { "content-type": "application/json", ...options.headers },
    },
    options.credentials ?? CREDENTIAL
  )
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(signed.headers ?? {})) headers[name] = String(value)
  const req = { path: signed.path ?? path, headers, body }
  options.tamper?.(req)
  for (const name of Object.keys(req.headers)) {
    if (name.toLowerCase() === "content-length") req.headers[name] = String(Buffer.byteLength(req.body))
  }
  const res = await request(`${baseUrl}${req.path}`, {
    method: "POST",
    headers: req.headers,
    body: req.body,
    ...(options.timeoutMs ? { signal: AbortSignal.timeout(options.timeoutMs) } : {}),
  })
  return read(res)
}

/** A plain (unsigned) JSON request, for the control API and the report links. */
export async function plain(
  method: "GET" | "POST" | "DELETE",
  url: string,
  payload?: unknown,
  headers: Record<string, string> = {}
): Promise<HttpResult> {
  const res = await request(url, {
    method,
    headers: { ...(payload !== undefined ? { "content-type": "application/json" } : {}), ...headers },
    ...(payload !== undefined ? { body: typeof payload === "string" ? payload : JSON.stringify(payload) } : {}),
  })
  return read(res)
}

/** A settable clock for the sandbox (`now` option). */
export function clock(start = Date.now()) {
  let t = start
  return {
    now: () => t,
    advance(ms: number) {
      t += ms
    },
  }
}
