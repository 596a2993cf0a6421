/**
 * Pins the public surface: every name each package entry exports, type-only names included, with its
 * kind (read with the TypeScript compiler API by `test/support/exportedNames.ts`, and checked against
 * the run-time names), and the success, error and requirement types of the public methods. Any change
 * to either shows up as a diff of this file. The type assertions are checked by `tsc` (part of
 * `npm test`), not by vitest at run time.
 *
 * Updating the name pins: run `npx vitest run test/PublicApi.test.ts`; each entry whose names changed
 * fails with a diff of `name: kind` lines; copy the "Received" list into that entry's `names` below.
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import { assert, describe, it } from "@effect/vitest"
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import type * as Either from "effect/Either"
import type * as Layer from "effect/Layer"
import type * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import type * as Stream from "effect/Stream"
import { fileURLToPath } from "node:url"
import { expectTypeOf } from "vitest"
import packageJson from "../../package.json" with { type: "json" }
import * as AssociationExecutions from "../../src/AssociationExecutions.js"
import * as AssociationExecutionsError from "../../src/AssociationExecutionsError.js"
import type {
  AssociationDoesNotExist,
  AssociationExecutionDoesNotExist,
  AwsServiceError,
  ConfigurationError,
  CredentialsError,
  DescribeError,
  DescribeTargetsError,
  EndlessPagination,
  ExecutionNotFound,
  GetCommandInvocationError,
  InternalServerError,
  InvalidAssociation,
  InvalidCommandId,
  InvalidInput,
  InvalidInstanceId,
  InvalidNextToken,
  InvalidPluginName,
  InvocationDoesNotExist,
  PaginationError,
  RepeatedNextToken,
  ResponseDecodeError,
  StartOnceError,
  StartOutcomeUnknown,
  ThrottlingError,
  TimeoutError,
  TransportError,
  WatchError,
  WatchTimeout
} from "../../src/AssociationExecutionsError.js"
import * as AssociationExecutionsTest from "../../src/AssociationExecutionsTest.js"
import * as Credentials from "../../src/Credentials.js"
import * as DescribeAssociationExecutions from "../../src/DescribeAssociationExecutions.js"
import type {
  AssociationExecution,
  DescribeAssociationExecutionsInput,
  DescribeAssociationExecutionsOutput
} from "../../src/DescribeAssociationExecutions.js"
import * as DescribeAssociationExecutionTargets from "../../src/DescribeAssociationExecutionTargets.js"
import type {
  DescribeAssociationExecutionTargetsInput,
  DescribeAssociationExecutionTargetsOutput
} from "../../src/DescribeAssociationExecutionTargets.js"
import * as Endpoint from "../../src/Endpoint.js"
import * as GetCommandInvocation from "../../src/GetCommandInvocation.js"
import * as Index from "../../src/index.js"
import * as InMemorySsm from "../../src/InMemorySsm.js"
import * as LocalEndpoint from "../../src/LocalEndpoint.js"
import * as Metrics from "../../src/Metrics.js"
import * as NodeAssociationExecutions from "../../src/NodeAssociationExecutions.js"
import * as NodeCredentials from "../../src/NodeCredentials.js"
import * as Pagination from "../../src/Pagination.js"
import * as RateLimit from "../../src/RateLimit.js"
import * as RetryPolicy from "../../src/RetryPolicy.js"
import * as StartAssociationsOnce from "../../src/StartAssociationsOnce.js"
import * as Watch from "../../src/Watch.js"
import type { ExportedNames } from "../support/exportedNames.js"
import { entryFilesFromPackageJson, readExportedNames } from "../support/exportedNames.js"

/**
 * Every package entry, the module behind it, and every name it exports as `name: kind` (sorted by
 * name), type-only names included: `value`, `type`, `both` (a class, or a schema with its type of
 * the same name) or `namespace` (`export * as`). To update after a deliberate change, run this file
 * and copy the "Received" side of the failing entry's diff here (`test/support/exportedNames.ts`).
 */
const entries: Record<string, { readonly module: object; readonly names: ReadonlyArray<string> }> = {
  ".": {
    module: Index,
    names: [
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
    ]
  },
  "./AssociationExecutions": {
    module: AssociationExecutions,
    names: [
      "AssociationExecutions: both",
      "Options: type",
      "RequestSigner: type",
      "Service: type",
      "SignableRequest: type",
      "SigningOptions: type",
      "layer: value",
      "layerConfig: value",
      "make: value"
    ]
  },
  "./AssociationExecutionsError": {
    module: AssociationExecutionsError,
    names: [
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
    ]
  },
  "./AssociationExecutionsTest": {
    module: AssociationExecutionsTest,
    names: [
      "Model: both",
      "TestLayerOptions: type",
      "layer: value",
      "layerFromDescribe: value",
      "runWithTestClock: value"
    ]
  },
  "./Credentials": {
    module: Credentials,
    names: [
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
    ]
  },
  "./DescribeAssociationExecutions": {
    module: DescribeAssociationExecutions,
    names: [
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
    ]
  },
  "./DescribeAssociationExecutionTargets": {
    module: DescribeAssociationExecutionTargets,
    names: [
      "AssociationExecutionTarget: both",
      "AssociationExecutionTargetsFilter: both",
      "AssociationExecutionTargetsFilterKey: both",
      "DescribeAssociationExecutionTargetsInput: both",
      "DescribeAssociationExecutionTargetsOutput: both",
      "OutputSource: both"
    ]
  },
  "./Endpoint": {
    module: Endpoint,
    names: [
      "EndpointOptions: type",
      "ResolvedEndpoint: type",
      "resolveEndpoint: value"
    ]
  },
  "./GetCommandInvocation": {
    module: GetCommandInvocation,
    names: [
      "CloudWatchOutputConfig: both",
      "GetCommandInvocationInput: both",
      "GetCommandInvocationOutput: both",
      "parseDateTime: value",
      "parseElapsedTime: value"
    ]
  },
  "./InMemorySsm": {
    module: InMemorySsm,
    names: [
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
      "HandleOptions: type",
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
      "VerifyOptions: type",
      "WireRequest: type",
      "WireResponse: type",
      "generate: value",
      "httpClient: value",
      "localCredentials: value",
      "make: value",
      "signatureVerification: value"
    ]
  },
  "./Metrics": {
    module: Metrics,
    names: [
      "items: value",
      "pages: value",
      "requests: value",
      "retries: value",
      "throttles: value"
    ]
  },
  // Types only: nothing at run time.
  "./Pagination": {
    module: Pagination,
    names: [
      "Failure: type",
      "FailuresOptions: type",
      "Page: type",
      "PagesInput: type",
      "PaginationOptions: type",
      "TargetOutput: type",
      "TargetsInput: type"
    ]
  },
  // Types only: nothing at run time.
  "./RateLimit": {
    module: RateLimit,
    names: [
      "RateLimitOptions: type"
    ]
  },
  "./RetryPolicy": {
    module: RetryPolicy,
    names: [
      "RetryClass: type",
      "RetryOptions: type",
      "RetryQuotaOptions: type",
      "classify: value",
      "defaultMaxAttempts: value"
    ]
  },
  "./StartAssociationsOnce": {
    module: StartAssociationsOnce,
    names: [
      "StartAssociationsOnceInput: both",
      "StartAssociationsOnceOutput: both",
      "StartOnceOptions: type"
    ]
  },
  "./Watch": {
    module: Watch,
    names: [
      "ExecutionState: both",
      "WatchInput: type",
      "WatchOptions: type",
      "defaultTerminalStatuses: value"
    ]
  },
  "./NodeAssociationExecutions": {
    module: NodeAssociationExecutions,
    names: [
      "NodeOptions: type",
      "layer: value",
      "layerConfig: value",
      "signer: value"
    ]
  },
  "./NodeCredentials": {
    module: NodeCredentials,
    names: [
      "DefaultChainOptions: type",
      "ProfileInfo: type",
      "ProfileInfoOptions: type",
      "ProfileOptions: type",
      "defaultChain: value",
      "profileInfo: value",
      "sharedFiles: value"
    ]
  },
  "./LocalEndpoint": {
    module: LocalEndpoint,
    names: [
      "LocalEndpoint: both",
      "LocalEndpointError: both",
      "LocalEndpointInfo: type",
      "LocalEndpointOptions: type",
      "layer: value",
      "make: value",
      "startupBanner: value"
    ]
  }
}

/** The Effect 4 line's entries (`./effect4`, `./effect4/X`) are pinned by its own run. */
const isEffect4 = (entry: string): boolean => entry === "./effect4" || entry.startsWith("./effect4/")
const effect3Exports = Object.fromEntries(Object.entries(packageJson.exports).filter(([entry]) => !isEffect4(entry)))

/** The names the compiler reads, one Program for every entry, built on first use (about a second). */
let exportedCache: ExportedNames | undefined
const exported = (): ExportedNames =>
  exportedCache ??= readExportedNames(
    entryFilesFromPackageJson(fileURLToPath(new URL("../../package.json", import.meta.url)), effect3Exports),
    fileURLToPath(new URL("../../tsconfig.json", import.meta.url))
  )

describe("public API: exported names", () => {
  it("covers every entry of package.json \"exports\"", () => {
    const exported = Object.keys(packageJson.exports).filter((entry) => entry !== "./package.json" && !isEffect4(entry))
      .sort()
    assert.deepStrictEqual(exported, Object.keys(entries).sort())
  })

  it("maps every entry to the build of the module listed for it", async () => {
    for (const [entry, target] of Object.entries(packageJson.exports)) {
      if (entry === "./package.json" || isEffect4(entry)) continue
      const name = entry === "." ? "index" : entry.slice(2)
      const conditions: Readonly<Record<string, string>> = typeof target === "string" ? { default: target } : target
      assert.strictEqual(conditions.types, `./dist/${name}.d.ts`, `${entry} has types`)
      for (const [condition, file] of Object.entries(conditions)) {
        assert.strictEqual(file, `./dist/${name}${condition === "types" ? ".d.ts" : ".js"}`, `${entry} ${condition}`)
      }
      assert.strictEqual(await import(`../../src/${name}.ts`), entries[entry]?.module, `${entry} is src/${name}.ts`)
    }
  })

  it("the compiler reads exactly the entries of package.json \"exports\"", () => {
    assert.deepStrictEqual(Object.keys(exported()).sort(), Object.keys(entries).sort())
  })

  for (const [entry, { module, names }] of Object.entries(entries)) {
    it(`${entry} exports exactly its listed names and kinds, types included`, () => {
      assert.deepStrictEqual(exported()[entry], names, entry)
    })

    it(`${entry} has at run time exactly its names that are not types only`, () => {
      const runTime = names.filter((name) => !name.endsWith(": type")).map((name) => name.slice(0, name.indexOf(":")))
      assert.deepStrictEqual(Object.keys(module).sort(), runTime.sort(), entry)
    })
  }

  it("the root entry re-exports the core modules themselves", () => {
    assert.strictEqual(Index.AssociationExecutions, AssociationExecutions)
    assert.strictEqual(Index.AssociationExecutionsError, AssociationExecutionsError)
    assert.strictEqual(Index.AssociationExecutionsTest, AssociationExecutionsTest)
    assert.strictEqual(Index.Credentials, Credentials)
    assert.strictEqual(Index.DescribeAssociationExecutions, DescribeAssociationExecutions)
    assert.strictEqual(Index.Endpoint, Endpoint)
    assert.strictEqual(Index.GetCommandInvocation, GetCommandInvocation)
    assert.strictEqual(Index.InMemorySsm, InMemorySsm)
    assert.strictEqual(Index.Metrics, Metrics)
    assert.strictEqual(Index.Pagination, Pagination)
    assert.strictEqual(Index.RateLimit, RateLimit)
    assert.strictEqual(Index.RetryPolicy, RetryPolicy)
    assert.strictEqual(Index.StartAssociationsOnce, StartAssociationsOnce)
    assert.strictEqual(Index.Watch, Watch)
  })
})

describe("public API: types", () => {
  it("AssociationExecutions.Service methods", () => {
    expectTypeOf<AssociationExecutions.Service["describe"]>().parameters.toEqualTypeOf<
      [input: DescribeAssociationExecutionsInput]
    >()
    expectTypeOf<AssociationExecutions.Service["describe"]>().returns.toEqualTypeOf<
      Effect.Effect<DescribeAssociationExecutionsOutput, DescribeError, never>
    >()
    expectTypeOf<AssociationExecutions.Service["pages"]>().returns.toEqualTypeOf<
      Stream.Stream<Pagination.Page, PaginationError, never>
    >()
    expectTypeOf<AssociationExecutions.Service["stream"]>().returns.toEqualTypeOf<
      Stream.Stream<AssociationExecution, PaginationError, never>
    >()
    expectTypeOf<AssociationExecutions.Service["startOnce"]>().parameters.toEqualTypeOf<
      [input: StartAssociationsOnce.StartAssociationsOnceInput, options?: StartAssociationsOnce.StartOnceOptions]
    >()
    expectTypeOf<AssociationExecutions.Service["startOnce"]>().returns.toEqualTypeOf<
      Effect.Effect<StartAssociationsOnce.StartAssociationsOnceOutput, StartOnceError, never>
    >()
    expectTypeOf<AssociationExecutions.Service["getCommandInvocation"]>().parameters.toEqualTypeOf<
      [input: GetCommandInvocation.GetCommandInvocationInput]
    >()
    expectTypeOf<AssociationExecutions.Service["getCommandInvocation"]>().returns.toEqualTypeOf<
      Effect.Effect<GetCommandInvocation.GetCommandInvocationOutput, GetCommandInvocationError, never>
    >()
    expectTypeOf<AssociationExecutions.Service["watch"]>().parameters.toEqualTypeOf<
      [input: Watch.WatchInput, options: Watch.WatchOptions]
    >()
    expectTypeOf<AssociationExecutions.Service["watch"]>().returns.toEqualTypeOf<
      Stream.Stream<Watch.ExecutionState, WatchError, never>
    >()
    expectTypeOf<AssociationExecutions.Service["awaitExecution"]>().parameters.toEqualTypeOf<
      [input: Watch.WatchInput, options: Watch.WatchOptions]
    >()
    expectTypeOf<AssociationExecutions.Service["awaitExecution"]>().returns.toEqualTypeOf<
      Effect.Effect<Watch.ExecutionState, WatchError, never>
    >()
    expectTypeOf<Context.Tag.Service<AssociationExecutions.AssociationExecutions>>().toEqualTypeOf<
      AssociationExecutions.Service
    >()
    assert.isTrue(Context.isTag(AssociationExecutions.AssociationExecutions))
  })

  it("AssociationExecutions constructors", () => {
    expectTypeOf(AssociationExecutions.layer).parameters.toEqualTypeOf<[options?: AssociationExecutions.Options]>()
    expectTypeOf(AssociationExecutions.layer).returns.toEqualTypeOf<
      Layer.Layer<AssociationExecutions.AssociationExecutions, ConfigurationError, HttpClient.HttpClient>
    >()
    expectTypeOf(AssociationExecutions.layerConfig).parameters.toEqualTypeOf<
      [options?: AssociationExecutions.Options]
    >()
    expectTypeOf(AssociationExecutions.layerConfig).returns.toEqualTypeOf<
      Layer.Layer<
        AssociationExecutions.AssociationExecutions,
        ConfigurationError | ConfigError.ConfigError,
        HttpClient.HttpClient
      >
    >()
    expectTypeOf(AssociationExecutions.make).parameters.toEqualTypeOf<[options?: AssociationExecutions.Options]>()
    expectTypeOf(AssociationExecutions.make).returns.toEqualTypeOf<
      Effect.Effect<AssociationExecutions.Service, ConfigurationError, HttpClient.HttpClient | Scope.Scope>
    >()
    assert.isFunction(AssociationExecutions.layer)
    assert.isFunction(AssociationExecutions.layerConfig)
    assert.isFunction(AssociationExecutions.make)
  })

  it("NodeAssociationExecutions", () => {
    expectTypeOf(NodeAssociationExecutions.layerConfig).parameters.toEqualTypeOf<
      [options?: NodeAssociationExecutions.NodeOptions]
    >()
    // The Node layers bring their own transport: they need nothing from their context.
    expectTypeOf(NodeAssociationExecutions.layerConfig).returns.toEqualTypeOf<
      Layer.Layer<AssociationExecutions.AssociationExecutions, ConfigurationError | ConfigError.ConfigError, never>
    >()
    expectTypeOf(NodeAssociationExecutions.layer).parameters.toEqualTypeOf<[options?: AssociationExecutions.Options]>()
    expectTypeOf(NodeAssociationExecutions.layer).returns.toEqualTypeOf<
      Layer.Layer<AssociationExecutions.AssociationExecutions, ConfigurationError, never>
    >()
    expectTypeOf(NodeAssociationExecutions.signer).toEqualTypeOf<AssociationExecutions.RequestSigner>()
    assert.isFunction(NodeAssociationExecutions.layerConfig)
    assert.isFunction(NodeAssociationExecutions.layer)
    assert.isFunction(NodeAssociationExecutions.signer)
  })

  it("AssociationExecutionsTest", () => {
    expectTypeOf(AssociationExecutionsTest.layer).parameters.toEqualTypeOf<
      [options?: AssociationExecutionsTest.TestLayerOptions]
    >()
    expectTypeOf(AssociationExecutionsTest.layer).returns.toEqualTypeOf<
      Layer.Layer<AssociationExecutions.AssociationExecutions | AssociationExecutionsTest.Model, never, never>
    >()
    expectTypeOf(AssociationExecutionsTest.layerFromDescribe).parameters.toEqualTypeOf<
      [
        describe: (
          input: DescribeAssociationExecutionsInput
        ) => Effect.Effect<DescribeAssociationExecutionsOutput, DescribeError, never>,
        describeTargets?: (
          input: DescribeAssociationExecutionTargetsInput
        ) => Effect.Effect<DescribeAssociationExecutionTargetsOutput, DescribeTargetsError, never>,
        others?: Partial<Pick<AssociationExecutions.Service, "startOnce" | "getCommandInvocation">>
      ]
    >()
    expectTypeOf(AssociationExecutionsTest.layerFromDescribe).returns.toEqualTypeOf<
      Layer.Layer<AssociationExecutions.AssociationExecutions, never, never>
    >()
    expectTypeOf(AssociationExecutionsTest.runWithTestClock<number, DescribeError, Scope.Scope>).returns
      .toEqualTypeOf<Effect.Effect<number, DescribeError, Scope.Scope>>()
    expectTypeOf<Context.Tag.Service<AssociationExecutionsTest.Model>>().toEqualTypeOf<InMemorySsm.InMemorySsm>()
    assert.isFunction(AssociationExecutionsTest.layer)
    assert.isFunction(AssociationExecutionsTest.layerFromDescribe)
    assert.isFunction(AssociationExecutionsTest.runWithTestClock)
  })

  it("DescribeError is exactly the ten request errors", () => {
    expectTypeOf<DescribeError>().toEqualTypeOf<
      | AssociationDoesNotExist
      | InvalidNextToken
      | InternalServerError
      | ThrottlingError
      | AwsServiceError
      | InvalidInput
      | CredentialsError
      | TransportError
      | TimeoutError
      | ResponseDecodeError
    >()
    // The schema value of the same name decodes to the same union.
    expectTypeOf<Schema.Schema.Type<typeof AssociationExecutionsError.DescribeError>>().toEqualTypeOf<
      DescribeError
    >()
    assert.strictEqual(AssociationExecutionsError.DescribeError.members.length, 10)
  })

  it("StartOnceError and GetCommandInvocationError are exactly their operations' errors", () => {
    expectTypeOf<StartOnceError>().toEqualTypeOf<
      | AssociationDoesNotExist
      | InvalidAssociation
      | InternalServerError
      | ThrottlingError
      | AwsServiceError
      | InvalidInput
      | CredentialsError
      | TransportError
      | TimeoutError
      | ResponseDecodeError
      | StartOutcomeUnknown
    >()
    expectTypeOf<Schema.Schema.Type<typeof AssociationExecutionsError.StartOnceError>>().toEqualTypeOf<
      StartOnceError
    >()
    assert.strictEqual(AssociationExecutionsError.StartOnceError.members.length, 11)
    expectTypeOf<GetCommandInvocationError>().toEqualTypeOf<
      | InvocationDoesNotExist
      | InvalidCommandId
      | InvalidInstanceId
      | InvalidPluginName
      | InternalServerError
      | ThrottlingError
      | AwsServiceError
      | InvalidInput
      | CredentialsError
      | TransportError
      | TimeoutError
      | ResponseDecodeError
    >()
    expectTypeOf<Schema.Schema.Type<typeof AssociationExecutionsError.GetCommandInvocationError>>().toEqualTypeOf<
      GetCommandInvocationError
    >()
    assert.strictEqual(AssociationExecutionsError.GetCommandInvocationError.members.length, 12)
  })

  it("WatchError is the drill-down's errors, the listing guards, and the two ends of a watch", () => {
    expectTypeOf<WatchError>().toEqualTypeOf<
      | AssociationDoesNotExist
      | AssociationExecutionDoesNotExist
      | InvalidNextToken
      | InternalServerError
      | ThrottlingError
      | AwsServiceError
      | InvalidInput
      | CredentialsError
      | TransportError
      | TimeoutError
      | ResponseDecodeError
      | RepeatedNextToken
      | EndlessPagination
      | ExecutionNotFound
      | WatchTimeout
    >()
    expectTypeOf<Schema.Schema.Type<typeof AssociationExecutionsError.WatchError>>().toEqualTypeOf<WatchError>()
    assert.strictEqual(AssociationExecutionsError.WatchError.members.length, 5)
    expectTypeOf<WatchTimeout["lastSeen"]>().toEqualTypeOf<Watch.ExecutionState>()
  })

  it("credentials chains and providers", () => {
    expectTypeOf(Credentials.defaultChain).returns.toEqualTypeOf<
      ReadonlyArray<Credentials.CredentialsProvider<HttpClient.HttpClient>>
    >()
    expectTypeOf(NodeCredentials.defaultChain).returns.toEqualTypeOf<
      ReadonlyArray<Credentials.CredentialsProvider<HttpClient.HttpClient>>
    >()
    expectTypeOf(NodeCredentials.sharedFiles).returns.toEqualTypeOf<Credentials.CredentialsProvider<never>>()
    expectTypeOf(Credentials.environment).toEqualTypeOf<Credentials.CredentialsProvider<never>>()
    assert.isFunction(Credentials.defaultChain)
    assert.isFunction(NodeCredentials.defaultChain)
    assert.isFunction(NodeCredentials.sharedFiles)
  })

  it("the profile as the library reads it, for callers that decide on it", () => {
    expectTypeOf(NodeCredentials.profileInfo).parameters.toEqualTypeOf<[NodeCredentials.ProfileInfoOptions?]>()
    expectTypeOf(NodeCredentials.profileInfo).returns.toEqualTypeOf<
      Effect.Effect<NodeCredentials.ProfileInfo, AssociationExecutionsError.ConfigurationError>
    >()
    expectTypeOf<NodeCredentials.ProfileInfo>().toEqualTypeOf<{
      readonly name: string
      readonly explicit: boolean
      readonly found: boolean
      readonly settingNames: ReadonlySet<string>
      readonly configFile: string
      readonly credentialsFile: string
    }>()
    expectTypeOf<NodeCredentials.ProfileInfoOptions["readFile"]>().toEqualTypeOf<
      ((path: string) => string | undefined) | undefined
    >()
    assert.isFunction(NodeCredentials.profileInfo)
  })

  it("LocalEndpoint, InMemorySsm, Endpoint and RetryPolicy", () => {
    expectTypeOf(LocalEndpoint.make).returns.toEqualTypeOf<
      Effect.Effect<LocalEndpoint.LocalEndpointInfo, LocalEndpoint.LocalEndpointError, Scope.Scope>
    >()
    expectTypeOf(LocalEndpoint.layer).returns.toEqualTypeOf<
      Layer.Layer<LocalEndpoint.LocalEndpoint, LocalEndpoint.LocalEndpointError, never>
    >()
    expectTypeOf(InMemorySsm.make).returns.toEqualTypeOf<Effect.Effect<InMemorySsm.InMemorySsm, never, never>>()
    expectTypeOf(InMemorySsm.generate).returns.toEqualTypeOf<Effect.Effect<InMemorySsm.InMemorySsm, never, never>>()
    expectTypeOf(InMemorySsm.httpClient).returns.toEqualTypeOf<HttpClient.HttpClient>()
    // Types a public signature reaches are exported: the wire types through `httpClient` and `handle`,
    // `CommandTarget` through `AssociationRecord.commandTarget`.
    expectTypeOf(InMemorySsm.httpClient).parameters.toEqualTypeOf<
      [model: InMemorySsm.InMemorySsm, options?: InMemorySsm.HandleOptions]
    >()
    expectTypeOf<InMemorySsm.InMemorySsm["handle"]>().toEqualTypeOf<
      (request: InMemorySsm.WireRequest, options?: InMemorySsm.HandleOptions) => Effect.Effect<InMemorySsm.WireResponse>
    >()
    expectTypeOf<InMemorySsm.AssociationRecord["commandTarget"]>().returns.toEqualTypeOf<
      InMemorySsm.CommandTarget | undefined
    >()
    expectTypeOf(Endpoint.resolveEndpoint).returns.toEqualTypeOf<
      Either.Either<Endpoint.ResolvedEndpoint, ConfigurationError>
    >()
    expectTypeOf(RetryPolicy.classify).toEqualTypeOf<(error: DescribeTargetsError) => RetryPolicy.RetryClass>()
    assert.isFunction(LocalEndpoint.make)
    assert.isFunction(LocalEndpoint.layer)
    assert.isFunction(InMemorySsm.make)
    assert.isFunction(InMemorySsm.generate)
    assert.isFunction(Endpoint.resolveEndpoint)
    assert.isFunction(RetryPolicy.classify)
  })
})
