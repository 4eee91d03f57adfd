import { Construct } from "constructs";
import { PrivateDnsZone } from "@cdktf/provider-azurerm/lib/private-dns-zone";
import { PrivateDnsZoneVirtualNetworkLink } from "@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link";
import { SERVICE_NAME } from "../core/naming";

/** The zone Key Vault private endpoints register in (fixed by Azure). */
export const KEY_VAULT_PRIVATE_ZONE = "privatelink.vaultcore.azure.net";

/** Postgres Flexible Server private zones must end in this suffix. */
export const POSTGRES_PRIVATE_ZONE_SUFFIX = ".postgres.database.azure.com";

/** The environment's Postgres private zone: every region's servers register there, so every region resolves the primary. */
export function postgresPrivateZoneName(environment: string): string {
  return `${SERVICE_NAME}-${environment}.private${POSTGRES_PRIVATE_ZONE_SUFFIX}`;
}

/** One private DNS zone, as a region needs it to link its VNet. */
export interface PrivateZoneRef {
  readonly id: string;
  readonly name: string;
  readonly resourceGroupName: string;
}

export interface AzurePrivateDnsZonesProps {
  readonly environment: string;
  /** Resource group of the environment's shared (global) resources. */
  readonly resourceGroupName: string;
}

/**
 * The environment's private DNS zones, shared by all its regions: one zone
 * per name may be linked to a VNet, so a secondary region can resolve the
 * primary's Key Vault and Postgres only if both regions use the same zones.
 */
export class AzurePrivateDnsZones extends Construct {
  readonly keyVaultZone: PrivateDnsZone;
  readonly postgresZone: PrivateDnsZone;
  readonly keyVault: PrivateZoneRef;
  readonly postgres: PrivateZoneRef;

  constructor(scope: Construct, id: string, props: AzurePrivateDnsZonesProps) {
    super(scope, id);
    this.keyVaultZone = new PrivateDnsZone(this, "key-vault", { name: KEY_VAULT_PRIVATE_ZONE, resourceGroupName: props.resourceGroupName });
    this.postgresZone = new PrivateDnsZone(this, "postgres", { name: postgresPrivateZoneName(props.environment), resourceGroupName: props.resourceGroupName });
    const ref = (zone: PrivateDnsZone): PrivateZoneRef => ({ id: zone.id, name: zone.name, resourceGroupName: zone.resourceGroupName });
    this.keyVault = ref(this.keyVaultZone);
    this.postgres = ref(this.postgresZone);
  }
}

export interface AzurePrivateDnsLinksProps {
  /** Link name (unique per zone): the region's VNet name is a good one. */
  readonly name: string;
  readonly virtualNetworkId: string;
  /** Zones to link, by a stable key. */
  readonly zones: Readonly<Record<string, PrivateZoneRef>>;
}

/** Links a region's VNet to the environment's private zones (resolution only: VMs do not auto-register). */
export class AzurePrivateDnsLinks extends Construct {
  readonly links: Readonly<Record<string, PrivateDnsZoneVirtualNetworkLink>>;

  constructor(scope: Construct, id: string, props: AzurePrivateDnsLinksProps) {
    super(scope, id);
    const links: Record<string, PrivateDnsZoneVirtualNetworkLink> = {};
    for (const [key, zone] of Object.entries(props.zones)) {
      links[key] = new PrivateDnsZoneVirtualNetworkLink(this, key, {
        name: props.name,
        privateDnsZoneName: zone.name,
        resourceGroupName: zone.resourceGroupName,
        virtualNetworkId: props.virtualNetworkId,
        registrationEnabled: false,
      });
    }
    this.links = links;
  }
}
