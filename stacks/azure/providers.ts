import { AzurermBackend, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import type { AzureStateConfig } from "../../environments/model-azure";

/**
 * The azurerm provider for one subscription. Storage data-plane calls use
 * Entra ID (the storage accounts accept no shared keys); deleted Key Vaults
 * and their secrets are never purged by a destroy (purge protection would
 * refuse anyway) and are recovered when recreated; a resource group that
 * still holds resources Terraform does not know is never deleted.
 */
export function azurermProvider(scope: Construct, id: string, subscriptionId: string): AzurermProvider {
  return new AzurermProvider(scope, id, {
    subscriptionId,
    storageUseAzuread: true,
    features: [
      {
        keyVault: [{ purgeSoftDeleteOnDestroy: false, purgeSoftDeletedSecretsOnDestroy: false, recoverSoftDeletedKeyVaults: true, recoverSoftDeletedSecrets: true }],
        resourceGroup: [{ preventDeletionIfContainsResources: true }],
        // Stop Redis cleanly (flushing its AOF) before a VM is deleted.
        virtualMachine: [{ gracefulShutdown: true, deleteOsDiskOnDeletion: true }],
      },
    ],
  });
}

/**
 * Remote state per stack: blob `<keyPrefix>/<stack>.tfstate` in the
 * environment's state container, authenticated with Entra ID (no storage
 * keys); azurerm locks state with blob leases.
 */
export function useAzurermBackend(stack: TerraformStack, state: AzureStateConfig, subscriptionId: string, stackName: string): AzurermBackend {
  return new AzurermBackend(stack, {
    subscriptionId,
    resourceGroupName: state.resourceGroupName,
    storageAccountName: state.storageAccountName,
    containerName: state.containerName,
    key: `${state.keyPrefix}/${stackName}.tfstate`,
    useAzureadAuth: true,
  });
}
