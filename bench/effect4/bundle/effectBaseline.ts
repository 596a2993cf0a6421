/**
 * Bundle-size probe: Effect 4's own baseline for the module's program, with none of this package:
 * bench/bundle/effectBaseline.ts's listing written with Effect 4 alone (an `effect/http` request, a `Schema`
 * decoding each page, a `Stream` of the pages' items). The difference to bench/effect4/bundle/module.ts is what
 * this package adds on that line.
 */
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as HttpClientResponse from "effect/http/HttpClientResponse"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"

const Page = Schema.Struct({
  AssociationExecutions: Schema.optional(Schema.Array(Schema.Struct({
    AssociationId: Schema.String,
    ExecutionId: Schema.String,
    Status: Schema.optional(Schema.String),
    CreatedTime: Schema.optional(Schema.Number)
  }))),
  NextToken: Schema.optional(Schema.String)
})

const program = Effect.gen(function*() {
  const client = yield* HttpClient.HttpClient
  const page = (token: string | undefined) =>
    HttpClientRequest.post("https://ssm.us-east-1.amazonaws.com/").pipe(
      HttpClientRequest.setHeader("x-amz-target", "AmazonSSM.DescribeAssociationExecutions"),
      HttpClientRequest.bodyJsonUnsafe({ AssociationId: "8dfe3659-4309-493a-8755-0123456789ab", NextToken: token }),
      client.execute,
      Effect.flatMap(HttpClientResponse.schemaBodyJson(Page))
    )
  // Effect 4's paginate emits each step's items: the pages' executions, in order.
  const executionsFrom = (start: string | undefined) =>
    Stream.paginate(
      start,
      (token) =>
        Effect.map(
          page(token),
          (decoded) => [decoded.AssociationExecutions ?? [], Option.fromNullishOr(decoded.NextToken)] as const
        )
    )
  return yield* Stream.runCount(executionsFrom(undefined))
})

program.pipe(Effect.provide(FetchHttpClient.layer), Effect.runPromise).then(
  (count) => console.log(count),
  (error: unknown) => console.error(error)
)
