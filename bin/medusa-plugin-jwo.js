#!/usr/bin/env node
// `npx medusa-plugin-jwo sandbox [--port 4010]`: the local stand-in for Amazon (see src/sandbox/README.md).
const [command, ...rest] = process.argv.slice(2)
if (command === "sandbox") {
  require("../.medusa/server/src/sandbox/cli.js").main(rest)
} else {
  console.error("Usage: medusa-plugin-jwo sandbox [--port 4010]   (the Amazon sandbox; --help for its options)")
  process.exit(2)
}
