/**
 * Pins the public types of both lines: the success, error and requirement types of the public
 * methods and layers, the same pins on each (what the lines spell differently, the `HttpClient`
 * service, `ConfigError`, a tag's service, `Either`/`Result`, comes from `@line/testing`). The
 * exported names are pinned by `test/PublicApi.test.ts`. The type assertions are checked by `tsc`
 * (both lines' checks are part of `npm test`), not by vitest at run time.
 */
import { assert, describe, it } from "@effect/vitest"
import type { ConfigError, HttpClient, Outcome, ServiceOf } from "@line/testing"
import { isServiceTag, line } from "@line/testing"
import type * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import type * as Stream from "effect/Stream"
import * as AssociationExecutions from "ssm-association-executions/AssociationExecutions"
import * as AssociationExecutionsError from "ssm-association-executions/AssociationExecutionsError"
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
} from "ssm-association-executions/AssociationExecutionsError"
import * as AssociationExecutionsTest from "ssm-association-executions/AssociationExecutionsTest"
import * as Credentials from "ssm-association-executions/Credentials"
import type {
  AssociationExecution,
  DescribeAssociationExecutionsInput,
  DescribeAssociationExecutionsOutput
} from "ssm-association-executions/DescribeAssociationExecutions"
import type {
  DescribeAssociationExecutionTargetsInput,
  DescribeAssociationExecutionTargetsOutput
} from "ssm-association-executions/DescribeAssociationExecutionTargets"
import * as Endpoint from "ssm-association-executions/Endpoint"
import type * as GetCommandInvocation from "ssm-association-executions/GetCommandInvocation"
import * as InMemorySsm from "ssm-association-executions/InMemorySsm"
import type { HandleOptions, WireRequest, WireResponse } from "ssm-association-executions/internal/inMemory/wire"
import * as LocalEndpoint from "ssm-association-executions/LocalEndpoint"
import * as NodeAssociationExecutions from "ssm-association-executions/NodeAssociationExecutions"
import * as NodeCredentials from "ssm-association-executions/NodeCredentials"
import type * as Pagination from "ssm-association-executions/Pagination"
import * as RetryPolicy from "ssm-association-executions/RetryPolicy"
import type * as StartAssociationsOnce from "ssm-association-executions/StartAssociationsOnce"
import type * as Watch from "ssm-association-executions/Watch"
import { expectTypeOf } from "vitest"

describe(`public API of the Effect ${line} line: types`, () => {
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
    expectTypeOf<ServiceOf<typeof AssociationExecutions.AssociationExecutions>>().toEqualTypeOf<
      AssociationExecutions.Service
    >()
    assert.isTrue(isServiceTag(AssociationExecutions.AssociationExecutions))
  })

  it("AssociationExecutions constructors", () => {
    expectTypeOf(AssociationExecutions.layer).parameters.toEqualTypeOf<[options?: AssociationExecutions.Options]>()
    expectTypeOf(AssociationExecutions.layer).returns.toEqualTypeOf<
      Layer.Layer<AssociationExecutions.AssociationExecutions, ConfigurationError, HttpClient>
    >()
    expectTypeOf(AssociationExecutions.layerConfig).parameters.toEqualTypeOf<
      [options?: AssociationExecutions.Options]
    >()
    expectTypeOf(AssociationExecutions.layerConfig).returns.toEqualTypeOf<
      Layer.Layer<
        AssociationExecutions.AssociationExecutions,
        ConfigurationError | ConfigError,
        HttpClient
      >
    >()
    expectTypeOf(AssociationExecutions.make).parameters.toEqualTypeOf<[options?: AssociationExecutions.Options]>()
    expectTypeOf(AssociationExecutions.make).returns.toEqualTypeOf<
      Effect.Effect<AssociationExecutions.Service, ConfigurationError, HttpClient | Scope.Scope>
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
      Layer.Layer<AssociationExecutions.AssociationExecutions, ConfigurationError | ConfigError, never>
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
    expectTypeOf<ServiceOf<typeof AssociationExecutionsTest.Model>>().toEqualTypeOf<InMemorySsm.InMemorySsm>()
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
    expectTypeOf<(typeof AssociationExecutionsError.DescribeError)["Type"]>().toEqualTypeOf<
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
    expectTypeOf<(typeof AssociationExecutionsError.StartOnceError)["Type"]>().toEqualTypeOf<
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
    expectTypeOf<(typeof AssociationExecutionsError.GetCommandInvocationError)["Type"]>().toEqualTypeOf<
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
    expectTypeOf<(typeof AssociationExecutionsError.WatchError)["Type"]>().toEqualTypeOf<WatchError>()
    assert.strictEqual(AssociationExecutionsError.WatchError.members.length, 5)
    expectTypeOf<WatchTimeout["lastSeen"]>().toEqualTypeOf<Watch.ExecutionState>()
  })

  it("credentials chains and providers", () => {
    expectTypeOf(Credentials.defaultChain).returns.toEqualTypeOf<
      ReadonlyArray<Credentials.CredentialsProvider<HttpClient>>
    >()
    expectTypeOf(NodeCredentials.defaultChain).returns.toEqualTypeOf<
      ReadonlyArray<Credentials.CredentialsProvider<HttpClient>>
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
    expectTypeOf(InMemorySsm.httpClient).returns.toEqualTypeOf<HttpClient>()
    // `httpClient`'s options say what they mean; the wire types (`handle`'s) stay internal, so the
    // module exports its records, options and faults only. `CommandTarget` is exported: a public
    // signature (`AssociationRecord.commandTarget`) reaches it.
    expectTypeOf(InMemorySsm.httpClient).parameters.toEqualTypeOf<
      [model: InMemorySsm.InMemorySsm, options?: { readonly verifySignatures?: boolean | undefined }]
    >()
    expectTypeOf<InMemorySsm.InMemorySsm["handle"]>().toEqualTypeOf<
      (request: WireRequest, options?: HandleOptions) => Effect.Effect<WireResponse>
    >()
    expectTypeOf<InMemorySsm.AssociationRecord["commandTarget"]>().returns.toEqualTypeOf<
      InMemorySsm.CommandTarget | undefined
    >()
    expectTypeOf(Endpoint.resolveEndpoint).returns.toEqualTypeOf<
      Outcome<Endpoint.ResolvedEndpoint, ConfigurationError>
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
