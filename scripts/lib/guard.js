#!/usr/bin/env node
/**
 * `node scripts/lib/guard.js <command> [args...]`: runs the command as its child, in this (detached) process group,
 * and stops that group when the process that started it dies. Its stdin is a pipe from that parent, which never
 * writes to it: when the pipe closes (the parent exited, even by SIGKILL or a kill of its whole process group), the
 * guard sends SIGTERM to its group, then SIGKILL after GUARD_KILL_AFTER_MS (default 15000). It exits as its child did
 * (same code, or the same signal), so whoever watches the guard sees the command's own exit.
 */
const { spawn } = require("node:child_process")

const [command, ...args] = process.argv.slice(2)
if (!command) {
  console.error("usage: guard.js <command> [args...]")
  process.exit(2)
}
const killAfterMs = Number(process.env.GUARD_KILL_AFTER_MS || 15000)
const child = spawn(command, args, { stdio: ["ignore", "inherit", "inherit"] })

function stopGroup() {
  try {
    process.kill(-process.pid, "SIGTERM")
  } catch {}
  setTimeout(() => {
    try {
      process.kill(-process.pid, "SIGKILL")
    } catch {}
  }, killAfterMs).unref()
}

// The group gets the signal too when the parent signals the group; when only the guard is signalled, pass it on.
for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"]) {
  process.on(signal, () => {
    try {
      child.kill(signal)
    } catch {}
  })
}
process.stdin.on("end", stopGroup)
process.stdin.on("error", stopGroup)
process.stdin.resume()

child.on("error", (error) => {
  console.error(`guard: cannot start ${command}: ${error.message}`)
  process.exit(127)
})
child.on("exit", (code, signal) => {
  if (signal) {
    for (const s of ["SIGTERM", "SIGINT", "SIGHUP"]) process.removeAllListeners(s)
    process.kill(process.pid, signal)
  } else {
    process.exit(code ?? 0)
  }
})
