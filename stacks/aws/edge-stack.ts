import { TerraformOutput } from "cdktf";
import { MockForgeStack } from "../mockforge-stack";
import type { Construct } from "constructs";
import { AwsCdn } from "../../constructs/aws/cdn";
import { AwsWebAcl } from "../../constructs/aws/waf";
import { standardTags } from "../../constructs/core/naming";
import type { DeploymentContext } from "../../constructs/core/specs";
import { TaggingAspect } from "../../constructs/core/tagging";
import type { AwsConfig, EnvironmentConfig } from "../../environments/model";
import { awsProvider, useS3Backend } from "./providers";
import { originDomain } from "./stack-names";
import { dnsFor } from "../../environments/dns";

/** CloudFront, its certificate and CLOUDFRONT-scope WAF must live in us-east-1. */
export const CLOUDFRONT_REGION = "us-east-1";

export interface AwsEdgeStackProps {
  readonly env: EnvironmentConfig;
  readonly aws: AwsConfig;
  /** Regional domain name of the primary region's assets bucket. */
  readonly assetsBucketDomainName: string;
  /** A replica bucket to fail over to for assets, when the environment replicates. */
  readonly failoverAssetsBucketDomainName?: string;
}

/**
 * The environment's public entry point: CloudFront with a CLOUDFRONT-scope
 * WAF in front of the latency-routed regional load balancers (API, never
 * cached) and the assets bucket (cached, through origin access control).
 * Deployed last: it reads the primary region's bucket.
 */
export class AwsEdgeStack extends MockForgeStack {
  readonly cdn: AwsCdn;
  readonly webAcl: AwsWebAcl;

  constructor(scope: Construct, id: string, props: AwsEdgeStackProps) {
    super(scope, id);
    const { env } = props;
    const context: DeploymentContext = { cloud: "aws", environment: env.name, region: CLOUDFRONT_REGION, primary: true };
    awsProvider(this, "aws", CLOUDFRONT_REGION);
    useS3Backend(this, props.aws.state, id);
    TaggingAspect.apply(this, { ...standardTags(context, env.tags.owner, env.tags.costCenter) });

    this.webAcl = new AwsWebAcl(this, "waf", {
      context,
      scope: "CLOUDFRONT",
      rateLimitPer5Minutes: env.edge.wafRateLimitPer5Minutes,
      mode: env.edge.wafMode,
      logRetentionDays: env.edge.logRetentionDays,
    });
    this.cdn = new AwsCdn(this, "cdn", {
      context,
      domainName: dnsFor(env, "aws").apiDomain,
      dnsZoneName: dnsFor(env, "aws").zoneName,
      apiOriginDomain: originDomain(dnsFor(env, "aws").apiDomain),
      assetsPathPattern: "/assets/*",
      logRetentionDays: env.edge.logRetentionDays,
      webAclArn: this.webAcl.wafId,
      assetsBucketRegionalDomainName: props.assetsBucketDomainName,
      failoverAssetsBucketRegionalDomainName: props.failoverAssetsBucketDomainName,
    });
    new TerraformOutput(this, "distribution_domain_name", { value: this.cdn.distribution.domainName });
    new TerraformOutput(this, "api_url", { value: `https://${dnsFor(env, "aws").apiDomain}` });
  }
}
