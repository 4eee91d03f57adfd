import { Construct } from "constructs";
import { ManagementLock } from "@cdktf/provider-azurerm/lib/management-lock";
import { StorageAccount } from "@cdktf/provider-azurerm/lib/storage-account";
import { StorageAccountStaticWebsiteA } from "@cdktf/provider-azurerm/lib/storage-account-static-website";
import { StorageContainer } from "@cdktf/provider-azurerm/lib/storage-container";
import { StorageManagementPolicy, type StorageManagementPolicyRule } from "@cdktf/provider-azurerm/lib/storage-management-policy";
import { suppressPolicy } from "../../policy/suppress";
import type { BucketHandle } from "../core/kit";

/** Redundancy options MockForge allows: zone-redundant, optionally geo-replicated to the paired region. */
export const STORAGE_REPLICATION_TYPES = ["ZRS", "GZRS", "RAGZRS"] as const;
export type AzureStorageReplication = (typeof STORAGE_REPLICATION_TYPES)[number];
/** The private container the server keeps mock assets and exports in. */
export const ASSETS_CONTAINER_NAME = "mock-assets";

export interface AzureObjectStorageProps {
  /** Storage account name: 3-24 lower-case letters and digits, globally unique (see naming.ts storageAccountName). */
  readonly accountName: string;
  readonly location: string;
  readonly resourceGroupName: string;
  /** ZRS survives a zone; GZRS/RAGZRS also copy to the paired region. */
  readonly replication: AzureStorageReplication;
  /** Keep previous blob versions (undo overwrites and deletes). */
  readonly versioning: boolean;
  /** Days after which previous versions are deleted. */
  readonly noncurrentVersionExpirationDays: number;
  /** Days after the last change when mock assets move to the Cool tier. */
  readonly coolAfterDays: number;
  /**
   * Days deleted blobs and containers stay recoverable (1-365).
   * @default 14
   */
  readonly softDeleteRetentionDays?: number;
  /**
   * A CanNotDelete management lock on the account (outside development).
   * @default true
   */
  readonly deletionLock?: boolean;
  /**
   * Serve the `$web` container as a static website: Front Door's cached
   * assets origin. The website endpoint is anonymous and read-only by design,
   * independent of the blob access settings; the blob endpoint stays private.
   * @default true
   */
  readonly staticWebsite?: boolean;
}

/**
 * The region's object storage: a StorageV2 account that only speaks HTTPS
 * with TLS 1.2+, never allows anonymous blob access, accepts no shared keys
 * (Entra ID only; Terraform needs `storage_use_azuread`), double-encrypts at
 * rest (infrastructure encryption), keeps blob versions and soft-deleted
 * blobs and containers, and holds one private container for mock assets.
 * Lifecycle rules drop old versions and cool idle assets.
 */
export class AzureObjectStorage extends Construct implements BucketHandle {
  readonly account: StorageAccount;
  readonly assetsContainer: StorageContainer;
  readonly managementPolicy: StorageManagementPolicy;
  readonly staticWebsite?: StorageAccountStaticWebsiteA;
  readonly lock?: ManagementLock;
  /** `https://<account>.blob.core.windows.net/mock-assets`: what the server reads and writes. */
  readonly bucketName: string;
  readonly accountName: string;
  /** Resource id of the assets container (the scope of the server's data role). */
  readonly assetsContainerId: string;
  /** Host of the static website endpoint (`<account>.z<n>.web.core.windows.net`): Front Door's assets origin. */
  readonly webHost: string;

  constructor(scope: Construct, id: string, props: AzureObjectStorageProps) {
    super(scope, id);
    validate(props);
    const softDelete = props.softDeleteRetentionDays ?? 14;
    this.accountName = props.accountName;

    this.account = new StorageAccount(this, "account", {
      name: props.accountName,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      accountKind: "StorageV2",
      accountTier: "Standard",
      accountReplicationType: props.replication,
      accessTier: "Hot",
      httpsTrafficOnlyEnabled: true,
      minTlsVersion: "TLS1_2",
      allowNestedItemsToBePublic: false,
      sharedAccessKeyEnabled: false,
      defaultToOauthAuthentication: true,
      infrastructureEncryptionEnabled: true,
      crossTenantReplicationEnabled: false,
      localUserEnabled: false,
      sftpEnabled: false,
      // Copies only between accounts of this tenant and their private endpoints.
      allowedCopyScope: "AAD",
      // The website endpoint (Front Door's origin) is public; the blob endpoint needs Entra ID regardless.
      publicNetworkAccessEnabled: true,
      blobProperties: {
        versioningEnabled: props.versioning,
        changeFeedEnabled: props.versioning,
        deleteRetentionPolicy: { days: softDelete },
        containerDeleteRetentionPolicy: { days: softDelete },
      },
    });

    this.assetsContainer = new StorageContainer(this, "assets-container", {
      name: ASSETS_CONTAINER_NAME,
      storageAccountId: this.account.id,
      containerAccessType: "private",
    });
    this.assetsContainerId = this.assetsContainer.id;
    this.bucketName = `https://${props.accountName}.blob.core.windows.net/${ASSETS_CONTAINER_NAME}`;

    const rules: StorageManagementPolicyRule[] = [
      {
        name: "cool-idle-mock-assets",
        enabled: true,
        filters: { blobTypes: ["blockBlob"], prefixMatch: [`${ASSETS_CONTAINER_NAME}/`] },
        actions: { baseBlob: { tierToCoolAfterDaysSinceModificationGreaterThan: props.coolAfterDays } },
      },
    ];
    if (props.versioning) {
      rules.push({
        name: "expire-previous-versions",
        enabled: true,
        filters: { blobTypes: ["blockBlob"] },
        actions: { version: { deleteAfterDaysSinceCreation: props.noncurrentVersionExpirationDays } },
      });
    }
    this.managementPolicy = new StorageManagementPolicy(this, "lifecycle", { storageAccountId: this.account.id, rule: rules });

    if (props.staticWebsite ?? true) {
      this.staticWebsite = new StorageAccountStaticWebsiteA(this, "static-website", { storageAccountId: this.account.id });
      suppressPolicy(
        this.account,
        "MF-AZURE-ST-4",
        "The static website endpoint is Front Door's assets origin, and a storage firewall applies to it as well: Front Door is neither a " +
          "trusted service nor a fixed address list a storage IP rule can hold. Every other access needs Entra ID (shared keys and anonymous " +
          "blob access are off), so only the public assets in $web are readable without credentials. Closing it needs a Front Door " +
          "Private Link origin (known gap, tracked for the Azure constructs).",
      );
    }
    this.webHost = this.account.primaryWebHost;

    if (props.deletionLock ?? true) {
      this.lock = new ManagementLock(this, "lock", {
        name: "mockforge-do-not-delete",
        scope: this.account.id,
        lockLevel: "CanNotDelete",
        notes: "MockForge object storage: remove this lock deliberately before deleting the account",
      });
    }
  }
}

function validate(props: AzureObjectStorageProps): void {
  const fail = (message: string): never => {
    throw new Error(`AzureObjectStorage "${props.accountName}": ${message}`);
  };
  if (!/^[a-z0-9]{3,24}$/.test(props.accountName)) fail("accountName must be 3-24 lower-case letters and digits.");
  if (!STORAGE_REPLICATION_TYPES.includes(props.replication)) {
    fail(`replication "${String(props.replication)}" is invalid; use one of ${STORAGE_REPLICATION_TYPES.join(", ")} (zone-redundant at least).`);
  }
  const days = (prop: string, value: number, min: number, max: number) => {
    if (!Number.isInteger(value) || value < min || value > max) fail(`${prop} ${value} is invalid; use a whole number from ${min} to ${max}.`);
  };
  days("noncurrentVersionExpirationDays", props.noncurrentVersionExpirationDays, 1, 99999);
  days("coolAfterDays", props.coolAfterDays, 0, 99999);
  days("softDeleteRetentionDays", props.softDeleteRetentionDays ?? 14, 1, 365);
}
