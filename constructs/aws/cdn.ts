import { Construct } from "constructs";
import { TerraformIterator, Token } from "cdktf";
import { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import { AcmCertificateValidation } from "@cdktf/provider-aws/lib/acm-certificate-validation";
import { CloudfrontDistribution, type CloudfrontDistributionOrigin } from "@cdktf/provider-aws/lib/cloudfront-distribution";
import { CloudfrontOriginAccessControl } from "@cdktf/provider-aws/lib/cloudfront-origin-access-control";
import { CloudfrontResponseHeadersPolicy } from "@cdktf/provider-aws/lib/cloudfront-response-headers-policy";
import { CloudwatchLogDelivery } from "@cdktf/provider-aws/lib/cloudwatch-log-delivery";
import { CloudwatchLogDeliveryDestination } from "@cdktf/provider-aws/lib/cloudwatch-log-delivery-destination";
import { CloudwatchLogDeliverySource } from "@cdktf/provider-aws/lib/cloudwatch-log-delivery-source";
import { DataAwsCloudfrontCachePolicy } from "@cdktf/provider-aws/lib/data-aws-cloudfront-cache-policy";
import { DataAwsCloudfrontOriginRequestPolicy } from "@cdktf/provider-aws/lib/data-aws-cloudfront-origin-request-policy";
import { DataAwsRoute53Zone } from "@cdktf/provider-aws/lib/data-aws-route53-zone";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { resourceName } from "../core/naming";
import type { CdnSpec, DeploymentContext } from "../core/specs";
import { AwsHardenedBucket } from "./object-storage";
import { awsAccount } from "./account";

/** CloudFront only uses ACM certificates from this region, and its log delivery sources live there too. */
export const CLOUDFRONT_REGION = "us-east-1";

/** CloudFront price classes (edge locations used). */
export type CloudFrontPriceClass = "PriceClass_All" | "PriceClass_200" | "PriceClass_100";

export interface AwsCdnProps extends CdnSpec {
  readonly context: DeploymentContext;
  /** ARN of a CLOUDFRONT-scope WAFv2 web ACL (created in us-east-1). */
  readonly webAclArn: string;
  /** Regional domain name of the assets bucket (`bucket_regional_domain_name`). */
  readonly assetsBucketRegionalDomainName: string;
  /**
   * Regional domain name of a replica of the assets bucket. When set, assets
   * are served from an origin group that fails over to it on 403/404/5xx.
   * @default no failover: the assets bucket only
   */
  readonly failoverAssetsBucketRegionalDomainName?: string;
  /**
   * Edge locations to serve from.
   * @default "PriceClass_All" (lowest latency everywhere)
   */
  readonly priceClass?: CloudFrontPriceClass;
  /**
   * Allow destroying the log bucket while it still holds logs (throw-away environments).
   * @default false
   */
  readonly logBucketForceDestroy?: boolean;
}

const API_ORIGIN_ID = "api";
const ASSETS_ORIGIN_ID = "assets";
const ASSETS_FAILOVER_ORIGIN_ID = "assets-failover";
const ASSETS_GROUP_ID = "assets-group";
/** Status codes on which the assets origin group retries the replica. */
export const FAILOVER_STATUS_CODES = [403, 404, 500, 502, 503, 504];
const ALL_METHODS = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"];
/** An API serves JSON, never a page: nothing may load, frame or be framed. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * The public entry point: CloudFront in front of the (latency-routed) regional
 * load balancers for the API — never cached — and the assets bucket, cached
 * and read through origin access control. TLS 1.2+ only (TLSv1.2_2021 policy,
 * HTTPS to the origins), HTTP redirected to HTTPS, WAF attached, security
 * headers on every response, access logs (standard logging v2) to an S3 bucket.
 *
 * Region: deploy this in a stack whose default AWS provider is us-east-1.
 * CloudFront needs its ACM certificate there, and the log delivery source must
 * be there; those resources also pin `region = "us-east-1"` explicitly, while
 * the log bucket follows the default provider.
 *
 * Logging uses standard logging v2 (CloudWatch Logs vended delivery to S3)
 * rather than the legacy `logging_config`: the legacy path writes with ACLs,
 * which needs an ObjectWriter bucket and the awslogsdelivery grant; v2 works
 * with ACLs disabled like every other MockForge bucket.
 */
export class AwsCdn extends Construct {
  readonly distribution: CloudfrontDistribution;
  readonly certificate: AcmCertificate;
  readonly certificateValidation: AcmCertificateValidation;
  readonly originAccessControl: CloudfrontOriginAccessControl;
  readonly responseHeadersPolicy: CloudfrontResponseHeadersPolicy;
  readonly logBucket: AwsHardenedBucket;
  readonly logDelivery: CloudwatchLogDelivery;
  readonly zone: DataAwsRoute53Zone;

  constructor(scope: Construct, id: string, props: AwsCdnProps) {
    super(scope, id);
    validate(props);
    const { context } = props;
    const account = awsAccount(this).accountId;

    this.zone = new DataAwsRoute53Zone(this, "zone", { name: props.dnsZoneName, privateZone: false });

    this.certificate = new AcmCertificate(this, "certificate", {
      region: CLOUDFRONT_REGION,
      domainName: props.domainName,
      validationMethod: "DNS",
      keyAlgorithm: "RSA_2048",
      tags: { Name: props.domainName },
      // A replacement certificate must be issued before the distribution lets go of the old one.
      lifecycle: { createBeforeDestroy: true },
    });
    const validationOptions = TerraformIterator.fromComplexList(this.certificate.domainValidationOptions, "domain_name");
    const validationRecords = new Route53Record(this, "certificate-validation-record", {
      forEach: validationOptions,
      zoneId: this.zone.zoneId,
      name: validationOptions.getString("resource_record_name"),
      type: validationOptions.getString("resource_record_type"),
      records: [validationOptions.getString("resource_record_value")],
      ttl: 300,
      allowOverwrite: true,
    });
    this.certificateValidation = new AcmCertificateValidation(this, "certificate-validation", {
      region: CLOUDFRONT_REGION,
      certificateArn: this.certificate.arn,
      validationRecordFqdns: Token.asList(TerraformIterator.fromResources(validationRecords).pluckProperty("fqdn")),
    });

    this.originAccessControl = new CloudfrontOriginAccessControl(this, "origin-access-control", {
      name: resourceName(context, "assets-oac", 64),
      description: "CloudFront signs every request to the MockForge assets bucket",
      originAccessControlOriginType: "s3",
      signingBehavior: "always",
      signingProtocol: "sigv4",
    });

    this.responseHeadersPolicy = new CloudfrontResponseHeadersPolicy(this, "security-headers", {
      name: resourceName(context, "security-headers", 128),
      comment: "MockForge API security headers",
      securityHeadersConfig: {
        strictTransportSecurity: { accessControlMaxAgeSec: 63072000, includeSubdomains: true, preload: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: "DENY", override: true },
        referrerPolicy: { referrerPolicy: "strict-origin-when-cross-origin", override: true },
        contentSecurityPolicy: { contentSecurityPolicy: API_CONTENT_SECURITY_POLICY, override: true },
      },
    });

    const managedCachePolicy = (cid: string, name: string) => new DataAwsCloudfrontCachePolicy(this, cid, { name });
    const cachingDisabled = managedCachePolicy("caching-disabled", "Managed-CachingDisabled");
    const cachingOptimized = managedCachePolicy("caching-optimized", "Managed-CachingOptimized");
    const allViewerExceptHost = new DataAwsCloudfrontOriginRequestPolicy(this, "all-viewer-except-host", {
      name: "Managed-AllViewerExceptHostHeader",
    });

    const logBucketName = `${resourceName(context, "cdn-logs", 63 - 13)}-${account}`;
    const logBucketArn = `arn:aws:s3:::${logBucketName}`;
    const logDeliveryCondition = {
      StringEquals: { "aws:SourceAccount": account },
      ArnLike: { "aws:SourceArn": `arn:aws:logs:${CLOUDFRONT_REGION}:${account}:delivery-source:*` },
    };
    this.logBucket = new AwsHardenedBucket(this, "log-bucket", {
      bucketName: logBucketName,
      forceDestroy: props.logBucketForceDestroy ?? false,
      versioning: false,
      lifecycleRules: [
        { id: "expire-cdn-logs", status: "Enabled", filter: [{}], expiration: [{ days: props.logRetentionDays }] },
        { id: "abort-incomplete-multipart-uploads", status: "Enabled", filter: [{}], abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }] },
      ],
      policyStatements: [
        {
          Sid: "AWSLogDeliveryWrite",
          Effect: "Allow",
          Principal: { Service: "delivery.logs.amazonaws.com" },
          Action: "s3:PutObject",
          Resource: `${logBucketArn}/AWSLogs/${account}/*`,
          Condition: {
            ...logDeliveryCondition,
            StringEquals: { ...logDeliveryCondition.StringEquals, "s3:x-amz-acl": "bucket-owner-full-control" },
          },
        },
        {
          // Read-only checks the delivery service makes before writing.
          Sid: "AWSLogDeliveryAclCheck",
          Effect: "Allow",
          Principal: { Service: "delivery.logs.amazonaws.com" },
          Action: ["s3:GetBucketAcl", "s3:ListBucket"],
          Resource: logBucketArn,
          Condition: logDeliveryCondition,
        },
      ],
    });

    const s3Origin = (originId: string, domainName: string): CloudfrontDistributionOrigin => ({
      originId,
      domainName,
      originAccessControlId: this.originAccessControl.id,
    });
    const origins: CloudfrontDistributionOrigin[] = [
      {
        originId: API_ORIGIN_ID,
        domainName: props.apiOriginDomain,
        customOriginConfig: {
          httpPort: 80,
          httpsPort: 443,
          originProtocolPolicy: "https-only",
          originSslProtocols: ["TLSv1.2"],
          originReadTimeout: 30,
          originKeepaliveTimeout: 5,
        },
      },
      s3Origin(ASSETS_ORIGIN_ID, props.assetsBucketRegionalDomainName),
    ];
    const failover = props.failoverAssetsBucketRegionalDomainName;
    if (failover !== undefined) origins.push(s3Origin(ASSETS_FAILOVER_ORIGIN_ID, failover));

    this.distribution = new CloudfrontDistribution(this, "distribution", {
      enabled: true,
      comment: `MockForge ${context.environment} API and assets`,
      aliases: [props.domainName],
      priceClass: props.priceClass ?? "PriceClass_All",
      httpVersion: "http2and3",
      isIpv6Enabled: true,
      webAclId: props.webAclArn,
      viewerCertificate: {
        acmCertificateArn: this.certificateValidation.certificateArn,
        sslSupportMethod: "sni-only",
        minimumProtocolVersion: "TLSv1.2_2021",
      },
      origin: origins,
      originGroup:
        failover === undefined
          ? undefined
          : [
              {
                originId: ASSETS_GROUP_ID,
                failoverCriteria: { statusCodes: FAILOVER_STATUS_CODES },
                member: [{ originId: ASSETS_ORIGIN_ID }, { originId: ASSETS_FAILOVER_ORIGIN_ID }],
              },
            ],
      defaultCacheBehavior: {
        targetOriginId: API_ORIGIN_ID,
        viewerProtocolPolicy: "redirect-to-https",
        allowedMethods: ALL_METHODS,
        cachedMethods: ["GET", "HEAD"],
        cachePolicyId: cachingDisabled.id,
        originRequestPolicyId: allViewerExceptHost.id,
        responseHeadersPolicyId: this.responseHeadersPolicy.id,
        compress: true,
      },
      orderedCacheBehavior: [
        {
          pathPattern: props.assetsPathPattern,
          targetOriginId: failover === undefined ? ASSETS_ORIGIN_ID : ASSETS_GROUP_ID,
          viewerProtocolPolicy: "redirect-to-https",
          allowedMethods: ["GET", "HEAD", "OPTIONS"],
          cachedMethods: ["GET", "HEAD"],
          cachePolicyId: cachingOptimized.id,
          responseHeadersPolicyId: this.responseHeadersPolicy.id,
          compress: true,
        },
      ],
      restrictions: { geoRestriction: { restrictionType: "none" } },
      tags: { Name: props.domainName },
    });

    const source = new CloudwatchLogDeliverySource(this, "log-source", {
      region: CLOUDFRONT_REGION,
      name: resourceName(context, "cdn-access-logs", 60),
      logType: "ACCESS_LOGS",
      resourceArn: this.distribution.arn,
    });
    const destination = new CloudwatchLogDeliveryDestination(this, "log-destination", {
      region: CLOUDFRONT_REGION,
      name: resourceName(context, "cdn-logs-s3", 60),
      outputFormat: "json",
      deliveryDestinationConfiguration: [{ destinationResourceArn: this.logBucket.bucketArn }],
    });
    this.logDelivery = new CloudwatchLogDelivery(this, "log-delivery", {
      region: CLOUDFRONT_REGION,
      deliverySourceName: source.name,
      deliveryDestinationArn: destination.arn,
      // The bucket policy must allow the delivery service before the first write.
      dependsOn: [this.logBucket.policy],
    });

    for (const type of ["A", "AAAA"]) {
      new Route53Record(this, `alias-${type.toLowerCase()}`, {
        zoneId: this.zone.zoneId,
        name: props.domainName,
        type,
        alias: { name: this.distribution.domainName, zoneId: this.distribution.hostedZoneId, evaluateTargetHealth: false },
      });
    }
  }
}

function validate(props: AwsCdnProps): void {
  const fail = (message: string): never => {
    throw new Error(`AwsCdn (${props.context.environment}): ${message}`);
  };
  const host = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
  const zone = props.dnsZoneName.replace(/\.$/, "");
  if (!host.test(zone)) fail(`dnsZoneName "${props.dnsZoneName}" is not a DNS zone name such as "mockforge.cloud".`);
  if (!host.test(props.domainName) || !(props.domainName === zone || props.domainName.endsWith(`.${zone}`))) {
    fail(`domainName "${props.domainName}" must be a lower-case host name inside dnsZoneName "${zone}" (its certificate is validated there).`);
  }
  if (!Token.isUnresolved(props.apiOriginDomain) && !host.test(props.apiOriginDomain)) {
    fail(`apiOriginDomain "${props.apiOriginDomain}" must be a lower-case DNS host name (the load balancers' certificate name).`);
  }
  if (props.apiOriginDomain === props.domainName) {
    fail(`apiOriginDomain equals domainName "${props.domainName}"; the origin needs its own name or CloudFront would call itself.`);
  }
  const pattern = props.assetsPathPattern;
  if (!/^\/?[A-Za-z0-9_\-.*$/~"'@:+?&=]+$/.test(pattern) || pattern === "*" || pattern === "/*" || pattern.length > 255) {
    fail(`assetsPathPattern "${pattern}" must be a CloudFront path pattern narrower than the default behaviour, e.g. "/assets/*".`);
  }
  if (!Number.isInteger(props.logRetentionDays) || props.logRetentionDays < 1) {
    fail(`logRetentionDays is ${props.logRetentionDays}; use a whole number of days, at least 1.`);
  }
  if (!Token.isUnresolved(props.webAclArn) && !/^arn:aws[a-z-]*:wafv2:us-east-1:\d{12}:global\/webacl\//.test(props.webAclArn)) {
    fail(`webAclArn "${props.webAclArn}" is not a CLOUDFRONT-scope WAFv2 web ACL ARN (arn:aws:wafv2:us-east-1:<account>:global/webacl/...).`);
  }
  const priceClasses = ["PriceClass_All", "PriceClass_200", "PriceClass_100"];
  if (props.priceClass !== undefined && !priceClasses.includes(props.priceClass)) {
    fail(`priceClass "${props.priceClass}" is not one of ${priceClasses.join(", ")}.`);
  }
}
