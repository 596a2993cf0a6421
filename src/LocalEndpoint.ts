/**
 * *Node-only*: the in-memory SSM served over HTTP on 127.0.0.1, speaking awsJson1.1 and checking
 * SigV4, so this module, any AWS SDK and the AWS CLI can all run against it without an account.
 * Each request is logged at debug level through Effect's logger (nothing shows at the default
 * level): an application that embeds the endpoint keeps its stdout.
 */
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as FiberSet from "effect/FiberSet"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import * as InMemorySsm from "./InMemorySsm.js"
import { identifier } from "./internal/identifier.js"

/** How to run a local endpoint. */
export interface LocalEndpointOptions {
  /**
   * TCP port on 127.0.0.1; 0 picks a free one.
   * @default 0
   */
  readonly port?: number | undefined
  /**
   * The region it serves: clients must sign for it.
   * @default "us-east-1"
   */
  readonly region?: string | undefined
  /**
   * Credentials it accepts; the first is printed in the banner.
   * @default [InMemorySsm.localCredentials]
   */
  readonly credentials?: ReadonlyArray<InMemorySsm.AcceptedCredentials> | undefined
  /**
   * Check SigV4 like AWS. With `false`, any signature (or none) is accepted.
   * @default true
   */
  readonly verifySignatures?: boolean | undefined
  /** The model to serve; when absent one is generated from `generate`. */
  readonly model?: InMemorySsm.InMemorySsm | undefined
  /**
   * How to generate the model when `model` is absent. Its `requestLogLimit` bounds what the endpoint
   * remembers of the requests it serves, however long it runs. Its `rateLimit` (`{ requestsPerSecond,
   * burst }`, a token bucket) makes the endpoint answer 400 `ThrottlingException` "Rate exceeded" past
   * that rate, as SSM does, so a real limit can be reproduced on one machine; its `randomFaults` add
   * throttling, 500s, dropped connections and latency at random. Its history ends when the endpoint
   * starts (by `clock`) unless `now` fixes the instant, so "the last 7 days" finds executions; a test
   * that compares times passes a fixed `now`.
   * @default { seed: 1 }: no rate limit, no faults, the last 10,000 requests remembered
   */
  readonly generate?: InMemorySsm.GenerateOptions | undefined
  /**
   * The clock by which the endpoint judges signature times, dates its answers and paces its faults.
   * Real clients sign with the wall clock; a test whose client runs on a virtual clock passes that
   * clock here, so both agree on the time.
   * @default the wall clock, even inside a test runtime
   */
  readonly clock?: Clock.Clock | undefined
}

/** A running local endpoint. */
export interface LocalEndpointInfo {
  /** `http://127.0.0.1:<port>` */
  readonly url: string
  readonly port: number
  readonly region: string
  readonly model: InMemorySsm.InMemorySsm
  /** The credentials printed in the banner (the first accepted pair). */
  readonly credentials: InMemorySsm.AcceptedCredentials
  /** Stops the server now instead of at the end of its scope; closing twice is harmless. */
  readonly close: Effect.Effect<void>
}

/** The server could not start, e.g. the port is taken. */
export class LocalEndpointError extends Schema.TaggedError<LocalEndpointError>(identifier("LocalEndpointError"))(
  "LocalEndpointError",
  {
    /** What failed, in words. */
    reason: Schema.String,
    cause: Schema.optional(Schema.Defect)
  }
) {
  override get message(): string {
    return `The local SSM endpoint could not start: ${this.reason}`
  }
}

/** The running local endpoint, as a service. */
export class LocalEndpoint extends Context.Tag(identifier("LocalEndpoint"))<LocalEndpoint, LocalEndpointInfo>() {}

const headersOf = (request: Http.IncomingMessage): Record<string, string> => {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(",") : value
  }
  return headers
}

const readBody = (request: Http.IncomingMessage) =>
  Effect.async<string, LocalEndpointError>((resume) => {
    const chunks: Array<Buffer> = []
    request.on("data", (chunk: Buffer) => chunks.push(chunk))
    request.on("end", () => resume(Effect.succeed(Buffer.concat(chunks).toString("utf8"))))
    request.on("error", (cause) => resume(Effect.fail(new LocalEndpointError({ reason: "request aborted", cause }))))
  })

const send = (response: Http.ServerResponse, wire: InMemorySsm.WireResponse) =>
  Effect.sync(() => {
    if (wire._tag === "Response") {
      response.writeHead(wire.status, wire.headers)
      response.end(wire.body)
    } else if (wire.stage === "beforeHeaders") {
      response.socket?.destroy()
    } else {
      // Headers promise the whole body; the socket dies after part of it, as a reset connection does.
      response.writeHead(wire.status, wire.headers)
      response.write(wire.partialBody, () => response.socket?.destroy())
    }
  })

const serve = (
  model: InMemorySsm.InMemorySsm,
  options: InMemorySsm.HandleOptions,
  clock: Clock.Clock,
  request: Http.IncomingMessage,
  response: Http.ServerResponse
) =>
  Effect.gen(function*() {
    const started = yield* Clock.currentTimeMillis
    const body = yield* readBody(request)
    const wire = yield* model.handle(
      { method: request.method ?? "GET", path: request.url ?? "/", headers: headersOf(request), body },
      options
    )
    yield* send(response, wire)
    const latency = (yield* Clock.currentTimeMillis) - started
    const { code, operation, outcome, status } = wire.entry
    const detail = code ?? (outcome === "Response" ? "-" : outcome)
    // Debug: the embedding application's logs (and its stdout, where Effect's default logger
    // writes) stay its own; the CLI's `local` raises its level to print one line per request.
    yield* Effect.logDebug(`${operation === "" ? "-" : operation} ${status ?? "dropped"} ${detail} ${latency}ms`)
  }).pipe(
    // A client that went away mid-request is its own business, not the application's.
    Effect.catchAll((error) => Effect.logDebug(error.message)),
    Effect.withClock(clock)
  )

/**
 * Starts a local endpoint for the life of the scope.
 *
 * @example
 * const endpoint = yield* LocalEndpoint.make({ generate: { seed: 7, executionsPerAssociation: 120 } })
 * console.log(LocalEndpoint.startupBanner(endpoint))
 */
export const make = (
  options: LocalEndpointOptions = {}
): Effect.Effect<LocalEndpointInfo, LocalEndpointError, Scope.Scope> =>
  Effect.gen(function*() {
    // Clients sign with the wall clock, so by default the server judges time by it too.
    const clock = options.clock ?? Clock.make()
    const generate = options.generate ?? { seed: 1 }
    const model = options.model ?? (yield* InMemorySsm.generate(
      generate.now === undefined ? { ...generate, now: new Date(clock.unsafeCurrentTimeMillis()) } : generate
    ))
    const region = options.region ?? "us-east-1"
    const credentials = options.credentials ?? [InMemorySsm.localCredentials]
    const [printed] = credentials
    if (printed === undefined) {
      return yield* new LocalEndpointError({ reason: "at least one accepted credential pair is required" })
    }
    const handleOptions: InMemorySsm.HandleOptions = options.verifySignatures === false ? {} : {
      signature: InMemorySsm.signatureVerification({ credentials, regions: [region] })
    }
    const run = yield* FiberSet.makeRuntime<never, void, never>()
    const server = Http.createServer({ keepAlive: true }, (request, response) => {
      run(serve(model, handleOptions, clock, request, response))
    })
    const closed = yield* Ref.make(false)
    const close = Effect.flatMap(Ref.getAndSet(closed, true), (already) =>
      already ? Effect.void : Effect.async<void>((resume) => {
        server.close(() =>
          resume(Effect.void)
        )
        server.closeAllConnections()
      }))
    const port = yield* Effect.acquireRelease(
      Effect.async<number, LocalEndpointError>((resume) => {
        server.once("error", (cause) => resume(Effect.fail(new LocalEndpointError({ reason: cause.message, cause }))))
        server.listen(options.port ?? 0, "127.0.0.1", () => {
          const address: AddressInfo | string | null = server.address()
          resume(
            typeof address === "object" && address !== null
              ? Effect.succeed(address.port)
              : Effect.fail(new LocalEndpointError({ reason: "the server has no TCP address" }))
          )
        })
      }),
      () => close
    )
    return { url: `http://127.0.0.1:${port}`, port, region, model, credentials: printed, close }
  })

/** A scoped layer running a local endpoint, for tests and applications. */
export const layer = (options: LocalEndpointOptions = {}): Layer.Layer<LocalEndpoint, LocalEndpointError> =>
  Layer.scoped(LocalEndpoint, make(options))

// Single quotes unless every character is one a POSIX shell takes literally. The CLI keeps a copy of
// this rule for its continuation flags (cli/src/exitCodes.ts): it can import only the public modules.
const shellQuote = (value: string): string =>
  /^[\w/+=.:@%,-]+$/.test(value) ? value : `'${value.replace(/'/g, "'\\''")}'`

/**
 * What to print on start: the URL, the associations served, and lines to paste into a shell to
 * point any AWS SDK or the AWS CLI at the endpoint. The printed secret is the fixed local test key.
 */
export const startupBanner = (endpoint: LocalEndpointInfo): string => {
  const environment = [
    `AWS_ENDPOINT_URL_SSM=${shellQuote(endpoint.url)}`,
    `AWS_REGION=${shellQuote(endpoint.region)}`,
    // aws-cli v1 reads AWS_DEFAULT_REGION, not AWS_REGION.
    `AWS_DEFAULT_REGION=${shellQuote(endpoint.region)}`,
    `AWS_ACCESS_KEY_ID=${shellQuote(endpoint.credentials.accessKeyId)}`,
    `AWS_SECRET_ACCESS_KEY=${shellQuote(Redacted.value(endpoint.credentials.secretAccessKey))}`,
    ...(endpoint.credentials.sessionToken === undefined
      ? []
      : [`AWS_SESSION_TOKEN=${shellQuote(Redacted.value(endpoint.credentials.sessionToken))}`])
  ]
  const ids = endpoint.model.associationIds
  // Counted from the records: `executions(id)` would make every execution of a generated million.
  const counts = new Map(endpoint.model.associations.map((association) => [
    association.AssociationId,
    association.executions.length
  ]))
  return [
    `Local SSM endpoint (DescribeAssociationExecutions, DescribeAssociationExecutionTargets, StartAssociationsOnce, ` +
    `GetCommandInvocation) on ${endpoint.url}`,
    `Serving ${ids.length} association${ids.length === 1 ? "" : "s"}:`,
    ...ids.map((id) => `  ${id}  (${counts.get(id) ?? 0} executions)`),
    "",
    "Point any AWS SDK or the AWS CLI at it:",
    `  export ${environment.join(" ")}`,
    ...(ids[0] === undefined ? [] : [`  aws ssm describe-association-executions --association-id ${ids[0]}`])
  ].join("\n")
}
