/** Benchmark client: `@aws-sdk/client-ssm`'s `paginateDescribeAssociationExecutionTargets`, default settings. */
import { paginateDescribeAssociationExecutionTargets, SSMClient } from "@aws-sdk/client-ssm"
import { runClient, settings } from "./harness.js"

runClient("sdk-targets", async (count) => {
  const client = new SSMClient({
    region: settings.region,
    endpoint: settings.endpointUrl,
    credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey }
  })
  const pages = paginateDescribeAssociationExecutionTargets({ client, pageSize: settings.pageSize }, {
    AssociationId: settings.targetsAssociationId,
    ExecutionId: settings.targetsExecutionId
  })
  for await (const page of pages) count(page.AssociationExecutionTargets?.length ?? 0)
  client.destroy()
})
