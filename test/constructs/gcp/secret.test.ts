import { TerraformOutput } from "cdktf";
import { GcpGeneratedSecret, SECRET_ACCESSOR_ROLE, type GcpGeneratedSecretProps } from "../../../constructs/gcp/secret";
import { onlyConfigOf, synthJson, type SynthJson } from "../../support/synth";
import { primaryContext, ref } from "./fixtures";

function synth(overrides: Partial<GcpGeneratedSecretProps> = {}): { json: SynthJson; secret: GcpGeneratedSecret } {
  let secret!: GcpGeneratedSecret;
  const json = synthJson((scope) => {
    secret = new GcpGeneratedSecret(scope, "secret", { context: primaryContext, name: "admin-signing-key", ...overrides });
    new TerraformOutput(scope, "ref", { value: secret.ref.secretId });
  });
  return { json, secret };
}

describe("GcpGeneratedSecret", () => {
  const { json, secret } = synth({ readers: ["run@mockforge-prod.iam.gserviceaccount.com"] });
  const config = onlyConfigOf(json, "google_secret_manager_secret");

  it("generates a 40-character letters-and-digits password into the secret's version", () => {
    expect(onlyConfigOf(json, "random_password")).toMatchObject({ length: 40, special: false, min_upper: 1, min_lower: 1, min_numeric: 1 });
    expect(onlyConfigOf(json, "google_secret_manager_secret_version")).toMatchObject({
      secret: ref(json, "google_secret_manager_secret", "", "id"),
      secret_data: ref(json, "random_password", "", "result"),
    });
  });

  it("is named after the deployment and replicated automatically", () => {
    expect(config).toMatchObject({ secret_id: "mockforge-prod-usc1-admin-signing-key", replication: { auto: {} } });
    expect(secret.secretName).toBe("mockforge-prod-usc1-admin-signing-key");
  });

  it("is protected from destroy by default", () => {
    expect(config.deletion_protection).toBe(true);
    expect(onlyConfigOf(synth({ deletionProtection: false }).json, "google_secret_manager_secret").deletion_protection).toBe(false);
  });

  it("grants read access (secretAccessor) to exactly the named readers", () => {
    expect(onlyConfigOf(json, "google_secret_manager_secret_iam_member")).toMatchObject({
      role: SECRET_ACCESSOR_ROLE,
      member: "serviceAccount:run@mockforge-prod.iam.gserviceaccount.com",
    });
    expect(SECRET_ACCESSOR_ROLE).toBe("roles/secretmanager.secretAccessor");
  });

  it("refers to the secret by its short id", () => {
    expect(json.output?.ref.value).toBe(ref(json, "google_secret_manager_secret", "", "secret_id"));
  });

  it("rejects a short password", () => {
    expect(() => synth({ passwordLength: 12 })).toThrow(/passwordLength is 12; use a whole number from 20 to 128/);
  });
});
