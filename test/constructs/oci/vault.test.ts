import { OciGeneratedSecret } from "../../../constructs/oci/secret";
import { OciVault, type OciVaultProps } from "../../../constructs/oci/vault";
import { configsOf, onlyConfigOf, synthJson, type SynthJson } from "../../support/synth";
import { COMPARTMENT_ID, primaryContext, ref } from "./fixtures";

function synth(overrides: Partial<OciVaultProps> = {}): SynthJson {
  return synthJson((scope) => {
    const vault = new OciVault(scope, "vault", { context: primaryContext, compartmentId: COMPARTMENT_ID, ...overrides });
    vault.addKey("storage-key", "storage");
    vault.addKey("secrets-key", "secrets");
  });
}

describe("OciVault", () => {
  const json = synth();

  it("is a virtual private vault (dedicated HSM partition) by default", () => {
    expect(onlyConfigOf(json, "oci_kms_vault")).toMatchObject({ vault_type: "VIRTUAL_PRIVATE", display_name: "mockforge-prod-usash1-vault" });
  });

  it("makes HSM-protected AES-256 keys that rotate automatically every 90 days", () => {
    const keys = configsOf(json, "oci_kms_key");
    expect(keys.map((k) => k.display_name).sort()).toEqual(["mockforge-prod-usash1-secrets-key", "mockforge-prod-usash1-storage-key"]);
    for (const key of keys) {
      expect(key).toMatchObject({ protection_mode: "HSM", key_shape: [{ algorithm: "AES", length: 32 }], is_auto_rotation_enabled: true });
      expect(key.auto_key_rotation_details).toEqual([{ rotation_interval_in_days: 90 }]);
      expect(key.management_endpoint).toBe(ref(json, "oci_kms_vault", "vault", "management_endpoint"));
    }
  });

  it("in a DEFAULT vault (development), keys cannot rotate automatically and do not ask to", () => {
    const shared = synth({ vaultType: "DEFAULT" });
    expect(onlyConfigOf(shared, "oci_kms_vault").vault_type).toBe("DEFAULT");
    for (const key of configsOf(shared, "oci_kms_key")) {
      expect(key.is_auto_rotation_enabled).toBe(false);
      expect(key).not.toHaveProperty("auto_key_rotation_details");
      expect(key.protection_mode).toBe("HSM");
    }
  });

  it("rejects rotation periods OCI does not offer", () => {
    expect(() => synth({ keyRotationDays: 30 })).toThrow(/keyRotationDays is 30; OCI rotates keys every 60 to 365 days/);
  });
});

describe("OciGeneratedSecret", () => {
  const json = synthJson((scope) => {
    new OciGeneratedSecret(scope, "admin-secret", {
      context: primaryContext,
      name: "admin-signing-key",
      compartmentId: COMPARTMENT_ID,
      vaultId: "ocid1.vault.oc1.iad.vault",
      keyId: "ocid1.key.oc1.iad.secrets",
    });
  });

  it("generates a 40-character letters-and-digits password", () => {
    expect(onlyConfigOf(json, "random_password")).toMatchObject({ length: 40, special: false, upper: true, lower: true, numeric: true, min_upper: 1, min_lower: 1, min_numeric: 1 });
  });

  it("stores it in the Vault, encrypted with the secrets key, as the CURRENT base64 content", () => {
    const secret = onlyConfigOf(json, "oci_vault_secret");
    expect(secret).toMatchObject({
      secret_name: "mockforge-prod-usash1-admin-signing-key",
      vault_id: "ocid1.vault.oc1.iad.vault",
      key_id: "ocid1.key.oc1.iad.secrets",
      compartment_id: COMPARTMENT_ID,
    });
    expect(secret.secret_content).toEqual([
      { content_type: "BASE64", stage: "CURRENT", content: expect.stringMatching(/^\$\{base64encode\(random_password\.[^.]+\.result\)\}$/) },
    ]);
  });
});
