import { Construct } from "constructs";
import { ComputeRegionNetworkEndpointGroup } from "@cdktf/provider-google/lib/compute-region-network-endpoint-group";
import type { LoadBalancerHandle } from "../core/kit";
import type { DeploymentContext, LoadBalancerSpec } from "../core/specs";

const SERVICE_NAME = /^[a-z]([a-z0-9-]{0,47}[a-z0-9])?$/;

export interface GcpServerlessNegProps extends LoadBalancerSpec {
  readonly context: DeploymentContext;
  /** Name of the Cloud Run service in this region the NEG points at (it may be created later). */
  readonly serviceName: string;
}

/**
 * The region's entry point on GCP: a serverless network endpoint group for
 * the region's Cloud Run service. The environment's one global external
 * Application Load Balancer (edge stack) puts every region's NEG behind one
 * backend service, so each client reaches the nearest healthy region.
 *
 * Of the load balancer spec only the domain names apply here: serverless
 * NEGs have no health checks (Cloud Run's own probes and the backend
 * service's outlier detection take a failing region out), no deregistration
 * delay and no idle timeout; deletion protection and access logs belong to
 * the global load balancer.
 */
export class GcpServerlessNeg extends Construct implements LoadBalancerHandle {
  readonly neg: ComputeRegionNetworkEndpointGroup;
  /** `projects/<p>/regions/<r>/networkEndpointGroups/<name>`: what the global backend service lists. */
  readonly negId: string;
  readonly serviceName: string;
  /** The public name the global load balancer answers to. */
  readonly dnsName: string;

  constructor(scope: Construct, id: string, props: GcpServerlessNegProps) {
    super(scope, id);
    if (!SERVICE_NAME.test(props.serviceName)) {
      throw new Error(`GcpServerlessNeg: serviceName "${props.serviceName}" is not a Cloud Run service name (1-49 lower-case letters, digits, dashes, starting with a letter).`);
    }
    if (props.domainNames.length === 0) throw new Error("GcpServerlessNeg: domainNames is empty; give the public API host name.");
    this.serviceName = props.serviceName;
    this.dnsName = props.domainNames[0];
    this.neg = new ComputeRegionNetworkEndpointGroup(this, "neg", {
      name: `${props.serviceName}-neg`,
      description: `Cloud Run service ${props.serviceName} behind the global load balancer`,
      region: props.context.region,
      networkEndpointType: "SERVERLESS",
      cloudRun: { service: props.serviceName },
    });
    this.negId = this.neg.id;
  }
}
