/**
 * Benchmark floor of the fetch/WebCrypto core: what any client built on `fetch` and WebCrypto pays
 * on Node. The global `fetch` (undici), SigV4 by aws4fetch's `AwsV4Signer` (WebCrypto), JSON.parse;
 * no Effect, no validation, no retries.
 */
import { AwsV4Signer } from "aws4fetch"
import { runClient, settings } from "./harness.js"

runClient("fetch-floor", async (count) => {
  let nextToken: string | undefined
  do {
    const signed = await new AwsV4Signer({
      url: settings.endpointUrl,
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "AmazonSSM.DescribeAssociationExecutions"
      },
      body: JSON.stringify({
        AssociationId: settings.associationId,
        MaxResults: settings.pageSize,
        NextToken: nextToken
      }),
      accessKeyId: settings.accessKeyId,
      secretAccessKey: settings.secretAccessKey,
      service: "ssm",
      region: settings.region
    }).sign()
    const response = await fetch(signed.url, {
      method: signed.method,
      headers: signed.headers,
      body: signed.body ?? null
    })
    const text = await response.text()
    if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${text}`)
    const page: { AssociationExecutions?: ReadonlyArray<unknown>; NextToken?: string } = JSON.parse(text)
    count(page.AssociationExecutions?.length ?? 0)
    nextToken = page.NextToken
  } while (nextToken !== undefined)
})
