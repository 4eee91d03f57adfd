import type { TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";
import { OciResource } from "./base";

/** The `health_checker` block. */
export interface LoadBalancerBackendSetHealthChecker {
  /** `HTTP` or `TCP`. */
  readonly protocol: string;
  /**
   * Milliseconds between checks.
   * @default 10000
   */
  readonly intervalMs?: number;
  /**
   * Backend port to check.
   * @default the backend's own port
   */
  readonly port?: number;
  /**
   * Failed (or succeeded) checks before a backend changes health.
   * @default 3
   */
  readonly retries?: number;
  /**
   * Status code a healthy backend returns.
   * @default 200
   */
  readonly returnCode?: number;
  /**
   * Milliseconds to wait for a reply.
   * @default 3000
   */
  readonly timeoutInMillis?: number;
  /**
   * Path to check (HTTP).
   * @default "/"
   */
  readonly urlPath?: string;
}

/** `oci_load_balancer_backend_set` arguments (website/docs/r/load_balancer_backend_set.html.markdown). */
export interface LoadBalancerBackendSetConfig extends TerraformMetaArguments {
  /** The health check policy. */
  readonly healthChecker: LoadBalancerBackendSetHealthChecker;
  /** The OCID of the load balancer. */
  readonly loadBalancerId: string;
  /** Name of the backend set (letters, digits, `-`, `_`). */
  readonly name: string;
  /** Load balancing policy, e.g. `LEAST_CONNECTIONS`. */
  readonly policy: string;
}

/** A backend set of a load balancer. */
export class LoadBalancerBackendSet extends OciResource {
  static readonly tfResourceType = "oci_load_balancer_backend_set";

  constructor(scope: Construct, id: string, config: LoadBalancerBackendSetConfig) {
    super(scope, id, LoadBalancerBackendSet.tfResourceType, config);
  }

  /** The backend set's name. */
  get name(): string {
    return this.getStringAttribute("name");
  }
}
