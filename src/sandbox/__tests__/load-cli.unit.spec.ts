import { parseLoadArgs, runLoadCli } from "../load-cli"
import { randomCart } from "../load"

const required = ["--store-id", "S1", "--secret", "s", "--publishable-key", "pk_1", "--sku", "A,B"]

describe("medusa-plugin-jwo load: arguments and carts", () => {
  it("takes defaults and the schedule flags", () => {
    const parsed = parseLoadArgs(["load", ...required, "--rate", "5", "--ramp", "10", "--burst", "300", "--shop", "1-2"], {})
    expect(parsed).toMatchObject({
      help: false,
      config: { storeId: "S1", ratePerS: 5, durationS: 60, rampS: 10, burst: 300, duplicateShare: 0.05, shopS: [1, 2], skus: ["A", "B"] },
    })
  })

  it.each([
    [["--secret", "s", "--publishable-key", "p", "--sku", "A"], /--store-id is required/],
    [["--store-id", "S", "--secret", "s", "--sku", "A"], /--publishable-key/],
    [["--store-id", "S", "--secret", "s", "--publishable-key", "p"], /--sku is required/],
    [[...required, "--duplicates", "2"], /share between 0 and 1/],
    [[...required, "--shop", "9-1"], /MIN-MAX/],
    [[...required, "--rate", "x"], /--rate must be a number/],
    [[...required, "--nope", "1"], /Unknown argument/],
  ])("refuses %j", async (argv, message) => {
    const errors: string[] = []
    const { code } = await runLoadCli(argv as string[], {}, { out: () => undefined, err: (l) => errors.push(l) })
    expect(code).toBe(2)
    expect(errors.join()).toMatch(message)
  })

  it("makes carts of 1 to 15 distinct lines, weighed ones in kg", () => {
    const skus = Array.from({ length: 20 }, (_, i) => `S${i}`)
    let seed = 7
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646
    const sizes = new Set<number>()
    for (let i = 0; i < 300; i++) {
      const cart = randomCart(skus, ["W1"], random)
      sizes.add(cart.length)
      expect(cart.length).toBeGreaterThanOrEqual(1)
      expect(cart.length).toBeLessThanOrEqual(15)
      expect(new Set(cart.map((l) => l.id)).size).toBe(cart.length)
      for (const line of cart) {
        if (line.id === "W1") expect(line.quantity).toMatchObject({ unit: "kg", value: expect.stringMatching(/^\d\.\d{3}$/) })
        else expect(line.quantity).toMatchObject({ unit: "unit" })
      }
    }
    expect(sizes.has(1) && sizes.has(15)).toBe(true)
  })
})
