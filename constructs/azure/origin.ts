import { Construct } from "constructs";
import { Fn, Lazy } from "cdktf";
import { DataAzurermNetworkServiceTags } from "@cdktf/provider-azurerm/lib/data-azurerm-network-service-tags";
import type { LoadBalancerHandle } from "../core/kit";
import { ENV } from "../core/runtime-contract";

/** The service tag of the addresses Front Door connects to origins from. */
export const FRONT_DOOR_SERVICE_TAG = "AzureFrontDoor.Backend";
/** Environment variable carrying the Front Door profile id the server must see in X-Azure-FDID. */
export const FRONT_DOOR_ID_ENV = ENV.edgeId;
/** An IPv4 CIDR inside the tag's mixed IPv4/IPv6 prefix list (Container Apps rules take IPv4 only). */
export const IPV4_CIDR_PATTERN = "[0-9]+\\.[0-9]+\\.[0-9]+\\.[0-9]+/[0-9]+";

export interface AzureFrontDoorOriginProps {
  /** Region whose service tag list is read (the list is the same everywhere; the API wants a location). */
  readonly location: string;
  /** Path Front Door's health probe requests (the readiness path of the runtime contract). */
  readonly healthCheckPath: string;
  /**
   * Resource GUID of the environment's Front Door profile: the value of X-Azure-FDID
   * the server must insist on (other Front Door profiles share the service tag).
   * @default none: only the network restriction applies
   */
  readonly frontDoorId?: string;
}

/**
 * The region's entry point as Front Door sees it: which traffic the Container
 * App's ingress admits and what Front Door probes. The ingress allows only
 * the AzureFrontDoor.Backend addresses (read from the service tag API at plan
 * time, so the list follows Azure's changes on every apply); the server also
 * receives the profile id to check X-Azure-FDID, which tells this
 * environment's Front Door from everyone else's. The service registers its
 * ingress FQDN here; `dnsName` resolves to it.
 */
export class AzureFrontDoorOrigin extends Construct implements LoadBalancerHandle {
  readonly serviceTags: DataAzurermNetworkServiceTags;
  /** IPv4 CIDRs of AzureFrontDoor.Backend (a Terraform list). */
  readonly allowedIpv4Cidrs: string[];
  readonly healthCheckPath: string;
  readonly frontDoorId?: string;
  /** The registered service's ingress FQDN (what Front Door's origin points at). */
  readonly dnsName: string;
  private registeredFqdn?: string;

  constructor(scope: Construct, id: string, props: AzureFrontDoorOriginProps) {
    super(scope, id);
    if (!props.healthCheckPath.startsWith("/")) {
      throw new Error(`AzureFrontDoorOrigin: healthCheckPath "${props.healthCheckPath}" must be an absolute path such as /health/ready.`);
    }
    this.healthCheckPath = props.healthCheckPath;
    this.frontDoorId = props.frontDoorId;
    this.serviceTags = new DataAzurermNetworkServiceTags(this, "front-door-addresses", { location: props.location, service: FRONT_DOOR_SERVICE_TAG });
    // No for-expressions in cdktf: pick the IPv4 prefixes out of the joined list with a regex.
    this.allowedIpv4Cidrs = Fn.regexall(IPV4_CIDR_PATTERN, Fn.join(",", this.serviceTags.addressPrefixes));
    this.dnsName = Lazy.stringValue({
      produce: () => {
        if (this.registeredFqdn === undefined) throw new Error(`AzureFrontDoorOrigin ${this.node.path}: no service registered its ingress (call register()).`);
        return this.registeredFqdn;
      },
    });
  }

  /** Called by the service: Front Door's origin is this ingress FQDN. */
  register(fqdn: string): void {
    if (this.registeredFqdn !== undefined) throw new Error(`AzureFrontDoorOrigin ${this.node.path}: a service is already registered; one origin serves one app.`);
    this.registeredFqdn = fqdn;
  }
}
