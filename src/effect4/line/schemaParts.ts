/**
 * The Effect 4 line's Schema pieces the operations' schemas are built from: optional members and
 * lists as the AWS model has them, the page token, AWS timestamps, and an answer cleaned before its
 * members apply. `src/line/schemaParts.ts` exports the same names for Effect 3.
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as SchemaGetter from "effect/SchemaGetter"
import * as SchemaIssue from "effect/SchemaIssue"
import * as SchemaTransformation from "effect/SchemaTransformation"
import { identifier } from "../internal/identifier.js"
import { dateToEpochSeconds, timestampMismatch, wireTimestampToMillis } from "../internal/timestamp.js"

// Output members follow the model's optionality: an absent member stays absent (never `undefined`).
// JSON null is read as absent, but by one pass over the page (`cleanedBefore`) rather than a
// transformation per member.
export const optionalMember = <S extends Schema.Constraint>(schema: S) => Schema.optionalKey(schema)

// An absent list means an empty one (spec 3).
export const listDefaultingToEmpty = <S extends Schema.Constraint>(item: S) =>
  Schema.Array(item).pipe(Schema.withDecodingDefaultType(Effect.succeed([])))

/** A page's `NextToken`: present only when there is another page (AWS may end with `""`). */
export const nextTokenMember = Schema.optionalKey(Schema.String).pipe(
  Schema.decodeTo(Schema.optionalKey(Schema.String), {
    decode: SchemaGetter.transformOptional(Option.filter((token: string) => token !== "")),
    encode: SchemaGetter.passthrough()
  })
)

/**
 * An AWS JSON timestamp: epoch seconds as a JSON number (fractions and exponent form such as
 * `1.529008678885E9` included), a numeric string, or an ISO-8601 string, decoded to a `Date`
 * rounded to the millisecond. Encodes to epoch seconds with millisecond precision.
 */
export const EpochSeconds = Schema.Union([Schema.Number, Schema.String]).pipe(
  Schema.decodeTo(
    Schema.Date,
    SchemaTransformation.transformEffect({
      decode: (wire: number | string, options) => {
        const millis = wireTimestampToMillis(wire)
        return millis === undefined
          ? Effect.fail(new SchemaIssue.InvalidValue({ message: timestampMismatch }, wire, options))
          : Effect.succeed(new Date(millis))
      },
      encode: (date: Date) => Effect.succeed(dateToEpochSeconds(date))
    })
  )
).annotate({ identifier: identifier("EpochSeconds") })

/** Any JSON value, `clean`ed (its nulls removed) before `members` decode it. */
export const cleanedBefore = <S extends Schema.Constraint>(
  members: S,
  clean: (wire: unknown) => unknown,
  name: string
) =>
  Schema.Unknown.pipe(
    Schema.decodeTo(Schema.Unknown, SchemaTransformation.transform({ decode: clean, encode: (decoded) => decoded })),
    // The cleaned value is checked by the member schemas right after.
    Schema.decodeTo(members)
  ).annotate({ identifier: identifier(name) })
