/** Benchmark client: `@aws-sdk/client-ssm`'s `paginateDescribeAssociationExecutions`, default settings. */
import { paginateDescribeAssociationExecutions, SSMClient } from "@aws-sdk/client-ssm"
import { runClient, settings } from "./harness.js"

runClient("sdk", async (count) => {
  const client = new SSMClient({
    region: settings.region,
    endpoint: settings.endpointUrl,
    credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey }
  })
  const pages = paginateDescribeAssociationExecutions({ client, pageSize: settings.pageSize }, {
    AssociationId: settings.associationId
  })
  let items = 0
  for await (const page of pages) {
    const delivered = page.AssociationExecutions?.length ?? 0
    count(delivered)
    items += delivered
    if (settings.maxItems !== undefined && items >= settings.maxItems) break
  }
  client.destroy()
})
