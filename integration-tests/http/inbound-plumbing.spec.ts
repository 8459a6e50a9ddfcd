import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { applyTestAppEnv, INBOUND_SECRET, INBOUND_SECRET_NEXT } from "../helpers/env"

jest.setTimeout(60_000)
applyTestAppEnv()

medusaIntegrationTestRunner({
  testSuite: ({ api }) => {
    const send = async (path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) => {
      const response = await fetch(`${api.defaults.baseURL}${path}`, { method: "POST", ...init })
      const text = await response.text()
      return { status: response.status, text, json: text ? JSON.parse(text) : undefined }
    }
    const json = { "content-type": "application/json" }
    const withSecret = (secret = INBOUND_SECRET) => ({ ...json, "x-jwo-connector-secret": secret })

    it("refuses a request without the connector secret with 401 in Amazon's shape", async () => {
      const response = await send("/jwo/v1/anything", { headers: json, body: "{}" })
      expect(response.status).toBe(401)
      expect(response.json).toEqual({ errorMsg: "Unauthorized" })
    })

    it("refuses a wrong secret, and a secret that only shares a prefix with the right one", async () => {
      for (const secret of ["wrong", INBOUND_SECRET.slice(0, -1), `${INBOUND_SECRET}x`, ""]) {
        const response = await send("/jwo/v1/anything", { headers: withSecret(secret), body: "{}" })
        expect(response.status).toBe(401)
        expect(response.json).toEqual({ errorMsg: "Unauthorized" })
      }
    })

    it("accepts every configured secret (rotation) and then answers an unknown path with 404 in Amazon's shape", async () => {
      for (const secret of [INBOUND_SECRET, INBOUND_SECRET_NEXT]) {
        const response = await send("/jwo/v1/anything", { headers: withSecret(secret), body: "{}" })
        expect(response.status).toBe(404)
        expect(response.json).toEqual({ errorMsg: "No such resource: POST /jwo/v1/anything" })
      }
      const nested = await send("/jwo/v1/order/purchases/extra", { headers: withSecret(), body: "{}" })
      expect(nested.status).toBe(404)
      expect(Object.keys(nested.json)).toEqual(["errorMsg"])
    })

    it("answers malformed JSON, a wrong content type and an oversized body in Amazon's shape", async () => {
      let response = await send("/jwo/v1/anything", { headers: withSecret(), body: '{"requestId": ' })
      expect(response.status).toBe(400)
      expect(response.json).toEqual({ errorMsg: "Request body is not valid JSON" })

      response = await send("/jwo/v1/anything", {
        headers: { ...withSecret(), "content-type": "text/plain" },
        body: "{}",
      })
      expect(response.status).toBe(400)
      expect(response.json).toEqual({ errorMsg: "Content-Type must be application/json" })

      const big = JSON.stringify({ pad: "x".repeat(1024 * 1024) })
      response = await send("/jwo/v1/anything", { headers: withSecret(), body: big })
      expect(response.status).toBe(413)
      expect(response.json).toEqual({ errorMsg: "Request body is larger than 1048576 bytes" })

      // Checked before the body: no secret, no parsing.
      response = await send("/jwo/v1/anything", { headers: json, body: '{"broken' })
      expect(response.status).toBe(401)
    })

    it("never echoes the secret", async () => {
      const response = await send("/jwo/v1/anything", { headers: withSecret("wrong-secret-value-123"), body: "{}" })
      expect(response.text).not.toContain("wrong-secret-value-123")
    })

    it("leaves Medusa's own routes to Medusa's error handling", async () => {
      const store = await fetch(`${api.defaults.baseURL}/store/products`)
      expect(store.status).toBe(400)
      expect(await store.json()).toMatchObject({ type: "not_allowed", message: expect.stringContaining("publishable") })
      const admin = await fetch(`${api.defaults.baseURL}/admin/jwo/stores`)
      expect(admin.status).toBe(401)
      expect(await admin.json()).toEqual({ message: "Unauthorized" })
      const malformedAdmin = await fetch(`${api.defaults.baseURL}/admin/jwo/stores`, {
        method: "POST",
        headers: json,
        body: "{not json",
      })
      expect(malformedAdmin.status).toBe(400)
      expect(await malformedAdmin.json()).not.toHaveProperty("errorMsg")
      const health = await fetch(`${api.defaults.baseURL}/health`)
      expect(health.status).toBe(200)
    })
  },
})
