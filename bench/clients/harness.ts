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
  /** CPU spent by the time `warmItems` had arrived, and how many had. */
  readonly warm?: { readonly items: number; readonly cpuMillis: number }
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
  /** Stop after this many items (the memory and steady-state runs). */
  maxItems: process.env["BENCH_MAX_ITEMS"] === undefined ? undefined : Number(process.env["BENCH_MAX_ITEMS"]),
  /** Also note the CPU spent when this many items have arrived: what follows is past the warm-up. */
  warmItems: process.env["BENCH_WARM_ITEMS"] === undefined ? undefined : Number(process.env["BENCH_WARM_ITEMS"]),
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
  let warm: { readonly items: number; readonly cpuMillis: number } | undefined
  const cpuMillisSoFar = () => {
    const cpu = process.cpuUsage(cpuBefore)
    return (cpu.user + cpu.system) / 1000
  }
  pull((n) => {
    if (items === 0 && n > 0) firstItemMillis = performance.now() - startedAt
    items += n
    if (warm === undefined && settings.warmItems !== undefined && items >= settings.warmItems) {
      warm = { items, cpuMillis: cpuMillisSoFar() }
    }
  }).then(() => {
    const pullMillis = performance.now() - startedAt
    const report: ClientReport = {
      kind,
      items,
      pullMillis,
      firstItemMillis,
      cpuMillis: cpuMillisSoFar(),
      ...(warm === undefined ? {} : { warm }),
      maxRssKilobytes: process.resourceUsage().maxRSS
    }
    process.stdout.write(`${JSON.stringify(report)}\n`)
  }, (error: unknown) => {
    process.stderr.write(`${String(error)}\n`)
    process.exit(1)
  })
}
