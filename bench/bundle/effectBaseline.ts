/**
 * Bundle-size probe: Effect's own baseline for the module's program, with none of this package.
 * The least an Effect program that lists executions needs: an `HttpClient` request, a `Schema`
 * decoding each page, and a `Stream` of pages. No signing, retries, limits or typed errors, so the
 * difference to `module.ts` is what this package adds.
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Effect from "effect/Effect"
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
      HttpClientRequest.bodyUnsafeJson({ AssociationId: "8dfe3659-4309-493a-8755-0123456789ab", NextToken: token }),
      client.execute,
      Effect.flatMap(HttpClientResponse.schemaBodyJson(Page)),
      Effect.scoped
    )
  const pagesFrom = (start: string | undefined) =>
    Stream.paginateEffect(
      start,
      (token) => Effect.map(page(token), (decoded) => [decoded, Option.fromNullable(decoded.NextToken)] as const)
    )
  return yield* pagesFrom(undefined).pipe(
    Stream.flatMap((decoded) => Stream.fromIterable(decoded.AssociationExecutions ?? [])),
    Stream.runCount
  )
})

program.pipe(Effect.provide(FetchHttpClient.layer), Effect.runPromise).then(
  (count) => console.log(count),
  (error: unknown) => console.error(error)
)
