import type { TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";
import { OciResource } from "./base";

/** `oci_load_balancer_ssl_cipher_suite` arguments (website/docs/r/load_balancer_ssl_cipher_suite.html.markdown). */
export interface LoadBalancerSslCipherSuiteConfig extends TerraformMetaArguments {
  /** OpenSSL cipher names the load balancer negotiates. */
  readonly ciphers: readonly string[];
  /** A name, not one of Oracle's predefined suite names. */
  readonly name: string;
  /**
   * The OCID of the load balancer the suite belongs to.
   * @default none
   */
  readonly loadBalancerId?: string;
}

/** A custom SSL cipher suite. */
export class LoadBalancerSslCipherSuite extends OciResource {
  static readonly tfResourceType = "oci_load_balancer_ssl_cipher_suite";

  constructor(scope: Construct, id: string, config: LoadBalancerSslCipherSuiteConfig) {
    super(scope, id, LoadBalancerSslCipherSuite.tfResourceType, config);
  }

  /** The suite's name. */
  get name(): string {
    return this.getStringAttribute("name");
  }
}
