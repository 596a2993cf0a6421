/**
 * What every benchmark client process shares: its settings from the environment, and the one JSON
 * line it prints with its own measurements (pull wall time, CPU, time to first item, peak RSS).
 * Each client lives in its own entry so a process loads only its own dependencies.
 */

/** What a client process prints, as one JSON line. */
export interface ClientReport {
  readonly kind: string
  readonly items: number
  readonly pullMillis: number
  readonly firstItemMillis: number
  readonly cpuMillis: number
  readonly maxRssKilobytes: number
}

const environment = (name: string): string => {
  const value = process.env[name]
  if (value === undefined) {
    process.stderr.write(`${name} is not set\n`)
    process.exit(2)
  }
  return value
}

/** Where and as whom to pull, set by `bench/run.ts`. */
export const settings = {
  endpointUrl: environment("BENCH_ENDPOINT_URL"),
  associationId: environment("BENCH_ASSOCIATION_ID"),
  /** The execution with as many targets as the association has executions, and its association. */
  targetsAssociationId: environment("BENCH_TARGETS_ASSOCIATION_ID"),
  targetsExecutionId: environment("BENCH_TARGETS_EXECUTION_ID"),
  region: environment("AWS_REGION"),
  accessKeyId: environment("AWS_ACCESS_KEY_ID"),
  secretAccessKey: environment("AWS_SECRET_ACCESS_KEY"),
  /** The memory runs: stop after this many items... */
  maxItems: process.env["BENCH_MAX_ITEMS"] === undefined ? undefined : Number(process.env["BENCH_MAX_ITEMS"]),
  /** ...or pull the whole association this many times in one stream. */
  repeat: Number(process.env["BENCH_REPEAT"] ?? "1"),
  pageSize: 50
}

/** Counts items as the client delivers them. */
export type Count = (items: number) => void

/** Runs one pull, measuring it from the first line of the client's own code, and prints the report. */
export const runClient = (kind: string, pull: (count: Count) => Promise<void>): void => {
  const startedAt = performance.now()
  const cpuBefore = process.cpuUsage()
  let items = 0
  let firstItemMillis = Number.NaN
  pull((n) => {
    if (items === 0 && n > 0) firstItemMillis = performance.now() - startedAt
    items += n
  }).then(() => {
    const pullMillis = performance.now() - startedAt
    const cpu = process.cpuUsage(cpuBefore)
    const report: ClientReport = {
      kind,
      items,
      pullMillis,
      firstItemMillis,
      cpuMillis: (cpu.user + cpu.system) / 1000,
      maxRssKilobytes: process.resourceUsage().maxRSS
    }
    process.stdout.write(`${JSON.stringify(report)}\n`)
  }, (error: unknown) => {
    process.stderr.write(`${String(error)}\n`)
    process.exit(1)
  })
}
