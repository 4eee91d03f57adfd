import { ENCRYPTER_DECRYPTER_ROLE, GcpKmsKey, type GcpKmsKeyProps } from "../../../constructs/gcp/kms";
import { configsOf, onlyConfigOf, synthJson } from "../../support/synth";
import { primaryContext, ref } from "./fixtures";

const synth = (overrides: Partial<GcpKmsKeyProps> = {}) =>
  synthJson((scope) => new GcpKmsKey(scope, "kms", { context: primaryContext, name: "redis", encrypters: ["agent@example.iam.gserviceaccount.com"], ...overrides }));

describe("GcpKmsKey", () => {
  const json = synth();
  const key = onlyConfigOf(json, "google_kms_crypto_key");

  it("creates its own key ring in the context's region", () => {
    expect(onlyConfigOf(json, "google_kms_key_ring")).toMatchObject({ name: "mockforge-prod-usc1-redis", location: "us-central1" });
    expect(key.key_ring).toBe(ref(json, "google_kms_key_ring", "kms_key-ring", "id"));
  });

  it("is a symmetric encryption key that rotates every 90 days", () => {
    expect(key).toMatchObject({ purpose: "ENCRYPT_DECRYPT", rotation_period: "7776000s" });
    expect(key.version_template).toEqual({ algorithm: "GOOGLE_SYMMETRIC_ENCRYPTION", protection_level: "SOFTWARE" });
  });

  it("keeps destroyed versions recoverable for 30 days", () => {
    expect(key.destroy_scheduled_duration).toBe("2592000s");
  });

  it("refuses terraform destroy of the key by default (lifecycle prevent_destroy), unless deletion protection is off", () => {
    expect(key.lifecycle).toEqual({ prevent_destroy: true });
    expect(onlyConfigOf(synth({ deletionProtection: false }), "google_kms_crypto_key").lifecycle).toEqual({ prevent_destroy: false });
  });

  it("grants encrypt/decrypt to the named agents only", () => {
    expect(configsOf(json, "google_kms_crypto_key_iam_member")).toEqual([
      expect.objectContaining({ role: ENCRYPTER_DECRYPTER_ROLE, member: "serviceAccount:agent@example.iam.gserviceaccount.com", crypto_key_id: ref(json, "google_kms_crypto_key", "kms_key", "id") }),
    ]);
    expect(ENCRYPTER_DECRYPTER_ROLE).toBe("roles/cloudkms.cryptoKeyEncrypterDecrypter");
  });

  it("takes a multi-region location for multi-region buckets", () => {
    expect(onlyConfigOf(synth({ location: "us" }), "google_kms_key_ring").location).toBe("us");
  });

  it.each<[string, Partial<GcpKmsKeyProps>, RegExp]>([
    ["a zero rotation period", { rotationPeriodDays: 0 }, /rotationPeriodDays is 0/],
    ["a rotation period over a year", { rotationPeriodDays: 400 }, /rotationPeriodDays is 400/],
    ["a destroy window over 120 days", { destroyScheduledDays: 121 }, /destroyScheduledDays is 121; Cloud KMS allows 1 to 120 days/],
  ])("rejects %s", (_, overrides, message) => {
    expect(() => synth(overrides)).toThrow(message);
  });
});
