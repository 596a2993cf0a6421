/**
 * One in-memory SSM over its association records (given or generated): the state its wire handler
 * reads and updates, and the ground truth it answers with, read from the records on each call.
 */
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import type { BehaviourOptions, InMemorySsm } from "./api.js"
import type { AssociationRecord } from "./dataset.js"
import { makeFaultInjector } from "./faults.js"
import { hashSeed } from "./random.js"
import { makeAttemptCounter, makeRequestLog, requestLogLimit } from "./requestLog.js"
import { makeRunStore } from "./runs.js"
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
    // Both are bounded by the same number: a page asked for within the last `limit` requests keeps
    // its attempt count, so scripted faults by attempt work as long as retries are that close.
    const limit = requestLogLimit(options.requestLogLimit)
    const attempts = yield* makeAttemptCounter(limit)
    const log = yield* makeRequestLog<RequestLogEntry>(limit)
    // Runs' ids come from the data's ids, so the same model starts the same runs.
    const runs = yield* makeRunStore(options.runs ?? {}, hashSeed(associations.map((a) => a.AssociationId).join(",")))
    const handle = makeHandler({
      runs,
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
      requests: log.entries,
      requestCount: log.total,
      clearRequests: Effect.andThen(log.clear, attempts.clear),
      addFaults: faults.add,
      clearFaults: faults.clear,
      started: runs.all
    }
  })
