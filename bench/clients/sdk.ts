/** Benchmark client: `@aws-sdk/client-ssm`'s `paginateDescribeAssociationExecutions`, default settings. */
import { paginateDescribeAssociationExecutions, SSMClient } from "@aws-sdk/client-ssm"
import { runClient, settings } from "./harness.js"

runClient("sdk", async (count) => {
  const client = new SSMClient({
    region: settings.region,
    endpoint: settings.endpointUrl,
    credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey }
  })
  for (let round = 0; round < settings.repeat; round++) {
    const pages = paginateDescribeAssociationExecutions({ client, pageSize: settings.pageSize }, {
      AssociationId: settings.associationId
    })
    for await (const page of pages) count(page.AssociationExecutions?.length ?? 0)
  }
  client.destroy()
})
