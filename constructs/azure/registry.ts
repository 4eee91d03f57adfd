import { Construct } from "constructs";
import { ContainerRegistry } from "@cdktf/provider-azurerm/lib/container-registry";
import { ManagementLock } from "@cdktf/provider-azurerm/lib/management-lock";

/** SKUs MockForge allows (Basic lacks the throughput and retention a deploy pipeline needs). */
export const REGISTRY_SKUS = ["Standard", "Premium"] as const;
export type AzureRegistrySku = (typeof REGISTRY_SKUS)[number];
/** Days an untagged manifest is kept (Premium's retention policy). */
export const UNTAGGED_MANIFEST_RETENTION_DAYS = 7;

export interface AzureContainerRegistryProps {
  /** Registry name: 5-50 letters and digits, globally unique (see naming.ts containerRegistryName). */
  readonly name: string;
  /** Home region of the registry (the environment's primary region). */
  readonly location: string;
  readonly resourceGroupName: string;
  readonly sku: AzureRegistrySku;
  /**
   * Regions that receive a replica of every image (Premium only), so each region pulls locally.
   * @default no geo-replication
   */
  readonly replicaRegions?: readonly string[];
  /**
   * A CanNotDelete management lock on the registry.
   * @default true
   */
  readonly deletionLock?: boolean;
}

/**
 * The Azure Container Registry the image pipeline pushes to: no admin user
 * and no anonymous pull (pulls use managed identities with AcrPull), and on
 * Premium zone redundancy, geo-replication into the other regions and
 * cleanup of untagged manifests after a week.
 */
export class AzureContainerRegistry extends Construct {
  readonly registry: ContainerRegistry;
  readonly lock?: ManagementLock;
  readonly registryId: string;
  /** `<name>.azurecr.io` */
  readonly loginServer: string;

  constructor(scope: Construct, id: string, props: AzureContainerRegistryProps) {
    super(scope, id);
    const replicaRegions = props.replicaRegions ?? [];
    validate(props, replicaRegions);
    const premium = props.sku === "Premium";
    this.registry = new ContainerRegistry(this, "registry", {
      name: props.name,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      sku: props.sku,
      adminEnabled: false,
      anonymousPullEnabled: false,
      publicNetworkAccessEnabled: true,
      ...(premium
        ? {
            zoneRedundancyEnabled: true,
            retentionPolicyInDays: UNTAGGED_MANIFEST_RETENTION_DAYS,
            georeplications: replicaRegions.map((location) => ({ location, zoneRedundancyEnabled: true })),
          }
        : {}),
    });
    this.registryId = this.registry.id;
    this.loginServer = this.registry.loginServer;
    if (props.deletionLock ?? true) {
      this.lock = new ManagementLock(this, "lock", {
        name: "mockforge-do-not-delete",
        scope: this.registry.id,
        lockLevel: "CanNotDelete",
        notes: "MockForge image registry: every region pulls from it",
      });
    }
  }
}

function validate(props: AzureContainerRegistryProps, replicaRegions: readonly string[]): void {
  const fail = (message: string): never => {
    throw new Error(`AzureContainerRegistry "${props.name}": ${message}`);
  };
  if (!/^[a-zA-Z0-9]{5,50}$/.test(props.name)) fail("name must be 5-50 letters and digits.");
  if (!REGISTRY_SKUS.includes(props.sku)) fail(`sku "${String(props.sku)}" is invalid; use one of ${REGISTRY_SKUS.join(", ")}.`);
  if (replicaRegions.length > 0 && props.sku !== "Premium") fail(`replicaRegions [${replicaRegions.join(", ")}] need the Premium SKU (sku is ${props.sku}).`);
  if (replicaRegions.includes(props.location)) fail(`replicaRegions contains "${props.location}", the registry's own region; list only other regions.`);
  if (new Set(replicaRegions).size !== replicaRegions.length) fail(`replicaRegions [${replicaRegions.join(", ")}] lists a region twice.`);
}
