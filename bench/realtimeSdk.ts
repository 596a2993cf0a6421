/**
 * The real AWS SDK v3 client on the loopback harness's server: `@aws-sdk/client-ssm`'s
 * `paginateDescribeAssociationExecutions` in retry mode `standard` or `adaptive`, every association
 * at once through one client. When the paginator fails, its caller asks again from the last
 * NextToken it got (counted as a resume), as anyone who must not lose a listing has to.
 */
import { paginateDescribeAssociationExecutions, SSMClient } from "@aws-sdk/client-ssm"
import * as Effect from "effect/Effect"
import {
  judge,
  type ListingOutcome,
  type LoopbackRun,
  type LoopbackServer,
  summarize
} from "../test/support/loopback.js"

/** The SDK's two retry modes worth comparing. */
export type SdkRetryMode = "standard" | "adaptive"

// A listing that fails this many times in a row without a page between is lost, not retried forever.
const maxResumesWithoutProgress = 50

const messageOf = (error: unknown): string => error instanceof Error ? `${error.name}: ${error.message}` : String(error)

/** Lists every association at once after a `reset` of the server, and judges each listing. */
export const listWithSdk = async (server: LoopbackServer, retryMode: SdkRetryMode): Promise<LoopbackRun> => {
  await Effect.runPromise(server.reset)
  const client = new SSMClient({
    region: server.region,
    endpoint: server.url,
    credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
    retryMode
  })
  const recovered: Array<string> = []
  const list = async (associationId: string): Promise<ListingOutcome> => {
    const delivered: Array<string> = []
    let token: string | undefined
    let resumes = 0
    let failedInARow = 0
    for (;;) {
      try {
        const pages = paginateDescribeAssociationExecutions(
          { client, pageSize: server.pageSize, ...(token === undefined ? {} : { startingToken: token }) },
          { AssociationId: associationId }
        )
        for await (const page of pages) {
          for (const execution of page.AssociationExecutions ?? []) {
            delivered.push(execution.ExecutionId ?? "(no ExecutionId)")
          }
          token = page.NextToken
          failedInARow = 0
        }
        return judge(associationId, delivered, server.truth.get(associationId) ?? [], undefined, resumes)
      } catch (error) {
        failedInARow++
        if (failedInARow > maxResumesWithoutProgress) {
          return judge(associationId, delivered, server.truth.get(associationId) ?? [], messageOf(error), resumes)
        }
        resumes++
        recovered.push(messageOf(error))
      }
    }
  }
  const started = performance.now()
  const listings = await Promise.all(server.associationIds.map(list))
  const elapsedMillis = performance.now() - started
  client.destroy()
  return summarize(
    `AWS SDK v3 ${retryMode}`,
    listings,
    elapsedMillis,
    await Effect.runPromise(server.arrivals),
    recovered
  )
}
