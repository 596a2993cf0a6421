/**
 * One in-memory SSM over its association records (given or generated): the state its wire handler
 * reads and updates, and the ground truth it answers with, read from the records on each call.
 */
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as HashMap from "effect/HashMap"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import type { BehaviourOptions, InMemorySsm } from "../../InMemorySsm.js"
import type { AssociationRecord } from "./dataset.js"
import { makeFaultInjector } from "./faults.js"
import { makeHandler, type RequestLogEntry } from "./wire.js"

const secretBytes = (secret: Redacted.Redacted<string> | string | undefined) =>
  Effect.sync((): Uint8Array<ArrayBuffer> => {
    if (secret === undefined) return crypto.getRandomValues(new Uint8Array(32))
    return new TextEncoder().encode(Redacted.isRedacted(secret) ? Redacted.value(secret) : secret)
  })

/** A model serving `associations` (later ones win a repeated id) with the given behaviour. */
export const make = (
  associations: ReadonlyArray<AssociationRecord>,
  options: BehaviourOptions
): Effect.Effect<InMemorySsm> =>
  Effect.gen(function*() {
    const byId = new Map(associations.map((association) => [association.AssociationId, association]))
    const faults = yield* makeFaultInjector({
      scripted: options.faults,
      random: options.randomFaults,
      rateLimit: options.rateLimit
    })
    const attempts = yield* Ref.make(HashMap.empty<string, number>())
    const log = yield* Ref.make(Chunk.empty<RequestLogEntry>())
    const handle = makeHandler({
      associations: byId,
      tokenSecret: yield* secretBytes(options.tokenSecret),
      faults,
      attempts,
      log,
      filterMode: options.filterMode ?? "beforePaging"
    })
    return {
      associationIds: associations.map((association) => association.AssociationId),
      associations,
      executions: (associationId) => byId.get(associationId)?.executions.slice() ?? [],
      targets: (associationId, executionId) => byId.get(associationId)?.targets(executionId)?.slice() ?? [],
      handle,
      requests: Effect.map(Ref.get(log), Chunk.toReadonlyArray),
      clearRequests: Effect.zipRight(Ref.set(log, Chunk.empty()), Ref.set(attempts, HashMap.empty())),
      addFaults: faults.add,
      clearFaults: faults.clear
    }
  })
