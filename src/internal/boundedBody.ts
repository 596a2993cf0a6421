/**
 * A response body read as text within a bound, written once for both lines' `HttpClient`s (each
 * line's `line/transport.ts` hands its response here with how it says "no body").
 */
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import type { ResponseDecodeError } from "../AssociationExecutionsError.js"
import { type AttemptContext, type HttpExchange, tooLarge } from "./response.js"
import { ResponseTooLarge } from "./transport.js"

/** What this needs of a response: its status and headers, its body whole, and its body as chunks. */
export interface BodySource<E> {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly text: Effect.Effect<string, E>
  readonly stream: Stream.Stream<Uint8Array, E>
}

/**
 * The body as text, given up past `limitBytes`. A body sent as is with a `content-length` within
 * the bound is read whole: HTTP ends it at that length, so it cannot grow past it, and one read
 * costs a fraction of a stream of chunks (5.3 -> 3.7 ms CPU per page on the bench). Any other body
 * is read chunk by chunk, counting what arrives (fetch inflates a compressed body, and a chunked one
 * has no length at all), and the stream is closed at the bound, which cancels the body and its
 * connection. A status without a body (204, 304) has no stream to read: `isEmptyBody` says which
 * failure means that, and the body is then empty.
 */
export const readBoundedText = <E>(
  response: BodySource<E>,
  limitBytes: number,
  isEmptyBody: (error: E | ResponseTooLarge) => boolean
): Effect.Effect<string, E | ResponseTooLarge> =>
  Effect.suspend(() => {
    const declaredBytes = Number(response.headers["content-length"])
    const encoding = response.headers["content-encoding"]
    if (
      (encoding === undefined || encoding === "identity") && Number.isSafeInteger(declaredBytes) &&
      declaredBytes <= limitBytes
    ) {
      return response.text
    }
    const decoder = new TextDecoder()
    const pieces: Array<string> = []
    let bytes = 0
    return Stream.runForEach(response.stream, (chunk): Effect.Effect<void, ResponseTooLarge> => {
      bytes += chunk.byteLength
      if (bytes > limitBytes) return Effect.fail(new ResponseTooLarge({ limitBytes }))
      pieces.push(decoder.decode(chunk, { stream: true }))
      return Effect.void
    }).pipe(
      Effect.map(() => {
        pieces.push(decoder.decode())
        return pieces.join("")
      }),
      Effect.catchIf(isEmptyBody, () => Effect.succeed(""))
    )
  })

/**
 * One answer as the transport hands it on: status, headers and the body within `limitBytes`; a body
 * past it is the `ResponseDecodeError` that says so (the request's `host` named).
 */
export const exchangeOf = <E>(
  response: BodySource<E>,
  host: string,
  limitBytes: number,
  attempt: AttemptContext,
  isEmptyBody: (error: E | ResponseTooLarge) => boolean
): Effect.Effect<HttpExchange, E | ResponseDecodeError> =>
  Effect.map(readBoundedText(response, limitBytes, isEmptyBody), (text): HttpExchange => ({
    status: response.status,
    headers: response.headers,
    body: text
  })).pipe(
    Effect.catchIf(
      (error): error is ResponseTooLarge => error instanceof ResponseTooLarge,
      () => Effect.fail(tooLarge(host, limitBytes, response, attempt))
    )
  )
