import type { Construct } from "constructs";
import { LinuxVirtualMachine, type LinuxVirtualMachineConfig } from "@cdktf/provider-azurerm/lib/linux-virtual-machine";
import { containerApp, frontDoor, placed, postgresServer, storageAccount } from "./azure-support";
import type { RuleCase } from "./types";

const VM: LinuxVirtualMachineConfig = {
  ...placed,
  name: "mockforge-test-redis-1",
  size: "Standard_E2ds_v5",
  zone: "1",
  networkInterfaceIds: ["nic-id"],
  adminUsername: "mockforge",
  adminSshKey: [{ username: "mockforge", publicKey: "ssh-ed25519 AAAA test" }],
  disablePasswordAuthentication: true,
  encryptionAtHostEnabled: true,
  osDisk: { caching: "ReadWrite", storageAccountType: "Premium_LRS" },
  sourceImageReference: { publisher: "Debian", offer: "debian-12", sku: "12-gen2", version: "latest" },
};
export const vm = (overrides: Partial<LinuxVirtualMachineConfig> = {}, id = "vm") => (scope: Construct) => new LinuxVirtualMachine(scope, id, { ...VM, ...overrides });

export const azureEncryptionCases: RuleCase[] = [
  {
    rule: "MF-AZURE-ST-1",
    bad: (s) => storageAccount(s, "account", { infrastructureEncryptionEnabled: undefined }),
    message: /infrastructure_encryption_enabled is not set: data is encrypted once/,
    good: (s) => storageAccount(s),
  },
  {
    rule: "MF-AZURE-VM-1",
    bad: vm({ encryptionAtHostEnabled: false }),
    message: /encryption_at_host_enabled is false: the temp disk and the host's disk caches/,
    good: vm(),
  },
];

export const azureTransitCases: RuleCase[] = [
  {
    rule: "MF-AZURE-ST-2",
    variant: "plain HTTP",
    bad: (s) => storageAccount(s, "account", { httpsTrafficOnlyEnabled: false }),
    message: /https_traffic_only_enabled is false: blobs can be read and written over plain HTTP/,
    // The provider defaults (HTTPS only, TLS 1.2) count as compliant.
    good: (s) => storageAccount(s, "account", { httpsTrafficOnlyEnabled: undefined, minTlsVersion: undefined }),
  },
  {
    rule: "MF-AZURE-ST-2",
    variant: "TLS 1.0",
    bad: (s) => storageAccount(s, "account", { minTlsVersion: "TLS1_0" }),
    message: /min_tls_version is TLS1_0/,
    good: (s) => storageAccount(s),
  },
  {
    rule: "MF-AZURE-PG-1",
    variant: "TLS not required",
    bad: (s) => postgresServer(s, "server", {}, { require_secure_transport: "off", ssl_min_protocol_version: "TLSv1.2" }),
    message: /require_secure_transport is "off": clients may connect without TLS/,
    good: (s) => postgresServer(s, "server", {}, { require_secure_transport: "ON", ssl_min_protocol_version: "TLSv1.3" }),
  },
  {
    rule: "MF-AZURE-PG-1",
    variant: "parameters not managed",
    bad: (s) => postgresServer(s, "server", {}, {}),
    message: /require_secure_transport is not managed here/,
    good: (s) => postgresServer(s),
  },
  {
    rule: "MF-AZURE-PG-1",
    variant: "TLS 1.1 allowed",
    bad: (s) => postgresServer(s, "server", {}, { require_secure_transport: "on", ssl_min_protocol_version: "TLSv1.1" }),
    message: /ssl_min_protocol_version is TLSv1.1; use TLSv1.2 or TLSv1.3/,
    good: (s) => postgresServer(s),
  },
  {
    rule: "MF-AZURE-FD-1",
    bad: (s) => frontDoor(s, { minimumTlsVersion: "TLS10" }),
    message: /tls.minimum_tls_version is TLS10/,
    good: (s) => frontDoor(s),
  },
  {
    rule: "MF-AZURE-FD-2",
    bad: (s) => frontDoor(s, { route: { supportedProtocols: ["Http", "Https"], httpsRedirectEnabled: false } }),
    message: /accepts Http with https_redirect_enabled false/,
    // Plain HTTP that is only redirected is fine (true is also the provider default).
    good: (s) => frontDoor(s, { route: { supportedProtocols: ["Http", "Https"], httpsRedirectEnabled: true } }),
  },
  {
    rule: "MF-AZURE-FD-3",
    variant: "route forwards HTTP",
    bad: (s) => frontDoor(s, { route: { forwardingProtocol: "MatchRequest" } }),
    message: /forwarding_protocol is "MatchRequest": Front Door may reach the origin over plain HTTP/,
    good: (s) => frontDoor(s),
  },
  {
    rule: "MF-AZURE-FD-3",
    variant: "origin certificate not checked",
    bad: (s) => frontDoor(s, { certificateNameCheck: false }),
    message: /certificate_name_check_enabled is false/,
    good: (s) => frontDoor(s),
  },
  {
    rule: "MF-AZURE-APP-1",
    bad: (s) =>
      containerApp(s, "app", {
        ingress: { externalEnabled: true, targetPort: 3000, allowInsecureConnections: true, trafficWeight: [{ latestRevision: true, percentage: 100 }] },
      }),
    message: /ingress.allow_insecure_connections is true/,
    good: (s) => containerApp(s),
  },
];
