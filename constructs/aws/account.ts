import { TerraformStack, type TerraformProvider } from "cdktf";
import type { IConstruct } from "constructs";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";

/** The account and partition a provider's credentials act in. */
export interface AwsAccount {
  readonly accountId: string;
  /** `aws`, `aws-cn`, `aws-us-gov`: the first field of every ARN. */
  readonly partition: string;
}

const accounts = new WeakMap<TerraformStack, Map<TerraformProvider | undefined, AwsAccount>>();

/**
 * The account id and partition for `scope`'s stack (and `provider`, for an
 * aliased provider), read by one pair of data sources per stack and provider
 * instead of one per construct that builds an ARN or a key policy.
 */
export function awsAccount(scope: IConstruct, provider?: TerraformProvider): AwsAccount {
  const stack = TerraformStack.of(scope);
  let byProvider = accounts.get(stack);
  if (!byProvider) accounts.set(stack, (byProvider = new Map()));
  let account = byProvider.get(provider);
  if (!account) {
    const suffix = provider ? `-${provider.node.id}` : "";
    account = {
      accountId: new DataAwsCallerIdentity(stack, `aws-account${suffix}`, { provider }).accountId,
      partition: new DataAwsPartition(stack, `aws-partition${suffix}`, { provider }).partition,
    };
    byProvider.set(provider, account);
  }
  return account;
}
