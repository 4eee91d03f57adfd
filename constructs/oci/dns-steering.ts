import { Construct } from "constructs";
import { globalName } from "../core/naming";
import { HEALTH_PATHS } from "../core/runtime-contract";
import { DnsSteeringPolicy } from "./bindings/dns-steering-policy";
import { DnsSteeringPolicyAttachment } from "./bindings/dns-steering-policy-attachment";
import { HealthChecksHttpMonitor } from "./bindings/health-checks-http-monitor";

/** One region the steering policy can answer with. */
export interface OciSteeringTarget {
  /** Region id (the answer's name). */
  readonly region: string;
  /** Host name of the region's load balancer (its A record). */
  readonly hostName: string;
}

export interface OciDnsSteeringProps {
  readonly environment: string;
  readonly compartmentId: string;
  /** OCID of the public zone holding `domainName`. */
  readonly zoneId: string;
  /** The public API host name the policy answers for. */
  readonly domainName: string;
  /** The regions, each with its load balancer's host name. */
  readonly targets: readonly OciSteeringTarget[];
  /**
   * TTL of answers in seconds (short, so clients follow a failover).
   * @default 30
   */
  readonly ttlSeconds?: number;
  /**
   * Seconds between health probes (10, 30 or 60).
   * @default 30
   */
  readonly probeIntervalSeconds?: number;
}

/**
 * Global traffic management across the environment's regions: an HTTPS
 * health check of every region's load balancer on the readiness path, and a
 * LOAD_BALANCE steering policy (filter disabled answers, drop unhealthy
 * regions, equal weights, one answer) attached to the API host name. Answers
 * are CNAMEs to each region's load balancer record, so the global stack needs
 * nothing from the regional stacks and deploys first.
 */
export class OciDnsSteering extends Construct {
  readonly healthCheck: HealthChecksHttpMonitor;
  readonly policy: DnsSteeringPolicy;
  readonly attachment: DnsSteeringPolicyAttachment;

  constructor(scope: Construct, id: string, props: OciDnsSteeringProps) {
    super(scope, id);
    if (props.targets.length === 0) throw new Error("OciDnsSteering: targets is empty; give every region's load balancer host name.");
    const interval = props.probeIntervalSeconds ?? 30;
    if (![10, 30, 60].includes(interval)) throw new Error(`OciDnsSteering: probeIntervalSeconds is ${interval}; OCI health checks run every 10, 30 or 60 seconds.`);
    const answerName = (region: string) => region.replace(/[^a-z0-9-]/g, "-");

    this.healthCheck = new HealthChecksHttpMonitor(this, "health-check", {
      compartmentId: props.compartmentId,
      displayName: globalName(props.environment, "api-health"),
      protocol: "HTTPS",
      method: "GET",
      port: 443,
      path: HEALTH_PATHS.ready,
      targets: props.targets.map((t) => t.hostName),
      intervalInSeconds: interval,
      timeoutInSeconds: 10,
      isEnabled: true,
    });
    this.policy = new DnsSteeringPolicy(this, "policy", {
      compartmentId: props.compartmentId,
      displayName: globalName(props.environment, "api-steering"),
      template: "LOAD_BALANCE",
      ttl: props.ttlSeconds ?? 30,
      healthCheckMonitorId: this.healthCheck.id,
      answers: props.targets.map((t) => ({ name: answerName(t.region), rtype: "CNAME", rdata: t.hostName, pool: t.region, isDisabled: false })),
      rules: [
        { ruleType: "FILTER", description: "Drop administratively disabled regions", defaultAnswerData: [{ answerCondition: "answer.isDisabled != true", shouldKeep: true }] },
        { ruleType: "HEALTH", description: "Drop regions failing the readiness check" },
        {
          ruleType: "WEIGHTED",
          description: "Spread clients evenly over the healthy regions",
          defaultAnswerData: props.targets.map((t) => ({ answerCondition: `answer.name == '${answerName(t.region)}'`, value: 100 })),
        },
        { ruleType: "LIMIT", description: "Answer with one region", defaultCount: 1 },
      ],
    });
    this.attachment = new DnsSteeringPolicyAttachment(this, "attachment", {
      zoneId: props.zoneId,
      domainName: props.domainName,
      steeringPolicyId: this.policy.id,
      displayName: globalName(props.environment, "api-steering"),
    });
  }
}
