#!/usr/bin/env node
/**
 * The plugin's command line. Each command runs from the package's build (.medusa/server); the usage below needs no
 * build, so `--help` works everywhere. It writes nothing (only `load --out <file>` writes the file it is given), so
 * running it beside `medusa develop` never triggers its file watcher.
 */
const fs = require("node:fs")
const path = require("node:path")

const root = path.resolve(__dirname, "..")
const COMMANDS = {
  sandbox: { file: "cli.js", summary: "the Amazon sandbox: Checkout and Catalog APIs with Amazon's checks, SigV4, SQS notifications" },
  walk: { file: "walk-cli.js", summary: "play Amazon's gateways for one shopper: scan, walk out, wait for the charge" },
  load: { file: "load-cli.js", summary: "Amazon's load-testing phase: many shoppers, open loop, a report" },
}

const USAGE = [
  "Usage: medusa-plugin-jwo <command> [options]",
  "",
  "Commands:",
  ...Object.entries(COMMANDS).map(([name, { summary }]) => `  ${name.padEnd(9)}${summary}`),
  "",
  "`medusa-plugin-jwo <command> --help` lists a command's options. The catalog sync is a Medusa script:",
  "  npx medusa exec ./node_modules/medusa-plugin-jwo/.medusa/server/src/scripts/jwo-catalog-sync.js [STORE-ID]... [force] [wait]",
].join("\n")

const [command, ...rest] = process.argv.slice(2)
if (command === undefined || command === "--help" || command === "-h" || command === "help") {
  // Asked for (or nothing given): the usage on stdout, status 0 when asked for, 2 when nothing was given.
  ;(command === undefined ? console.error : console.log)(USAGE)
  process.exit(command === undefined ? 2 : 0)
}
const spec = COMMANDS[command]
if (!spec) {
  console.error(`medusa-plugin-jwo: unknown command "${command}".\n\n${USAGE}`)
  process.exit(2)
}
const entry = path.join(root, ".medusa", "server", "src", "sandbox", spec.file)
if (!fs.existsSync(entry)) {
  // A checkout of the repository that was not built yet (the npm package always ships the build).
  console.error(
    `medusa-plugin-jwo: "${command}" runs from the plugin's build, and ${path.relative(process.cwd(), entry) || entry} does not exist.\n` +
      `Build it first: npm run build (in ${root}), then run the command again.`
  )
  process.exit(1)
}
require(entry).main(rest)
