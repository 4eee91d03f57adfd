import { AzurePrivateDnsLinks, AzurePrivateDnsZones, KEY_VAULT_PRIVATE_ZONE, postgresPrivateZoneName } from "../../../constructs/azure/private-dns";
import { configsOf, synthJson } from "../../support/synth";

describe("AzurePrivateDnsZones and links", () => {
  const json = synthJson((scope) => {
    const zones = new AzurePrivateDnsZones(scope, "zones", { environment: "prod", resourceGroupName: "global-rg" });
    new AzurePrivateDnsLinks(scope, "links", { name: "mockforge-prod-eus-vnet", virtualNetworkId: "vnet-id", zones: { keyVault: zones.keyVault, postgres: zones.postgres } });
  });

  it("creates the Key Vault zone and an environment-wide Postgres zone Flexible Server accepts", () => {
    expect(configsOf(json, "azurerm_private_dns_zone").map((z) => z.name).sort()).toEqual([KEY_VAULT_PRIVATE_ZONE, "mockforge-prod.private.postgres.database.azure.com"].sort());
    expect(postgresPrivateZoneName("dev")).toMatch(/\.postgres\.database\.azure\.com$/);
  });

  it("links the VNet to each zone for resolution only", () => {
    const links = configsOf(json, "azurerm_private_dns_zone_virtual_network_link");
    expect(links).toHaveLength(2);
    for (const link of links) expect(link).toMatchObject({ name: "mockforge-prod-eus-vnet", virtual_network_id: "vnet-id", registration_enabled: false });
  });
});
