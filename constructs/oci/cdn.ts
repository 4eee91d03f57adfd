import { Construct } from "constructs";
import { resourceName } from "../core/naming";
import type { DeploymentContext } from "../core/specs";
import { WaaWebAppAcceleration } from "./bindings/waa-web-app-acceleration";
import { WaaWebAppAccelerationPolicy } from "./bindings/waa-web-app-acceleration-policy";

export interface OciWebAppAccelerationProps {
  readonly context: DeploymentContext;
  readonly compartmentId: string;
  /** The load balancer to accelerate. */
  readonly loadBalancerId: string;
}

/**
 * OCI has no global CDN: MockForge's CDN role is played by Web Application
 * Acceleration on each regional load balancer, which caches responses that
 * carry cache-control headers (the server marks static assets cacheable and
 * API responses not) and gzips responses for clients that accept it.
 */
export class OciWebAppAcceleration extends Construct {
  readonly policy: WaaWebAppAccelerationPolicy;
  readonly acceleration: WaaWebAppAcceleration;

  constructor(scope: Construct, id: string, props: OciWebAppAccelerationProps) {
    super(scope, id);
    this.policy = new WaaWebAppAccelerationPolicy(this, "policy", {
      compartmentId: props.compartmentId,
      displayName: resourceName(props.context, "waa-policy"),
      responseCachingPolicy: { isResponseHeaderBasedCachingEnabled: true },
      responseCompressionPolicy: { gzipCompression: { isEnabled: true } },
    });
    this.acceleration = new WaaWebAppAcceleration(this, "acceleration", {
      compartmentId: props.compartmentId,
      displayName: resourceName(props.context, "waa"),
      backendType: "LOAD_BALANCER",
      loadBalancerId: props.loadBalancerId,
      webAppAccelerationPolicyId: this.policy.id,
    });
  }
}
