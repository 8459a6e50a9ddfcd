import { signedPost, start } from "./helpers"

describe("sandbox signing region", () => {
  it("refuses a request scoped to another region than the endpoint's, when the sandbox is given one", async () => {
    const sandbox = await start({ region: "us-east-1" })
    try {
      const wrong = await signedPost(sandbox.url, "/v1/catalog/getCatalogUploadStatus", { ingestionId: "x" }, { region: "eu-west-1" })
      expect(wrong.status).toBe(403)
      expect(wrong.body.errorMsg).toMatch(/scoped to a valid region/)
      const right = await signedPost(sandbox.url, "/v1/catalog/getCatalogUploadStatus", { ingestionId: "x" }, { region: "us-east-1" })
      expect(right.status).not.toBe(403)
    } finally {
      await sandbox.close()
    }
  })
})
