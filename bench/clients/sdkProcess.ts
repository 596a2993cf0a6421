/**
 * Benchmark script: what the CLI's `list --output ndjson` does, written with the AWS SDK v3, measured
 * as a whole process like the CLI (start-up included): every execution of the association, one JSON
 * line each, to stdout (a file in the bench). Settings from the environment, as the CLI takes them.
 */
import { paginateDescribeAssociationExecutions, SSMClient } from "@aws-sdk/client-ssm"

const associationId = process.env["BENCH_ASSOCIATION_ID"] ?? ""
const client = new SSMClient({
  region: process.env["AWS_REGION"] ?? "",
  endpoint: process.env["BENCH_ENDPOINT_URL"] ?? ""
})
const pages = paginateDescribeAssociationExecutions({ client, pageSize: 50 }, { AssociationId: associationId })
for await (const page of pages) {
  let lines = ""
  for (const execution of page.AssociationExecutions ?? []) lines += `${JSON.stringify(execution)}\n`
  if (lines !== "" && !process.stdout.write(lines)) {
    await new Promise((resolve) => process.stdout.once("drain", resolve))
  }
}
client.destroy()
