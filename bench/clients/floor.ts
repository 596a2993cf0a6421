/**
 * Benchmark floor: the least a client can do. Keep-alive node:http, SigV4 with node:crypto (the
 * signing key cached per day), JSON.parse; no validation, no retries.
 */
import * as Crypto from "node:crypto"
import * as Http from "node:http"
import { runClient, settings } from "./harness.js"

runClient("floor", async (count) => {
  const url = new URL(settings.endpointUrl)
  const agent = new Http.Agent({ keepAlive: true, maxSockets: 1 })
  const hmac = (key: Crypto.BinaryLike, data: string) => Crypto.createHmac("sha256", key).update(data).digest()
  const sha256 = (data: string) => Crypto.createHash("sha256").update(data).digest("hex")
  const signedHeaders = "content-type;host;x-amz-date;x-amz-target"
  let signingKey: { readonly day: string; readonly key: Buffer } | undefined
  const post = (body: string) =>
    new Promise<string>((resolve, reject) => {
      const amzDate = new Date().toISOString().replace(/[-:]|\.\d{3}/g, "")
      const day = amzDate.slice(0, 8)
      if (signingKey?.day !== day) {
        const key = hmac(
          hmac(hmac(hmac(`AWS4${settings.secretAccessKey}`, day), settings.region), "ssm"),
          "aws4_request"
        )
        signingKey = { day, key }
      }
      const headers = {
        "content-type": "application/x-amz-json-1.1",
        host: url.host,
        "x-amz-date": amzDate,
        "x-amz-target": "AmazonSSM.DescribeAssociationExecutions"
      }
      const canonical = `POST\n/\n\n${
        Object.entries(headers).map(([name, value]) => `${name}:${value}\n`).join("")
      }\n${signedHeaders}\n${sha256(body)}`
      const scope = `${day}/${settings.region}/ssm/aws4_request`
      const signature = hmac(signingKey.key, `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${sha256(canonical)}`)
        .toString("hex")
      const request = Http.request({
        host: url.hostname,
        port: url.port,
        method: "POST",
        path: "/",
        agent,
        headers: {
          ...headers,
          "content-length": Buffer.byteLength(body),
          authorization:
            `AWS4-HMAC-SHA256 Credential=${settings.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`
        }
      }, (response) => {
        const chunks: Array<Buffer> = []
        response.on("data", (chunk: Buffer) => chunks.push(chunk))
        response.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8")
          if (response.statusCode === 200) resolve(text)
          else reject(new Error(`HTTP ${response.statusCode}: ${text}`))
        })
        response.on("error", reject)
      })
      request.on("error", reject)
      request.end(body)
    })
  let nextToken: string | undefined
  let items = 0
  do {
    const page: { AssociationExecutions?: ReadonlyArray<unknown>; NextToken?: string } = JSON.parse(
      await post(
        JSON.stringify({ AssociationId: settings.associationId, MaxResults: settings.pageSize, NextToken: nextToken })
      )
    )
    const delivered = page.AssociationExecutions?.length ?? 0
    count(delivered)
    items += delivered
    nextToken = settings.maxItems !== undefined && items >= settings.maxItems ? undefined : page.NextToken
  } while (nextToken !== undefined)
  agent.destroy()
})
