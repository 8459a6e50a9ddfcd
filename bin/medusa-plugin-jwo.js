#!/usr/bin/env node
// `npx medusa-plugin-jwo sandbox [--port 4010]`: the local stand-in for Amazon (see src/sandbox/README.md).
// `npx medusa-plugin-jwo walk --store-id ... --scan-key-code ... --item SKU`: one shopper through entry, exit, charge.
// `npx medusa-plugin-jwo load --help`: Amazon's load-testing phase (many shoppers, open loop; issue 16).
const [command, ...rest] = process.argv.slice(2)
if (command === "sandbox") {
  require("../.medusa/server/src/sandbox/cli.js").main(rest)
} else if (command === "walk") {
  require("../.medusa/server/src/sandbox/walk-cli.js").main(rest)
} else if (command === "load") {
  require("../.medusa/server/src/sandbox/load-cli.js").main(rest)
} else {
  console.error("Usage: medusa-plugin-jwo sandbox [--port 4010]   (the Amazon sandbox; --help for its options)")
  console.error("       medusa-plugin-jwo walk --help               (play Amazon's gateways for one shopper)")
  console.error("       medusa-plugin-jwo load --help               (Amazon's load-testing phase: many shoppers, open loop)")
  process.exit(2)
}
