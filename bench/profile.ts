/** A CPU profile of one client's pull, summarised by package and by function. */
import * as Fs from "node:fs"
import * as Path from "node:path"
import { type Endpoint, type inProcessClients, outDirectory, runInProcessClient } from "./processes.js"

// ---------------------------------------------------------------------------------------------
// Profile
// ---------------------------------------------------------------------------------------------

interface ProfileNode {
  readonly id: number
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number }
  readonly hitCount?: number
}

interface CpuProfile {
  readonly nodes: ReadonlyArray<ProfileNode>
  readonly startTime: number
  readonly endTime: number
  readonly samples: ReadonlyArray<number>
}

export interface ProfileSummary {
  readonly totalMillis: number
  readonly byFunction: ReadonlyArray<readonly [string, number]>
  readonly byPackage: ReadonlyArray<readonly [string, number]>
}

const packageOf = (url: string): string => {
  if (url === "") return "(native / GC / idle)"
  if (url.startsWith("node:")) return "node internals"
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (match?.[1] !== undefined) return match[1]
  return url.includes("/bench/out/") ? "this module (bundled src) and bench" : url
}

const summarizeProfile = (profile: CpuProfile): ProfileSummary => {
  const sampleMillis = (profile.endTime - profile.startTime) / 1000 / Math.max(1, profile.samples.length)
  const byFunction = new Map<string, number>()
  const byPackage = new Map<string, number>()
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0
    if (hits === 0) continue
    const { functionName, lineNumber, url } = node.callFrame
    const name = `${functionName === "" ? "(anonymous)" : functionName} ${
      url === ""
        ? ""
        : `${url.replace(/^.*node_modules\//, "").replace(/^file:\/\/.*\/bench\/out\//, "")}:${lineNumber + 1}`
    }`
    byFunction.set(name, (byFunction.get(name) ?? 0) + hits * sampleMillis)
    byPackage.set(packageOf(url), (byPackage.get(packageOf(url)) ?? 0) + hits * sampleMillis)
  }
  const top = (map: Map<string, number>, n: number) => [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, n)
  return {
    totalMillis: (profile.endTime - profile.startTime) / 1000,
    byFunction: top(byFunction, 15),
    byPackage: top(byPackage, 12)
  }
}

export const profileClient = async (endpoint: Endpoint, client: typeof inProcessClients[number]) => {
  const directory = Path.join(outDirectory, "profile", client)
  Fs.rmSync(directory, { recursive: true, force: true })
  await runInProcessClient(endpoint, client, 0, {}, ["--cpu-prof", `--cpu-prof-dir=${directory}`])
  const [file] = Fs.readdirSync(directory).filter((name) => name.endsWith(".cpuprofile"))
  if (file === undefined) throw new Error("no CPU profile was written")
  const profile: CpuProfile = JSON.parse(Fs.readFileSync(Path.join(directory, file), "utf8"))
  return summarizeProfile(profile)
}
