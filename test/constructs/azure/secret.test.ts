import { Fn, TerraformOutput } from "cdktf";
import { AzureGeneratedSecret, keyVaultSecretUrl } from "../../../constructs/azure/secret";
import { onlyConfigOf, synthJson } from "../../support/synth";
import { keyVault, ref } from "./fixtures";

describe("AzureGeneratedSecret", () => {
  let secret!: AzureGeneratedSecret;
  const json = synthJson((scope) => {
    secret = new AzureGeneratedSecret(scope, "secret", { keyVault: keyVault(scope), name: "redis-password" });
    new TerraformOutput(scope, "url", { value: secret.secretUrl });
    new TerraformOutput(scope, "id", { value: secret.ref.secretId });
  });

  it("generates 40 letters and digits (safe unquoted in configs and URLs)", () => {
    expect(onlyConfigOf(json, "random_password")).toMatchObject({ length: 40, special: false, upper: true, lower: true, numeric: true, min_upper: 1, min_lower: 1, min_numeric: 1 });
  });

  it("stores the value in the Key Vault once Terraform may write there", () => {
    const stored = onlyConfigOf(json, "azurerm_key_vault_secret");
    expect(stored).toMatchObject({ name: "redis-password", key_vault_id: ref(json, "azurerm_key_vault", "kv_vault"), content_type: "text/plain" });
    expect(stored.value).toBe(ref(json, "random_password", "secret_password", "result"));
    expect(stored.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^azurerm_role_assignment\.kv_deployer-secrets-officer/), expect.stringMatching(/^azurerm_private_endpoint\./)]));
  });

  it("is referenced by its versionless resource id (the scope readers are granted on)", () => {
    expect((json.output as any).id.value).toBe(ref(json, "azurerm_key_vault_secret", "", "resource_versionless_id"));
    expect((json.output as any).url.value).toBe(ref(json, "azurerm_key_vault_secret", "", "versionless_id"));
    expect(secret.ref.jsonKey).toBeUndefined();
  });

  it("rejects lengths and names Key Vault or the consumers cannot take", () => {
    const make = (props: { name: string; passwordLength?: number }) => synthJson((scope) => new AzureGeneratedSecret(scope, "s", { keyVault: keyVault(scope), ...props }));
    expect(() => make({ name: "x", passwordLength: 12 })).toThrow(/passwordLength is 12; use a whole number from 20 to 128/);
    expect(() => make({ name: "redis_password" })).toThrow(/name "redis_password" is not a Key Vault secret name/);
  });
});

describe("keyVaultSecretUrl", () => {
  const id = "/subscriptions/s/resourceGroups/g/providers/Microsoft.KeyVault/vaults/mfprodeuskv1/secrets/postgres-admin-password";

  it("turns a literal secret resource id into its versionless URL", () => {
    expect(keyVaultSecretUrl({ secretId: id })).toBe("https://mfprodeuskv1.vault.azure.net/secrets/postgres-admin-password");
  });

  it("splits an id known only at apply time with Terraform functions", () => {
    const json = synthJson((scope) => {
      new TerraformOutput(scope, "url", { value: keyVaultSecretUrl({ secretId: Fn.lower(id) }) });
    });
    expect((json.output as any).url.value).toBe(`https://\${element(split("/", lower("${id}")), 8)}.vault.azure.net/secrets/\${element(split("/", lower("${id}")), 10)}`);
  });

  it("refuses an id that is not a Key Vault secret", () => {
    expect(() => keyVaultSecretUrl({ secretId: "https://v.vault.azure.net/secrets/x" })).toThrow(/is not a Key Vault secret resource id/);
  });
});
