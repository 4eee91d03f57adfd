/**
 * Minimal bindings for the hashicorp/tls provider (no prebuilt cdktf package
 * is installed): Azure Linux VMs need an SSH public key to disable password
 * login, and a generated key nobody holds is the safest one.
 */
import { Construct } from "constructs";
import { TerraformProvider, TerraformResource } from "cdktf";

/** The tls provider versions these bindings were written against. */
export const TLS_PROVIDER_VERSION = "~> 4.0";

/** A `tls` provider block (required_providers entry `hashicorp/tls`). */
export class TlsProvider extends TerraformProvider {
  constructor(scope: Construct, id: string) {
    super(scope, id, {
      terraformResourceType: "tls",
      terraformGeneratorMetadata: { providerName: "tls", providerVersionConstraint: TLS_PROVIDER_VERSION },
      terraformProviderSource: "hashicorp/tls",
    });
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    return {};
  }

  protected synthesizeHclAttributes(): { [name: string]: unknown } {
    return {};
  }
}

/** `tls_private_key` with a fixed RSA 4096 algorithm. */
export class TlsRsaPrivateKey extends TerraformResource {
  static readonly tfResourceType = "tls_private_key";
  static readonly RSA_BITS = 4096;

  constructor(scope: Construct, id: string) {
    super(scope, id, {
      terraformResourceType: TlsRsaPrivateKey.tfResourceType,
      terraformGeneratorMetadata: { providerName: "tls", providerVersionConstraint: TLS_PROVIDER_VERSION },
    });
  }

  /** The public key in OpenSSH `authorized_keys` format. */
  get publicKeyOpenssh(): string {
    return this.getStringAttribute("public_key_openssh");
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    return { algorithm: "RSA", rsa_bits: TlsRsaPrivateKey.RSA_BITS };
  }

  protected synthesizeHclAttributes(): { [name: string]: unknown } {
    return {
      algorithm: { value: "RSA", isBlock: false, type: "simple", storageClassType: "string" },
      rsa_bits: { value: TlsRsaPrivateKey.RSA_BITS, isBlock: false, type: "simple", storageClassType: "number" },
    };
  }
}
