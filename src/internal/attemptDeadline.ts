/**
 * The per-attempt timeout, handed to transports that can enforce it themselves. Racing an attempt
 * against a timer takes two extra fibers per request, which on Node cost more CPU and memory than
 * the rest of a page; a transport that owns the socket can arm one timer instead. Any other
 * `HttpClient` gets the race.
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as FiberRef from "effect/FiberRef"
import { globalValue } from "effect/GlobalValue"

/** The time left for the current attempt in milliseconds, set around an attempt; `undefined` outside one. */
export const currentAttemptTimeoutMillis: FiberRef.FiberRef<number | undefined> = globalValue(
  Symbol.for("ssm-association-executions/currentAttemptTimeoutMillis"),
  () => FiberRef.unsafeMake<number | undefined>(undefined)
)

/** The cause a transport reports when it gave up on a request at the attempt timeout. */
export class AttemptTimedOut extends Error {
  constructor(readonly timeoutMillis: number) {
    super(`no response within ${timeoutMillis} ms`)
    this.name = "AttemptTimedOut"
  }
}

const enforcingClients = globalValue(
  Symbol.for("ssm-association-executions/attemptTimeoutClients"),
  () => new WeakSet<HttpClient.HttpClient>()
)

/** Records that `client` ends every request at {@link currentAttemptTimeoutMillis} with {@link AttemptTimedOut}. */
export const enforcesAttemptTimeout = <Client extends HttpClient.HttpClient>(client: Client): Client => {
  enforcingClients.add(client)
  return client
}

/** Whether `client` enforces the attempt timeout itself (a client wrapped in another does not). */
export const isEnforcingAttemptTimeout = (client: HttpClient.HttpClient): boolean => enforcingClients.has(client)
