import { ENDPOINT_EXAMPLES, JwoOptionsError, parseJwoOptions } from "../options"

const valid = () => ({
  inboundAuth: { secrets: "first-inbound-secret-01, second-inbound-secret-02" },
  amazon: {
    checkoutEndpoint: "https://us-east-1.test.checkout.amazonphysicalstores.com/v1/",
    catalogEndpoint: "https://us-east-1.catalog.example.com/v1",
    accessKeyId: "AKIAEXAMPLE",
    secretAccessKey: "secret-access-key-value",
  },
  scanKey: { prefix: "JWO", secrets: ["s".repeat(32)] },
})

function problemsOf(raw: unknown): { option: string; message: string }[] {
  try {
    parseJwoOptions(raw)
  } catch (error) {
    expect(error).toBeInstanceOf(JwoOptionsError)
    return (error as JwoOptionsError).problems
  }
  throw new Error("expected the options to be refused")
}

describe("parseJwoOptions", () => {
  const savedEnv = { ...process.env }
  beforeEach(() => {
    delete process.env.AWS_ACCESS_KEY_ID
    delete process.env.AWS_SECRET_ACCESS_KEY
    process.env.NODE_ENV = "test"
  })
  afterAll(() => {
    process.env = savedEnv
  })

  it("applies defaults, splits comma-separated secrets and trims endpoint slashes", () => {
    const options = parseJwoOptions(valid())
    expect(options.inboundAuth).toEqual({
      headerName: "x-jwo-connector-secret",
      secrets: ["first-inbound-secret-01", "second-inbound-secret-02"],
      allowUnauthenticated: false,
    })
    expect(options.amazon.checkoutEndpoint).toBe("https://us-east-1.test.checkout.amazonphysicalstores.com/v1")
    expect(options.scanKey.freshnessSeconds).toBe(60)
    expect(options.queuePrefix).toBe("jwo")
    expect(options.redisUrl).toBeUndefined()
  })

  it("ignores the keys Medusa adds to module options", () => {
    expect(() => parseJwoOptions({ ...valid(), database: { clientUrl: "postgres://x" } })).not.toThrow()
  })

  it.each([29, 91, 500, 45.5])("refuses a freshness window of %p, naming the option", (freshnessSeconds) => {
    const problems = problemsOf({ ...valid(), scanKey: { ...valid().scanKey, freshnessSeconds } })
    expect(problems).toHaveLength(1)
    expect(problems[0].option).toBe("scanKey.freshnessSeconds")
  })

  it("accepts the window's edges", () => {
    for (const freshnessSeconds of [30, 90]) {
      expect(parseJwoOptions({ ...valid(), scanKey: { ...valid().scanKey, freshnessSeconds } }).scanKey.freshnessSeconds).toBe(
        freshnessSeconds
      )
    }
  })

  it("names every wrong option at once, with a fix, and never prints a secret", () => {
    const raw = {
      ...valid(),
      inboundAuth: { secrets: "short" },
      scanKey: { prefix: "jwo-lower", secrets: "tooshort" },
      amazon: { ...valid().amazon, checkoutEndpoint: "http://checkout.example.com" },
      colour: "red",
    }
    let message = ""
    try {
      parseJwoOptions(raw)
    } catch (error) {
      message = (error as Error).message
    }
    expect(message).toContain("medusa-plugin-jwo cannot start")
    for (const option of ["inboundAuth.secrets.0", "scanKey.prefix", "scanKey.secrets.0", "amazon.checkoutEndpoint"]) {
      expect(message).toContain(`  - ${option}: `)
    }
    expect(message).toContain("unknown option colour")
    expect(message).toContain("Fix: ")
    expect(message).not.toContain("tooshort")
    expect(message).not.toContain("short\n")
  })


  it("runs the checks across options also when simple checks fail, so one boot lists every problem", () => {
    process.env.NODE_ENV = "production"
    const { secretAccessKey, ...amazon } = valid().amazon
    const problems = problemsOf({
      inboundAuth: { allowUnauthenticated: true },
      amazon: { ...amazon, catalogEndpoint: "https://catalog.example.com/v1", requestTimeoutMs: 5 },
      scanKey: { ...valid().scanKey, freshnessSeconds: 500 },
      catalog: { retryBaseMs: 10_000, retryMaxMs: 5_000, pageSize: 0 },
    })
    expect(problems.map((p) => p.option).sort()).toEqual(
      [
        // simple checks
        "amazon.requestTimeoutMs",
        "scanKey.freshnessSeconds",
        "catalog.pageSize",
        // checks across options, in the same boot
        "inboundAuth.allowUnauthenticated",
        "amazon.secretAccessKey",
        "amazon.region",
        "catalog.retryBaseMs",
        "redisUrl",
      ].sort()
    )
    // A required section missing does not hide the other checks either.
    expect(problemsOf({ inboundAuth: {} }).map((p) => p.option)).toEqual(["amazon", "scanKey", "inboundAuth.secrets", "redisUrl"])
  })

  it("gives each endpoint an example of its own kind", () => {
    const amazon = { ...valid().amazon, checkoutEndpoint: "checkout", catalogEndpoint: "catalog" }
    const byOption = Object.fromEntries(problemsOf({ ...valid(), amazon }).map((p) => [p.option, p.message]))
    expect(byOption["amazon.checkoutEndpoint"]).toBe(`must be an absolute URL such as ${ENDPOINT_EXAMPLES.checkoutEndpoint}`)
    expect(byOption["amazon.catalogEndpoint"]).toBe(`must be an absolute URL such as ${ENDPOINT_EXAMPLES.catalogEndpoint}`)
    expect(byOption["amazon.catalogEndpoint"]).not.toContain("checkout")
  })
  it("requires inbound secrets unless unauthenticated access is explicitly allowed, and never in production", () => {
    expect(problemsOf({ ...valid(), inboundAuth: {} })[0]).toMatchObject({ option: "inboundAuth.secrets" })
    expect(parseJwoOptions({ ...valid(), inboundAuth: { allowUnauthenticated: true } }).inboundAuth.secrets).toEqual([])
    process.env.NODE_ENV = "production"
    const problems = problemsOf({ ...valid(), inboundAuth: { allowUnauthenticated: true }, redisUrl: "redis://r:6379" })
    expect(problems.map((p) => p.option)).toEqual(["inboundAuth.allowUnauthenticated"])
  })

  it("needs AWS credentials from options, a role, or the AWS_* environment", () => {
    const { accessKeyId, secretAccessKey, ...amazon } = valid().amazon
    expect(problemsOf({ ...valid(), amazon })[0].option).toBe("amazon.accessKeyId")
    expect(problemsOf({ ...valid(), amazon: { ...amazon, accessKeyId } })[0].option).toBe("amazon.secretAccessKey")
    expect(() =>
      parseJwoOptions({ ...valid(), amazon: { ...amazon, roleArn: "arn:aws:iam::123456789012:role/jwo" } })
    ).not.toThrow()
    expect(problemsOf({ ...valid(), amazon: { ...amazon, roleArn: "jwo-role" } })[0].option).toBe("amazon.roleArn")
    process.env.AWS_ACCESS_KEY_ID = "AKIAENV"
    process.env.AWS_SECRET_ACCESS_KEY = "from-env"
    expect(() => parseJwoOptions({ ...valid(), amazon })).not.toThrow()
  })

  it("allows plain http endpoints only on localhost (the sandbox)", () => {
    const amazon = { ...valid().amazon, checkoutEndpoint: "http://localhost:4010/v1", catalogEndpoint: "http://127.0.0.1:4010/v1" }
    expect(() => parseJwoOptions({ ...valid(), amazon })).not.toThrow()
    expect(problemsOf({ ...valid(), amazon: { ...amazon, catalogEndpoint: "not a url" } })[0].option).toBe(
      "amazon.catalogEndpoint"
    )
  })

  it("requires redisUrl in production and accepts an empty one elsewhere", () => {
    expect(parseJwoOptions({ ...valid(), redisUrl: "" }).redisUrl).toBeUndefined()
    expect(problemsOf({ ...valid(), redisUrl: "localhost:6379" })[0].option).toBe("redisUrl")
    process.env.NODE_ENV = "production"
    expect(problemsOf(valid()).map((p) => p.option)).toEqual(["redisUrl"])
  })

  it("defaults the catalog block and takes its values", () => {
    expect(parseJwoOptions(valid()).catalog).toEqual({
      coalesceMs: 3000,
      pageSize: 250,
      uploadMaxAttempts: 8,
      retryBaseMs: 2000,
      retryMaxMs: 300_000,
      pollFirstMs: 2000,
      pollMaxMs: 60_000,
      pollGiveUpMs: 6 * 3600_000,
      syncLeaseMs: 60_000,
    })
    expect(parseJwoOptions({ ...valid(), catalog: { coalesceMs: 0, pageSize: 500 } }).catalog).toMatchObject({ coalesceMs: 0, pageSize: 500, uploadMaxAttempts: 8 })
  })

  it.each([
    [{ coalesceMs: -1 }, "catalog.coalesceMs"],
    [{ coalesceMs: "3000" }, "catalog.coalesceMs"],
    [{ pageSize: 0 }, "catalog.pageSize"],
    [{ pageSize: 5000 }, "catalog.pageSize"],
    [{ uploadMaxAttempts: 2.5 }, "catalog.uploadMaxAttempts"],
    [{ syncLeaseMs: 1000 }, "catalog.syncLeaseMs"],
    [{ retryBaseMs: 10_000, retryMaxMs: 5000 }, "catalog.retryBaseMs"],
    [{ pollFirstMs: 5000, pollMaxMs: 1000 }, "catalog.pollFirstMs"],
    [{ coalesce: 100 }, "catalog"],
  ])("refuses the catalog option %p, naming it", (catalog, option) => {
    const problems = problemsOf({ ...valid(), catalog })
    expect(problems.map((p) => p.option)).toEqual([option])
  })

  it("defaults receipts off and the pickup option's fulfillment provider to Medusa's manual one", () => {
    const options = parseJwoOptions(valid())
    expect(options.receipts).toEqual({ template: "jwo-receipt" })
    expect(options.trips.fulfillmentProviderId).toBe("manual_manual")
    expect(parseJwoOptions({ ...valid(), receipts: { channel: "email" } }).receipts).toEqual({ channel: "email", template: "jwo-receipt" })
  })

  it("refuses wrong receipts options, naming every one", () => {
    const problems = problemsOf({ ...valid(), receipts: { channel: "E Mail", template: "", colour: "red" }, trips: { fulfillmentProviderId: "" } })
    expect(problems.map((p) => p.option).sort()).toEqual(["receipts", "receipts.channel", "receipts.template", "trips.fulfillmentProviderId"])
    expect(problems.find((p) => p.option === "receipts.channel")!.message).toContain('notification channel name such as "email"')
    expect(problems.find((p) => p.option === "receipts")!.message).toBe("unknown option colour")
  })

  it("says which required section is missing", () => {
    const problems = problemsOf({ inboundAuth: valid().inboundAuth })
    expect(problems.map((p) => p.option).sort()).toEqual(["amazon", "scanKey"])
    expect(problems[0].message).toBe("is required")
  })
})

describe("amazon.region", () => {
  it("is required when the signing region cannot be read from an endpoint's host, and names the host", () => {
    const raw = { ...valid(), amazon: { ...valid().amazon, catalogEndpoint: "https://catalog.example.com/v1" } }
    const problems = problemsOf(raw)
    expect(problems).toEqual([
      { option: "amazon.region", message: expect.stringContaining("amazon.catalogEndpoint (catalog.example.com)") },
    ])
    expect(() => parseJwoOptions({ ...raw, amazon: { ...raw.amazon, region: "eu-west-1" } })).not.toThrow()
  })
})

describe("catalog.notifications", () => {
  const QUEUE = "https://sqs.us-east-1.amazonaws.com/111122223333/jwo-catalog-notifications"
  const withNotifications = (notifications: unknown, amazon: Record<string, unknown> = {}) => ({
    ...valid(),
    amazon: { ...valid().amazon, ...amazon },
    catalog: { notifications },
  })

  it("is off unless a queue URL is given; defaults its tuning", () => {
    expect(parseJwoOptions(valid()).catalog.notifications).toBeUndefined()
    expect(parseJwoOptions(withNotifications({ queueUrl: `${QUEUE}/` })).catalog.notifications).toEqual({
      queueUrl: QUEUE,
      waitTimeSeconds: 20,
      fallbackPollMs: 300_000,
    })
    // The sandbox: plain http on loopback, with a path prefix.
    expect(parseJwoOptions(withNotifications({ queueUrl: "http://127.0.0.1:4010/sqs/000000000000/jwo-catalog-notifications", region: "us-east-1" })).catalog.notifications?.queueUrl).toBe(
      "http://127.0.0.1:4010/sqs/000000000000/jwo-catalog-notifications"
    )
  })

  it.each([
    [{ queueUrl: "jwo-catalog-notifications" }, "catalog.notifications.queueUrl", /must be an SQS queue URL/],
    [{ queueUrl: "http://sqs.us-east-1.amazonaws.com/111122223333/q" }, "catalog.notifications.queueUrl", /must use https/],
    [{ queueUrl: "https://sqs.us-east-1.amazonaws.com/q" }, "catalog.notifications.queueUrl", /12-digit account id/],
    [{ queueUrl: `${QUEUE}?x=1` }, "catalog.notifications.queueUrl", /12-digit account id/],
    [{}, "catalog.notifications.queueUrl", /is required/],
    [{ queueUrl: QUEUE, waitTimeSeconds: 30 }, "catalog.notifications.waitTimeSeconds", /at most 20 seconds/],
    [{ queueUrl: QUEUE, fallbackPollMs: 1000 }, "catalog.notifications.fallbackPollMs", /at least 10000/],
    [{ queueUrl: QUEUE, accessKeyId: "AKIAONLY" }, "catalog.notifications.secretAccessKey", /go together/],
    [{ queueUrl: QUEUE, queue: "x" }, "catalog.notifications", /unknown option queue/],
  ])("refuses %p, naming the option", (notifications, option, message) => {
    const problems = problemsOf(withNotifications(notifications))
    expect(problems.map((p) => p.option)).toEqual([option])
    expect(problems[0].message).toMatch(message)
  })

  it("needs a region when neither the queue host nor amazon.region gives one", () => {
    const sandboxQueue = { queueUrl: "http://127.0.0.1:4010/sqs/000000000000/jwo-catalog-notifications" }
    expect(problemsOf(withNotifications(sandboxQueue))).toEqual([
      { option: "catalog.notifications.region", message: expect.stringContaining("cannot be read from the queue URL's host (127.0.0.1)") },
    ])
    expect(() => parseJwoOptions(withNotifications(sandboxQueue, { region: "us-east-1" }))).not.toThrow()
    expect(() => parseJwoOptions(withNotifications({ ...sandboxQueue, region: "eu-west-1" }))).not.toThrow()
  })
})
