/**
 * The Effect 3 line's Schema pieces the operations' schemas are built from: optional members and
 * lists as the AWS model has them, the page token, AWS timestamps, and an answer cleaned before its
 * members apply. `src/effect4/line/schemaParts.ts` exports the same names for Effect 4.
 */
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { identifier } from "../internal/identifier.js"
import { dateToEpochSeconds, timestampMismatch, wireTimestampToMillis } from "../internal/timestamp.js"

// Output members follow the model's optionality. JSON null is read as absent, but by one pass over
// the page (`withoutNullsFirst`) rather than a transformation per member: decoding a page costs
// less than half as much that way.
export const optionalMember = <S extends Schema.Schema.Any>(schema: S) => Schema.optionalWith(schema, { exact: true })

// An absent list means an empty one (spec 3).
export const listDefaultingToEmpty = <S extends Schema.Schema.Any>(item: S) =>
  Schema.optionalWith(Schema.Array(item), { default: () => [] })

/** A page's `NextToken`: present only when there is another page (AWS may end with `""`). */
export const nextTokenMember = Schema.optionalToOptional(Schema.String, Schema.String, {
  decode: Option.filter((token) => token !== ""),
  encode: (token) => token
})

/**
 * An AWS JSON timestamp: epoch seconds as a JSON number (fractions and exponent form such as
 * `1.529008678885E9` included), a numeric string, or an ISO-8601 string, decoded to a `Date`
 * rounded to the millisecond. Encodes to epoch seconds with millisecond precision.
 */
export const EpochSeconds: Schema.Schema<Date, number | string> = Schema.transformOrFail(
  Schema.Union(Schema.Number, Schema.String),
  Schema.ValidDateFromSelf,
  {
    strict: true,
    decode: (wire, _, ast) => {
      const millis = wireTimestampToMillis(wire)
      return millis === undefined
        ? ParseResult.fail(new ParseResult.Type(ast, wire, timestampMismatch))
        : ParseResult.succeed(new Date(millis))
    },
    encode: (date) => ParseResult.succeed(dateToEpochSeconds(date))
  }
).annotations({ identifier: identifier("EpochSeconds") })

/** Any JSON value, `clean`ed (its nulls removed) before `members` decode it. */
export const cleanedBefore = <S extends Schema.Schema.AnyNoContext>(
  members: S,
  clean: (wire: unknown) => unknown,
  name: string
) =>
  Schema.transform(
    Schema.Unknown,
    members,
    // Not strict: the cleaned value is checked by the member schemas right after.
    { strict: false, decode: clean, encode: (decoded) => decoded }
  ).annotations({ identifier: identifier(name) })
