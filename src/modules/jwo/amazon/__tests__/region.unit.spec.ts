import { checkoutBaseUrlFor, endpointKind, signingRegionFor } from "../sign"

describe("signingRegionFor", () => {
  it.each([
    ["https://us-east-1.checkout.amazonphysicalstores.com/v1", undefined, "us-east-1"],
    ["https://us-east-1.test.checkout.amazonphysicalstores.com/v1", undefined, "us-east-1"],
    ["https://eu-west-2.catalog.amazonphysicalstores.com", undefined, "eu-west-2"],
    ["https://ap-southeast-1.checkout.amazonphysicalstores.com", undefined, "ap-southeast-1"],
    ["https://us-gov-west-1.checkout.amazonphysicalstores.com", undefined, "us-gov-west-1"],
    ["http://localhost:9000/v1", undefined, "us-east-1"],
    ["http://127.0.0.1:9000", undefined, "us-east-1"],
    ["http://[::1]:9000", undefined, "us-east-1"],
    // A configured region always wins.
    ["https://us-east-1.checkout.amazonphysicalstores.com/v1", "eu-central-1", "eu-central-1"],
    ["https://catalog.example.com/v1", "us-west-2", "us-west-2"],
    ["http://localhost:9000", "eu-west-1", "eu-west-1"],
  ])("%s (region %s) signs for %s", (endpoint, configured, expected) => {
    expect(signingRegionFor(endpoint, configured)).toBe(expected)
  })

  it("refuses to guess when the host does not start with a region", () => {
    expect(() => signingRegionFor("https://catalog.example.com/v1")).toThrow(/amazon\.region/)
    expect(() => signingRegionFor("https://checkout.us-east-1.example.com")).toThrow(/amazon\.region/)
  })
})

describe("checkoutBaseUrlFor", () => {
  it.each([
    [
      "https://us-east-1.checkout.amazonphysicalstores.com/v1",
      true,
      "https://us-east-1.test.checkout.amazonphysicalstores.com/v1",
    ],
    [
      "https://eu-west-1.checkout.amazonphysicalstores.com/v1/",
      true,
      "https://eu-west-1.test.checkout.amazonphysicalstores.com/v1",
    ],
    [
      "https://us-east-1.test.checkout.amazonphysicalstores.com/v1",
      true,
      "https://us-east-1.test.checkout.amazonphysicalstores.com/v1",
    ],
    ["http://localhost:9000/v1", true, "http://localhost:9000/v1"],
    ["http://127.0.0.1:9000/sandbox/v1", true, "http://127.0.0.1:9000/sandbox/v1"],
    // Without useTestHost the configured endpoint is used as given.
    [
      "https://us-east-1.checkout.amazonphysicalstores.com/v1",
      false,
      "https://us-east-1.checkout.amazonphysicalstores.com/v1",
    ],
    [
      "https://us-east-1.test.checkout.amazonphysicalstores.com/v1",
      false,
      "https://us-east-1.test.checkout.amazonphysicalstores.com/v1",
    ],
  ])("%s (test host: %s) → %s", (endpoint, useTestHost, expected) => {
    expect(checkoutBaseUrlFor(endpoint, useTestHost)).toBe(expected)
  })

  it("refuses to derive a test host it cannot recognise, rather than calling production", () => {
    expect(() => checkoutBaseUrlFor("https://pay.example.com/v1", true)).toThrow(/test host/)
  })
})

describe("endpointKind", () => {
  it.each([
    ["http://localhost:4010/v1", "sandbox"],
    ["http://127.0.0.1:4010/v1", "sandbox"],
    ["https://us-east-1.checkout.amazonphysicalstores.com/v1", "production"],
    ["https://us-east-1.test.checkout.amazonphysicalstores.com/v1", "test"],
    ["https://abc123.execute-api.us-east-1.amazonaws.com/prod", "production"],
    ["https://checkout.example.com/v1", "other"],
    ["https://test.example.com/v1", "other"],
    ["not a url", "other"],
  ])("%s is %s", (url, kind) => {
    expect(endpointKind(url)).toBe(kind)
  })
})
