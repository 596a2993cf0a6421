/** Bundle-size probe: the same script with the AWS SDK for JavaScript v3. */
import { paginateDescribeAssociationExecutions, SSMClient } from "@aws-sdk/client-ssm"

const client = new SSMClient({})
let count = 0
for await (
  const page of paginateDescribeAssociationExecutions({ client }, {
    AssociationId: "8dfe3659-4309-493a-8755-0123456789ab"
  })
) {
  count += page.AssociationExecutions?.length ?? 0
}
console.log(count)
