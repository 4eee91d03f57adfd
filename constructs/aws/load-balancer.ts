import { TerraformIterator, Token } from "cdktf";
import { Construct } from "constructs";
import { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import { AcmCertificateValidation } from "@cdktf/provider-aws/lib/acm-certificate-validation";
import { DataAwsRoute53Zone } from "@cdktf/provider-aws/lib/data-aws-route53-zone";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { Route53HealthCheck } from "@cdktf/provider-aws/lib/route53-health-check";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Wafv2WebAclAssociation } from "@cdktf/provider-aws/lib/wafv2-web-acl-association";
import type { LoadBalancerHandle } from "../core/kit";
import { resourceName } from "../core/naming";
import { HEALTH_PATHS, PORTS } from "../core/runtime-contract";
import type { DeploymentContext, LoadBalancerSpec } from "../core/specs";
import type { AwsNetworkRef } from "./network-ref";
import { awsAccount } from "./account";

/** TLS 1.3 with TLS 1.2 fallback; no TLS 1.0/1.1, no CBC-only suites. */
export const ALB_SSL_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";
/** Key prefix ALB access logs are written under. */
const ACCESS_LOG_PREFIX = "alb";
/**
 * Regions launched before August 2022 deliver ALB logs from a regional ELB
 * account rather than the log-delivery service principal (AWS docs,
 * "Enable access logs for your Application Load Balancer").
 */
const LEGACY_ELB_LOG_ACCOUNTS: Readonly<Record<string, string>> = {
  "us-east-1": "127311923021",
  "us-east-2": "033677994240",
  "us-west-1": "027434742980",
  "us-west-2": "797873946194",
  "af-south-1": "098369216593",
  "ap-east-1": "754344448648",
  "ap-south-1": "718504428378",
  "ap-northeast-1": "582318560864",
  "ap-northeast-2": "600734575887",
  "ap-northeast-3": "383597477331",
  "ap-southeast-1": "114774131450",
  "ap-southeast-2": "783225319266",
  "ap-southeast-3": "589379963580",
  "ca-central-1": "985666609251",
  "eu-central-1": "054676820928",
  "eu-west-1": "156460612806",
  "eu-west-2": "652711504416",
  "eu-west-3": "009996457667",
  "eu-south-1": "635631232127",
  "eu-north-1": "897822967062",
  "me-south-1": "076674570225",
  "sa-east-1": "507241528517",
};
const DNS_NAME = /^(?=.{1,253}$)(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export interface AwsLoadBalancerProps extends LoadBalancerSpec {
  readonly context: DeploymentContext;
  readonly network: AwsNetworkRef;
  /** ARN of the REGIONAL web ACL attached to the load balancer. */
  readonly webAclArn: string;
  /**
   * Existing bucket for access logs (same region; SSE-S3; with the ELB log-delivery policy).
   * @default a dedicated, private, SSE-S3 encrypted access-log bucket is created
   */
  readonly accessLogBucketName?: string;
}

/**
 * The region's public entry point: an internet-facing ALB in the public
 * subnets, HTTPS only (HTTP redirects), TLS 1.2+ with an ACM certificate
 * validated in the existing public zone, WAF attached, access logs on,
 * invalid headers dropped and strictest desync mitigation. A latency-based
 * alias record with its own health check takes the region out of DNS when it
 * stops answering its readiness probe.
 */
export class AwsLoadBalancer extends Construct implements LoadBalancerHandle {
  readonly loadBalancer: Lb;
  readonly httpsListener: LbListener;
  readonly httpListener: LbListener;
  readonly targetGroup: LbTargetGroup;
  readonly certificate: AcmCertificate;
  readonly certificateValidation: AcmCertificateValidation;
  readonly healthCheck: Route53HealthCheck;
  readonly aliasRecord: Route53Record;
  readonly webAclAssociation: Wafv2WebAclAssociation;
  /** The access-log bucket this construct created; undefined when `accessLogBucketName` was given. */
  readonly accessLogBucket?: S3Bucket;
  /** DNS name of the ALB. */
  readonly dnsName: string;

  constructor(scope: Construct, id: string, props: AwsLoadBalancerProps) {
    super(scope, id);
    validate(props);
    const { context, network } = props;
    const primaryDomain = props.domainNames[0];

    const zone = new DataAwsRoute53Zone(this, "zone", { name: props.dnsZoneName, privateZone: false });

    this.certificate = new AcmCertificate(this, "certificate", {
      domainName: primaryDomain,
      subjectAlternativeNames: props.domainNames.length > 1 ? props.domainNames.slice(1) : undefined,
      validationMethod: "DNS",
      keyAlgorithm: "RSA_2048",
      tags: { Name: primaryDomain },
      // A new certificate must be issued before the listener lets go of the old one.
      lifecycle: { createBeforeDestroy: true },
    });
    const validationOptions = TerraformIterator.fromComplexList(this.certificate.domainValidationOptions, "domain_name");
    const validationRecords = new Route53Record(this, "certificate-validation-record", {
      forEach: validationOptions,
      zoneId: zone.zoneId,
      name: validationOptions.getString("resource_record_name"),
      type: validationOptions.getString("resource_record_type"),
      records: [validationOptions.getString("resource_record_value")],
      ttl: 60,
      // Every region validates the same names with the same record: overwriting is expected.
      allowOverwrite: true,
    });
    this.certificateValidation = new AcmCertificateValidation(this, "certificate-validation", {
      certificateArn: this.certificate.arn,
      validationRecordFqdns: Token.asList(TerraformIterator.fromResources(validationRecords).pluckProperty("fqdn")),
    });

    let accessLogBucketName = props.accessLogBucketName;
    let accessLogPolicy: S3BucketPolicy | undefined;
    if (accessLogBucketName === undefined) {
      const created = this.createAccessLogBucket(context, props.accessLogRetentionDays);
      this.accessLogBucket = created.bucket;
      accessLogPolicy = created.policy;
      accessLogBucketName = created.bucket.bucket;
    }

    this.loadBalancer = new Lb(this, "alb", {
      name: resourceName(context, "alb", 32),
      loadBalancerType: "application",
      internal: false,
      subnets: [...network.publicSubnetIds],
      securityGroups: [network.securityGroups.loadBalancer],
      dropInvalidHeaderFields: true,
      desyncMitigationMode: "strictest",
      enableDeletionProtection: props.deletionProtection,
      idleTimeout: props.idleTimeoutSeconds,
      enableHttp2: true,
      accessLogs: { bucket: accessLogBucketName, prefix: ACCESS_LOG_PREFIX, enabled: true },
      // ELB checks that it can write to the bucket when logging is turned on.
      dependsOn: accessLogPolicy ? [accessLogPolicy] : undefined,
    });
    this.dnsName = this.loadBalancer.dnsName;

    this.targetGroup = new LbTargetGroup(this, "target-group", {
      name: resourceName(context, "tg", 32),
      targetType: "ip",
      port: PORTS.http,
      protocol: "HTTP",
      vpcId: network.vpcId,
      deregistrationDelay: String(props.deregistrationDelaySeconds),
      healthCheck: {
        enabled: true,
        protocol: "HTTP",
        port: "traffic-port",
        path: props.healthCheckPath,
        matcher: "200",
        interval: 15,
        timeout: 5,
        healthyThreshold: 2,
        unhealthyThreshold: 3,
      },
    });

    this.httpsListener = new LbListener(this, "https-listener", {
      loadBalancerArn: this.loadBalancer.arn,
      port: 443,
      protocol: "HTTPS",
      sslPolicy: ALB_SSL_POLICY,
      // The validation's ARN makes the listener wait for an issued certificate.
      certificateArn: this.certificateValidation.certificateArn,
      defaultAction: [{ type: "forward", targetGroupArn: this.targetGroup.arn }],
    });
    this.httpListener = new LbListener(this, "http-listener", {
      loadBalancerArn: this.loadBalancer.arn,
      port: 80,
      protocol: "HTTP",
      defaultAction: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
    });

    this.webAclAssociation = new Wafv2WebAclAssociation(this, "waf-association", {
      resourceArn: this.loadBalancer.arn,
      webAclArn: props.webAclArn,
    });

    // Probes this region's ALB directly (its own DNS name): the shared domain would resolve
    // to whichever region is closest to the checker. Route 53 does not validate the certificate.
    this.healthCheck = new Route53HealthCheck(this, "health-check", {
      type: "HTTPS",
      fqdn: this.loadBalancer.dnsName,
      port: 443,
      resourcePath: HEALTH_PATHS.ready,
      enableSni: true,
      failureThreshold: 3,
      requestInterval: 30,
      tags: { Name: `${primaryDomain} ${context.region}` },
    });
    this.aliasRecord = new Route53Record(this, "latency-record", {
      zoneId: zone.zoneId,
      name: primaryDomain,
      type: "A",
      setIdentifier: context.region,
      latencyRoutingPolicy: { region: context.region },
      healthCheckId: this.healthCheck.id,
      alias: { name: this.loadBalancer.dnsName, zoneId: this.loadBalancer.zoneId, evaluateTargetHealth: true },
    });
  }

  /** `app/<name>/<id>`: the `LoadBalancer` dimension of ALB CloudWatch metrics. */
  get arnSuffix(): string {
    return this.loadBalancer.arnSuffix;
  }

  /** `targetgroup/<name>/<id>`: the `TargetGroup` dimension of ALB CloudWatch metrics. */
  get targetGroupArnSuffix(): string {
    return this.targetGroup.arnSuffix;
  }

  private createAccessLogBucket(context: DeploymentContext, retentionDays: number): { bucket: S3Bucket; policy: S3BucketPolicy } {
    const account = awsAccount(this);
    // Bucket names are global: the account id keeps two accounts deploying the same environment apart.
    const bucket = new S3Bucket(this, "access-log-bucket", {
      bucket: `${resourceName(context, "alb-logs", 50)}-${account.accountId}`,
      forceDestroy: false,
    });
    new S3BucketOwnershipControls(this, "access-log-bucket-ownership", {
      bucket: bucket.id,
      rule: { objectOwnership: "BucketOwnerEnforced" },
    });
    new S3BucketPublicAccessBlock(this, "access-log-bucket-public-access-block", {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    // ALB log delivery supports only SSE-S3, not SSE-KMS.
    new S3BucketServerSideEncryptionConfigurationA(this, "access-log-bucket-encryption", {
      bucket: bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
    });
    const versioning = new S3BucketVersioningA(this, "access-log-bucket-versioning", {
      bucket: bucket.id,
      versioningConfiguration: { status: "Enabled" },
    });
    new S3BucketLifecycleConfiguration(this, "access-log-bucket-lifecycle", {
      bucket: bucket.id,
      rule: [
        {
          id: "expire-access-logs",
          status: "Enabled",
          filter: [{ prefix: "" }],
          expiration: [{ days: retentionDays }],
          // Versioning keeps expired logs as noncurrent versions: remove them soon after.
          noncurrentVersionExpiration: [{ noncurrentDays: 1 }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
      // Noncurrent-version rules need versioning in place first.
      dependsOn: [versioning],
    });

    const logObjects = `${bucket.arn}/${ACCESS_LOG_PREFIX}/AWSLogs/${account.accountId}/*`;
    const statements: object[] = [
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [bucket.arn, `${bucket.arn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
      {
        Sid: "ElbLogDelivery",
        Effect: "Allow",
        Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: logObjects,
      },
    ];
    const legacyAccount = LEGACY_ELB_LOG_ACCOUNTS[context.region];
    if (legacyAccount !== undefined) {
      statements.push({
        Sid: "ElbLogDeliveryLegacyRegion",
        Effect: "Allow",
        Principal: { AWS: `arn:${account.partition}:iam::${legacyAccount}:root` },
        Action: "s3:PutObject",
        Resource: logObjects,
      });
    }
    const policy = new S3BucketPolicy(this, "access-log-bucket-policy", {
      bucket: bucket.id,
      policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }),
    });
    return { bucket, policy };
  }
}

function validate(props: AwsLoadBalancerProps): void {
  if (props.domainNames.length === 0) throw new Error("AwsLoadBalancer: domainNames is empty; give at least the main host name.");
  const zone = props.dnsZoneName.toLowerCase().replace(/\.$/, "");
  for (const domain of props.domainNames) {
    if (!DNS_NAME.test(domain)) throw new Error(`AwsLoadBalancer: domainNames entry "${domain}" is not a lower-case DNS name.`);
    if (domain !== zone && !domain.endsWith(`.${zone}`)) {
      throw new Error(`AwsLoadBalancer: domainNames entry "${domain}" is outside dnsZoneName "${props.dnsZoneName}"; the zone validates the certificate.`);
    }
  }
  if (props.domainNames[0].startsWith("*.")) {
    throw new Error(`AwsLoadBalancer: domainNames[0] "${props.domainNames[0]}" is a wildcard; the first name gets the DNS record and must be a host name.`);
  }
  if (!props.healthCheckPath.startsWith("/")) {
    throw new Error(`AwsLoadBalancer: healthCheckPath "${props.healthCheckPath}" must start with "/".`);
  }
  const intRange = (prop: string, value: number, min: number, max: number) => {
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new Error(`AwsLoadBalancer: ${prop} ${value} is invalid; use a whole number from ${min} to ${max}.`);
    }
  };
  intRange("deregistrationDelaySeconds", props.deregistrationDelaySeconds, 0, 3600);
  intRange("idleTimeoutSeconds", props.idleTimeoutSeconds, 1, 4000);
  intRange("accessLogRetentionDays", props.accessLogRetentionDays, 1, 36500);
}
