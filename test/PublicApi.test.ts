/**
 * Pins the public surface of both Effect lines: every name each package entry exports, type-only
 * names included, with its kind (read with the TypeScript compiler API by
 * `test/support/exportedNames.ts`, and checked against the run-time names). Each line's run pins
 * that line's entries (`.`, `./X` for Effect 3; `./effect4`, `./effect4/X` for Effect 4, named `.` and
 * `./X` within the line): what both lines export is pinned once (`names`), what one line exports
 * differently is listed in `onlyOn`. The types of the public methods and layers are pinned, the same
 * on both lines, by `test/PublicApiTypes.test.ts`.
 *
 * Updating a pin: run this file on the line that changed (README "Development"); each entry whose
 * names changed fails with a diff of `name: kind` lines; a name the other line has too belongs in
 * `names`, one only this line has (or has with another kind) in `onlyOn`.
 */
import { assert, describe, it } from "@effect/vitest"
import { line } from "@line/testing"
import { fileURLToPath } from "node:url"
import packageJson from "../package.json" with { type: "json" }
import type { ExportedNames, Line } from "./support/exportedNames.js"
import { lineEntries, lineTsconfig, readExportedNames } from "./support/exportedNames.js"

/** Every entry of both lines and every name it exports as `name: kind`, sorted by name. */
const names: Record<string, ReadonlyArray<string>> = {
  ".": [
    "AssociationExecutions: namespace",
    "AssociationExecutionsError: namespace",
    "AssociationExecutionsTest: namespace",
    "Credentials: namespace",
    "DescribeAssociationExecutionTargets: namespace",
    "DescribeAssociationExecutions: namespace",
    "Endpoint: namespace",
    "GetCommandInvocation: namespace",
    "InMemorySsm: namespace",
    "Metrics: namespace",
    "Pagination: namespace",
    "RateLimit: namespace",
    "RetryPolicy: namespace",
    "StartAssociationsOnce: namespace",
    "Watch: namespace"
  ],
  "./AssociationExecutions": [
    "AssociationExecutions: both",
    "Options: type",
    "RequestSigner: type",
    "Service: type",
    "SignableRequest: type",
    "SigningOptions: type",
    "layer: value",
    "layerConfig: value",
    "make: value"
  ],
  "./AssociationExecutionsError": [
    "AssociationDoesNotExist: both",
    "AssociationExecutionDoesNotExist: both",
    "AssociationExecutionsError: type",
    "AwsServiceError: both",
    "ConfigurationError: both",
    "CredentialsError: both",
    "DescribeError: both",
    "DescribeTargetsError: both",
    "EndlessPagination: both",
    "ExecutionNotFound: both",
    "GetCommandInvocationError: both",
    "InternalServerError: both",
    "InvalidAssociation: both",
    "InvalidCommandId: both",
    "InvalidInput: both",
    "InvalidInstanceId: both",
    "InvalidNextToken: both",
    "InvalidPluginName: both",
    "InvocationDoesNotExist: both",
    "PaginationError: both",
    "RepeatedNextToken: both",
    "ResponseDecodeError: both",
    "ResumePoint: both",
    "RetryStop: type",
    "StartOnceError: both",
    "StartOutcomeUnknown: both",
    "ThrottlingError: both",
    "TimeoutError: both",
    "TransportError: both",
    "WatchError: both",
    "WatchTimeout: both",
    "isAssociationExecutionsError: value"
  ],
  "./AssociationExecutionsTest": [
    "Model: both",
    "TestLayerOptions: type",
    "layer: value",
    "layerFromDescribe: value",
    "runWithTestClock: value"
  ],
  "./Credentials": [
    "AwsCredentials: type",
    "ContainerOptions: type",
    "CredentialsProvider: type",
    "DefaultChainOptions: type",
    "InstanceMetadataOptions: type",
    "ProviderResult: both",
    "SdkCredentials: type",
    "StaticCredentialsOptions: type",
    "container: value",
    "defaultChain: value",
    "environment: value",
    "fromProvider: value",
    "fromStatic: value",
    "instanceMetadata: value",
    "makeProvider: value"
  ],
  "./DescribeAssociationExecutions": [
    "Alarm: both",
    "AlarmConfiguration: both",
    "AlarmStateInformation: both",
    "AssociationExecution: both",
    "AssociationExecutionFilter: both",
    "AssociationExecutionFilterKey: both",
    "AssociationFilterOperatorType: both",
    "DescribeAssociationExecutionsInput: both",
    "DescribeAssociationExecutionsOutput: both",
    "ExternalAlarmState: both",
    "parseResourceCountByStatus: value"
  ],
  "./DescribeAssociationExecutionTargets": [
    "AssociationExecutionTarget: both",
    "AssociationExecutionTargetsFilter: both",
    "AssociationExecutionTargetsFilterKey: both",
    "DescribeAssociationExecutionTargetsInput: both",
    "DescribeAssociationExecutionTargetsOutput: both",
    "OutputSource: both"
  ],
  "./Endpoint": [
    "EndpointOptions: type",
    "ResolvedEndpoint: type",
    "resolveEndpoint: value"
  ],
  "./GetCommandInvocation": [
    "CloudWatchOutputConfig: both",
    "GetCommandInvocationInput: both",
    "GetCommandInvocationOutput: both",
    "parseDateTime: value",
    "parseElapsedTime: value"
  ],
  "./InMemorySsm": [
    "AcceptedCredentials: type",
    "AlarmConfigurationRecord: type",
    "AlarmRecord: type",
    "AssociationInput: type",
    "AssociationRecord: type",
    "BehaviourOptions: type",
    "CommandTarget: type",
    "ExecutionInput: type",
    "ExecutionRecord: type",
    "ExecutionTargetRecord: type",
    "Fault: value",
    "FaultAnswer: type",
    "FilterMode: type",
    "GenerateOptions: type",
    "InMemorySsm: type",
    "MakeOptions: type",
    "OperationName: type",
    "OutputBucket: type",
    "RandomFaults: type",
    "RequestLogEntry: type",
    "RunOptions: type",
    "ScriptedFault: type",
    "Sequence: type",
    "ServerRateLimit: type",
    "StartedRun: type",
    "StartedTarget: type",
    "TriggeredAlarmRecord: type",
    "generate: value",
    "httpClient: value",
    "localCredentials: value",
    "make: value"
  ],
  "./Metrics": [
    "items: value",
    "pages: value",
    "requests: value",
    "retries: value",
    "throttles: value"
  ],
  // Types only: nothing at run time.
  "./Pagination": [
    "Failure: type",
    "FailuresOptions: type",
    "Page: type",
    "PagesInput: type",
    "PaginationOptions: type",
    "TargetOutput: type",
    "TargetsInput: type"
  ],
  // Types only: nothing at run time.
  "./RateLimit": [
    "RateLimitOptions: type"
  ],
  "./RetryPolicy": [
    "RetryClass: type",
    "RetryOptions: type",
    "RetryQuotaOptions: type",
    "classify: value",
    "defaultMaxAttempts: value"
  ],
  "./StartAssociationsOnce": [
    "StartAssociationsOnceInput: both",
    "StartAssociationsOnceOutput: both",
    "StartOnceOptions: type"
  ],
  "./Watch": [
    "ExecutionState: both",
    "WatchInput: type",
    "WatchOptions: type",
    "defaultTerminalStatuses: value"
  ],
  "./NodeAssociationExecutions": [
    "NodeOptions: type",
    "layer: value",
    "layerConfig: value",
    "signer: value"
  ],
  "./NodeCredentials": [
    "DefaultChainOptions: type",
    "ProfileInfo: type",
    "ProfileInfoOptions: type",
    "ProfileOptions: type",
    "defaultChain: value",
    "profileInfo: value",
    "sharedFiles: value"
  ],
  "./LocalEndpoint": [
    "LocalEndpoint: both",
    "LocalEndpointError: both",
    "LocalEndpointInfo: type",
    "LocalEndpointOptions: type",
    "layer: value",
    "make: value",
    "startupBanner: value"
  ]
}

/** What one line's entry exports beside (or instead of) `names`: a name, or a name with another kind. */
const onlyOn: Record<
  Line,
  Record<string, { readonly added?: ReadonlyArray<string>; readonly removed?: ReadonlyArray<string> }>
> = {
  3: {},
  4: {}
}

const byName = (a: string, b: string): number => {
  const [nameA, nameB] = [a.slice(0, a.indexOf(":")), b.slice(0, b.indexOf(":"))]
  return nameA < nameB ? -1 : nameA > nameB ? 1 : 0
}

/** The pin of one entry on this line: the shared names, less what this line lacks, plus what only it has. */
const pinned = (entry: string): ReadonlyArray<string> => {
  const removed = new Set(onlyOn[line][entry]?.removed ?? [])
  return [...(names[entry] ?? []).filter((name) => !removed.has(name)), ...(onlyOn[line][entry]?.added ?? [])]
    .sort(byName)
}

const packageJsonPath = fileURLToPath(new URL("../package.json", import.meta.url))
const entries = lineEntries(packageJsonPath, packageJson.exports, line)

/** The names the compiler reads, one Program for every entry that has its module, built on first use. */
let exportedCache: ExportedNames | undefined
const exported = (): ExportedNames =>
  exportedCache ??= readExportedNames(
    Object.fromEntries(
      Object.entries(entries).flatMap(([entry, { exists, source }]) => exists ? [[entry, source]] : [])
    ),
    lineTsconfig(packageJsonPath, line)
  )

/** An entry's module as the package name resolves it on this line (each line's vitest config maps it). */
const load = (entry: string): Promise<Record<string, unknown>> =>
  import(entry === "." ? "ssm-association-executions" : `ssm-association-executions/${entry.slice(2)}`)

describe(`public API of the Effect ${line} line: exported names`, () => {
  it("has an entry in package.json \"exports\" for every pinned entry, and no other", () => {
    assert.deepStrictEqual(Object.keys(entries).sort(), Object.keys(names).sort())
  })

  it("the differences listed name entries the line has", () => {
    for (const entry of Object.keys(onlyOn[line])) assert.isDefined(names[entry], entry)
  })

  for (const [entry, { dist, exists, packageEntry, source }] of Object.entries(entries)) {
    it(`${packageEntry} has its module`, () => {
      assert.isTrue(exists, `${packageEntry} is in package.json "exports", but ${source} does not exist`)
    })

    it(`${packageEntry} maps to the build of its module`, () => {
      const target: unknown = packageJson.exports[packageEntry as keyof typeof packageJson.exports]
      assert.deepStrictEqual(target, { types: `${dist}.d.ts`, import: `${dist}.js`, default: `${dist}.js` })
    })

    it(`${packageEntry} exports exactly its pinned names and kinds, types included`, () => {
      assert.deepStrictEqual(exported()[entry], pinned(entry), packageEntry)
    })

    it(`${packageEntry} has at run time exactly its names that are not types only`, async () => {
      const runTime = pinned(entry).filter((name) => !name.endsWith(": type")).map((name) =>
        name.slice(0, name.indexOf(":"))
      )
      assert.deepStrictEqual(Object.keys(await load(entry)).sort(), runTime.sort(), packageEntry)
    })
  }

  it("the root entry re-exports the core modules themselves", async () => {
    const root = await load(".")
    const namespaces = pinned(".").filter((name) => name.endsWith(": namespace"))
    assert.isNotEmpty(namespaces)
    for (const namespace of namespaces) {
      const name = namespace.slice(0, namespace.indexOf(":"))
      assert.strictEqual(root[name], await load(`./${name}`), name)
    }
  })
})
