import type { Construct } from "constructs";
import type {
  AlarmSpec,
  DeploymentContext,
  LoadBalancerSpec,
  NetworkSpec,
  ObjectStorageSpec,
  PostgresEndpoints,
  PostgresSpec,
  RedisSentinelEndpoints,
  RedisSentinelSpec,
  SecretRef,
  ServiceSpec,
  WafSpec,
} from "./specs";

/** What the composition needs to know about each building block it wires. */
export interface NetworkHandle {
  readonly cidr: string;
}
export interface WafHandle {
  /** Cloud id of the web application firewall policy. */
  readonly wafId: string;
}
export interface LoadBalancerHandle {
  /** DNS name clients (or the CDN) reach the load balancer at. */
  readonly dnsName: string;
}
export interface ServiceHandle {
  readonly serviceName: string;
}
export interface PostgresHandle {
  readonly endpoints: PostgresEndpoints;
  /** Id a cross-region replica points at (an ARN on AWS). */
  readonly replicationSourceId: string;
  /**
   * Writer host that other regions reach, when the in-region name does not
   * resolve there (AWS: the RDS address instead of the VPC's private zone).
   * @default endpoints.writerHost
   */
  readonly crossRegionWriterHost?: string;
}
export interface RedisSentinelHandle {
  readonly endpoints: RedisSentinelEndpoints;
}
export interface BucketHandle {
  readonly bucketName: string;
}
export interface SecretHandle {
  readonly ref: SecretRef;
}

/** The primary region's database, as a secondary region replicates and writes to it. */
export interface ReplicaSource {
  /** Id the replica points at (an ARN on AWS). */
  readonly sourceId: string;
  readonly sourceRegion: string;
  /** The primary's endpoints: secondaries write there and use its credentials. */
  readonly writer: PostgresEndpoints;
}

/** The handle types one cloud's kit produces. */
export interface RegionKitTypes {
  readonly network: NetworkHandle;
  readonly waf: WafHandle;
  readonly loadBalancer: LoadBalancerHandle;
  readonly service: ServiceHandle;
  readonly postgres: PostgresHandle;
  readonly redis: RedisSentinelHandle;
  readonly bucket: BucketHandle;
  readonly secret: SecretHandle;
}

/**
 * One cloud's building blocks for a region of MockForge. The composition in
 * stacks/ wires them the same way for every cloud; a kit only turns specs
 * into its cloud's resources. Each method receives handles this same kit
 * made, so implementations may rely on their own concrete types.
 */
export interface RegionKit<T extends RegionKitTypes> {
  readonly context: DeploymentContext;
  network(scope: Construct, id: string, spec: NetworkSpec): T["network"];
  /**
   * A regional web application firewall for the regional entry point. Clouds
   * whose WAF sits only at the global edge (GCP Cloud Armor on the global
   * backend, Azure Front Door) leave it out and attach theirs in the edge stack.
   */
  waf?(scope: Construct, id: string, spec: WafSpec): T["waf"];
  objectStorage(scope: Construct, id: string, spec: ObjectStorageSpec, deps: { network: T["network"] }): T["bucket"];
  /** A generated secret for the application (e.g. the admin signing key). */
  appSecret(scope: Construct, id: string, name: string): T["secret"];
  postgres(
    scope: Construct,
    id: string,
    spec: PostgresSpec,
    deps: { network: T["network"]; replicaOf?: ReplicaSource },
  ): T["postgres"];
  redisSentinel(scope: Construct, id: string, spec: RedisSentinelSpec, deps: { network: T["network"] }): T["redis"];
  /**
   * The region's entry point that the service registers into (AWS: ALB +
   * target group; GCP: the serverless NEG the global load balancer uses;
   * Azure: the origin Front Door routes to).
   */
  loadBalancer(scope: Construct, id: string, spec: LoadBalancerSpec, deps: { network: T["network"]; waf?: T["waf"] }): T["loadBalancer"];
  service(
    scope: Construct,
    id: string,
    spec: ServiceSpec,
    deps: { network: T["network"]; loadBalancer: T["loadBalancer"]; bucket: T["bucket"] },
  ): T["service"];
  alarms(
    scope: Construct,
    id: string,
    spec: AlarmSpec,
    deps: { loadBalancer: T["loadBalancer"]; service: T["service"]; postgres: T["postgres"]; redis: T["redis"] },
  ): void;
}
