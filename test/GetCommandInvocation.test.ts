import { assert, describe, it } from "@effect/vitest"
import * as GetCommandInvocation from "ssm-association-executions/GetCommandInvocation"

describe("GetCommandInvocation time strings", () => {
  it("parses instants, and reads an empty or foreign string as absent", () => {
    assert.strictEqual(
      GetCommandInvocation.parseDateTime("2019-02-14T19:26:26.439Z")?.toISOString(),
      "2019-02-14T19:26:26.439Z"
    )
    assert.isUndefined(GetCommandInvocation.parseDateTime(""))
    assert.isUndefined(GetCommandInvocation.parseDateTime(undefined))
    assert.isUndefined(GetCommandInvocation.parseDateTime("yesterday"))
  })

  it("parses the ISO-8601 durations AWS sends, and nothing else", () => {
    assert.strictEqual(GetCommandInvocation.parseElapsedTime("PT0.541S"), 541)
    assert.strictEqual(GetCommandInvocation.parseElapsedTime("PT44.002S"), 44_002)
    assert.strictEqual(GetCommandInvocation.parseElapsedTime("PT1H0.271S"), 3_600_271)
    assert.strictEqual(GetCommandInvocation.parseElapsedTime("PT2M"), 120_000)
    assert.strictEqual(GetCommandInvocation.parseElapsedTime("P1DT1S"), 86_401_000)
    for (const bad of ["", "P", "PT", "0.5S", "PT-1S", "1 hour", undefined]) {
      assert.isUndefined(GetCommandInvocation.parseElapsedTime(bad), String(bad))
    }
  })
})
