/**
 * Both kinds of resume token (a listing's `sae2.` position, a failures stream's `saf1.` place) are
 * opened and checked by one function: checksum, association, the rest of the listing.
 */
import { assert, describe, it } from "@effect/vitest"
import { bindingOf, openBound, type Opened, sealToken } from "ssm-association-executions/internal/resumeToken"

const binding = bindingOf("assoc-1", ["filter"])
const kinds = [
  { prefix: "sae2.", bindingKey: "f", listing: "other Filters, or another execution" },
  { prefix: "saf1.", bindingKey: "w", listing: "another time window, or another execution" }
] as const

const ruleOf = (result: Opened) => result._tag === "Refused" ? result.rule : "(opened)"

describe("resume tokens", () => {
  for (const kind of kinds) {
    it(`${kind.prefix} opens when sealed for this listing, and says why when not`, () => {
      const token = sealToken(kind.prefix, { a: "assoc-1", [kind.bindingKey]: binding.filters, n: 7 })
      const opened = openBound(token, kind, binding)
      assert.isTrue(opened._tag === "Opened" && opened.payload["n"] === 7)

      const edited = token.slice(0, kind.prefix.length + 4) + "A" + token.slice(kind.prefix.length + 5)
      assert.include(ruleOf(openBound(edited, kind, binding)), "checksum does not match")

      const elsewhere = sealToken(kind.prefix, { a: "assoc-2", [kind.bindingKey]: binding.filters })
      assert.include(ruleOf(openBound(elsewhere, kind, binding)), "was made for association assoc-2, not assoc-1")

      const otherListing = sealToken(kind.prefix, { a: "assoc-1", [kind.bindingKey]: "other" })
      assert.include(ruleOf(openBound(otherListing, kind, binding)), `another listing (${kind.listing})`)
    })
  }

  it("a token of one kind is not taken for the other", () => {
    const listingToken = sealToken("sae2.", { a: "assoc-1", f: binding.filters })
    assert.include(ruleOf(openBound(listingToken, kinds[1], binding)), "checksum does not match")
  })

  it("an association id that is not a plain id is not quoted back", () => {
    const token = sealToken("saf1.", { a: "<script>", w: binding.filters })
    assert.include(ruleOf(openBound(token, kinds[1], binding)), "was made for another association")
  })
})
