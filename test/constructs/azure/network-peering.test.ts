import { AzureNetworkPeering } from "../../../constructs/azure/network-peering";
import { configsOf, synthJson } from "../../support/synth";

const local = { region: "westeurope", virtualNetworkId: "weu-vnet-id", virtualNetworkName: "weu-vnet", resourceGroupName: "weu-rg" };
const remote = { region: "eastus", virtualNetworkId: "eus-vnet-id", virtualNetworkName: "eus-vnet", resourceGroupName: "eus-rg" };

describe("AzureNetworkPeering", () => {
  const json = synthJson((scope) => new AzureNetworkPeering(scope, "peering", { local, remote }));
  const peerings = configsOf(json, "azurerm_virtual_network_peering");

  it("peers both directions between the two VNets", () => {
    expect(peerings.map((p) => [p.virtual_network_name, p.resource_group_name, p.remote_virtual_network_id, p.name]).sort()).toEqual([
      ["eus-vnet", "eus-rg", "weu-vnet-id", "to-westeurope"],
      ["weu-vnet", "weu-rg", "eus-vnet-id", "to-eastus"],
    ]);
  });

  it("lets only the two VNets talk: no forwarded traffic, no gateway transit", () => {
    for (const p of peerings) expect(p).toMatchObject({ allow_virtual_network_access: true, allow_forwarded_traffic: false, allow_gateway_transit: false, use_remote_gateways: false });
  });

  it("refuses to peer a region with itself", () => {
    expect(() => synthJson((scope) => new AzureNetworkPeering(scope, "p", { local, remote: { ...remote, region: "westeurope" } }))).toThrow(/both in westeurope/);
  });
});
