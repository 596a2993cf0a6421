import { assert, describe, it } from "@effect/vitest"
import * as Data from "effect/Data"
import {
  AssociationDoesNotExist,
  ConfigurationError,
  EndlessPagination,
  isAssociationExecutionsError,
  PaginationError,
  ResumePoint,
  ThrottlingError
} from "../../src/AssociationExecutionsError.js"

class OtherError extends Data.TaggedError("AssociationDoesNotExist")<{ readonly message: string }> {}

describe("isAssociationExecutionsError", () => {
  it("accepts this module's errors, constructed as users construct them", () => {
    const modeled = new AssociationDoesNotExist({ message: "no such association" })
    assert.isTrue(isAssociationExecutionsError(modeled))
    assert.isTrue(isAssociationExecutionsError(new ThrottlingError({ code: "ThrottlingException" })))
    assert.isTrue(isAssociationExecutionsError(new ConfigurationError({ reason: "no region" })))
    const endless = new EndlessPagination({ emptyPages: 1000, page: 1000 })
    assert.isTrue(isAssociationExecutionsError(endless))
    assert.isTrue(isAssociationExecutionsError(
      new PaginationError({ error: endless, resume: new ResumePoint({ pagesDelivered: 0, itemsDelivered: 0 }) })
    ))
    assert.isTrue(isAssociationExecutionsError(
      new PaginationError({ error: modeled, resume: new ResumePoint({ pagesDelivered: 0, itemsDelivered: 0 }) })
    ))
  })

  it("rejects other values, including another library's error with the same tag", () => {
    assert.isFalse(isAssociationExecutionsError(new OtherError({ message: "elsewhere" })))
    assert.isFalse(isAssociationExecutionsError({ _tag: "ThrottlingError", code: "x" }))
    assert.isFalse(isAssociationExecutionsError(new Error("plain")))
    assert.isFalse(isAssociationExecutionsError(undefined))
  })
})
