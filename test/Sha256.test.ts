import { assert, describe, it } from "@effect/vitest"
import * as crypto from "node:crypto"
import { hmacSha256, sha256 } from "ssm-association-executions/internal/sha256"

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex")

// Lengths around the 55/56/64-byte padding boundaries, and multi-block messages.
const lengths = [0, 1, 3, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000, 4096]

describe("sha256", () => {
  it("matches FIPS 180-4's example digests", () => {
    assert.strictEqual(hex(sha256("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    assert.strictEqual(hex(sha256("")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
  })

  it("matches node:crypto for every padding boundary and for UTF-8 text", () => {
    for (const length of lengths) {
      const bytes = crypto.randomBytes(length)
      assert.strictEqual(
        hex(sha256(bytes)),
        crypto.createHash("sha256").update(bytes).digest("hex"),
        `length ${length}`
      )
    }
    const text = "Zürich ✓ 東京"
    assert.strictEqual(hex(sha256(text)), crypto.createHash("sha256").update(text, "utf8").digest("hex"))
  })
})

describe("hmacSha256", () => {
  it("matches node:crypto for short, block-sized and long keys", () => {
    for (const keyLength of [0, 20, 64, 65, 131]) {
      for (const length of lengths) {
        const key = crypto.randomBytes(keyLength)
        const message = crypto.randomBytes(length)
        assert.strictEqual(
          hex(hmacSha256(key, message)),
          crypto.createHmac("sha256", key).update(message).digest("hex"),
          `key ${keyLength}, message ${length}`
        )
      }
    }
  })
})
