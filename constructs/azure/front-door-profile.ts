import { Construct } from "constructs";
import { CdnFrontdoorProfile } from "@cdktf/provider-azurerm/lib/cdn-frontdoor-profile";

/** Premium: managed WAF rule sets (Default Rule Set 2.1, Bot Manager) need it. */
export const FRONT_DOOR_SKU = "Premium_AzureFrontDoor";

export interface AzureFrontDoorProfileProps {
  /** Profile name (1-260 letters, digits and dashes). */
  readonly name: string;
  readonly resourceGroupName: string;
  /**
   * Seconds Front Door waits for an origin's response before failing the request (16-240).
   * @default 60
   */
  readonly responseTimeoutSeconds?: number;
}

/**
 * The environment's Front Door Premium profile. It lives in the global stack,
 * deployed before the regions: each region needs its resource GUID (the
 * value Front Door sends in X-Azure-FDID) to accept only this profile's
 * traffic. Endpoints, routes and the WAF are added by the edge stack, after
 * the regions exist.
 */
export class AzureFrontDoorProfile extends Construct {
  readonly profile: CdnFrontdoorProfile;
  readonly profileId: string;
  /** Front Door id sent to origins in X-Azure-FDID. */
  readonly resourceGuid: string;

  constructor(scope: Construct, id: string, props: AzureFrontDoorProfileProps) {
    super(scope, id);
    const timeout = props.responseTimeoutSeconds ?? 60;
    if (!Number.isInteger(timeout) || timeout < 16 || timeout > 240) {
      throw new Error(`AzureFrontDoorProfile "${props.name}": responseTimeoutSeconds ${timeout} is invalid; use a whole number from 16 to 240.`);
    }
    this.profile = new CdnFrontdoorProfile(this, "profile", {
      name: props.name,
      resourceGroupName: props.resourceGroupName,
      skuName: FRONT_DOOR_SKU,
      responseTimeoutSeconds: timeout,
    });
    this.profileId = this.profile.id;
    this.resourceGuid = this.profile.resourceGuid;
  }
}
