import { TerraformOutput } from "cdktf";
import { MockForgeStack } from "../mockforge-stack";
import type { Construct } from "constructs";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { AwsKit, type AwsKitTypes } from "../../constructs/aws/kit";
import { AwsRegionPeering } from "../../constructs/aws/network-peering";
import { AwsContainerRegistry } from "../../constructs/aws/registry";
import { standardTags } from "../../constructs/core/naming";
import type { DeploymentContext } from "../../constructs/core/specs";
import { TaggingAspect } from "../../constructs/core/tagging";
import type { AwsConfig, AwsRegionConfig, EnvironmentConfig } from "../../environments/model";
import { composeRegion, type ComposedRegion, type PrimaryRegionRefs } from "../compose-region";
import { awsProvider, useS3Backend } from "./providers";
import { originDomain } from "./stack-names";
import { dnsFor } from "../../environments/dns";
import { awsAccount } from "../../constructs/aws/account";

export interface AwsRegionStackProps {
  readonly env: EnvironmentConfig;
  readonly aws: AwsConfig;
  readonly region: AwsRegionConfig;
  /** Regions that replicate this (primary) region's data; empty in secondaries. */
  readonly secondaryRegions: readonly string[];
  /** ECR repository name (replicated into every region by the global stack). */
  readonly repositoryName: string;
  readonly imageTag: string;
  /** The primary region's stack; set only for secondary regions. */
  readonly primary?: AwsRegionStack;
}

/**
 * One AWS region of an environment: the cloud-neutral composition built with
 * the AWS kit, plus what only AWS needs (providers, VPC peering to the
 * primary region for cross-region writes).
 */
export class AwsRegionStack extends MockForgeStack {
  readonly context: DeploymentContext;
  readonly composed: ComposedRegion<AwsKitTypes>;
  readonly provider: AwsProvider;
  /** What secondary regions take from this one (primary only). */
  readonly sharedRefs?: PrimaryRegionRefs;

  constructor(scope: Construct, id: string, props: AwsRegionStackProps) {
    super(scope, id);
    const { env, aws, region } = props;
    this.context = { cloud: "aws", environment: env.name, region: region.name, primary: region.primary };

    this.provider = awsProvider(this, "aws", region.name);
    // Generated secrets (Redis password, admin signing key) come from random_password.
    new RandomProvider(this, "random");
    useS3Backend(this, aws.state, id);
    TaggingAspect.apply(this, { ...standardTags(this.context, env.tags.owner, env.tags.costCenter) });

    const replicaProviders: Record<string, AwsProvider> = {};
    if (region.primary && env.storage.crossRegionReplication) {
      for (const replicaRegion of props.secondaryRegions) {
        replicaProviders[replicaRegion] = awsProvider(this, `aws-${replicaRegion}`, replicaRegion, replicaRegion);
      }
    }

    const kit = new AwsKit({
      context: this.context,
      databaseInstanceClass: aws.database.instanceClass,
      redisInstanceType: aws.redis.instanceType,
      repositoryUrl: AwsContainerRegistry.repositoryUrlFor(awsAccount(this).accountId, region.name, props.repositoryName),
      replicaProviders,
    });

    const primary = props.primary;
    this.composed = composeRegion(this, kit, env, {
      region: region.name,
      primary: region.primary,
      cidr: region.cidr,
      zoneCount: region.azCount,
      natGateways: region.natGateways === "one-per-az" ? "one-per-zone" : "single",
      replicaRegions: props.secondaryRegions,
      fromPrimary: primary?.sharedRefs,
      originDomain: originDomain(dnsFor(env, "aws").apiDomain),
      imageRepository: props.repositoryName,
      imageTag: props.imageTag,
    });

    if (region.primary) {
      this.sharedRefs = this.composed.sharedRefs;
    } else if (primary) {
      // Secondary regions write to the primary database: reach it privately.
      const primaryNetwork = primary.composed.network;
      new AwsRegionPeering(this, "peering-to-primary", {
        context: this.context,
        requesterVpcId: this.composed.network.vpcId,
        requesterCidr: region.cidr,
        requesterRouteTableIds: this.composed.network.privateRouteTableIds,
        requesterServiceSecurityGroupId: this.composed.network.securityGroups.service,
        peerVpcId: primaryNetwork.vpcId,
        peerCidr: primaryNetwork.cidr,
        peerRegion: primary.context.region,
        peerRouteTableIds: primaryNetwork.privateRouteTableIds,
        peerDatabaseSecurityGroupId: primaryNetwork.securityGroups.database,
        peerProvider: awsProvider(this, "aws-primary", primary.context.region, "primary"),
      });
    }

    new TerraformOutput(this, "load_balancer_dns_name", { value: this.composed.loadBalancer.dnsName });
    new TerraformOutput(this, "assets_bucket", { value: this.composed.bucket.bucketName });
    new TerraformOutput(this, "database_writer_host", { value: this.composed.postgres.endpoints.writerHost });
    new TerraformOutput(this, "redis_sentinels", { value: this.composed.redis.endpoints.sentinelAddresses.join(",") });
  }

  /** The region's object storage (the edge stack serves static assets from the primary's). */
  get assets(): AwsKitTypes["bucket"] {
    return this.composed.bucket;
  }
}
