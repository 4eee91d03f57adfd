import type { TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";
import { OciResource } from "./base";

/** The `ssl_configuration` block of an HTTPS listener. */
export interface LoadBalancerListenerSslConfiguration {
  /**
   * OCIDs of OCI Certificates service certificates (one).
   * @default none; give `certificateIds` or `certificateName`
   */
  readonly certificateIds?: readonly string[];
  /**
   * Name of the cipher suite.
   * @default "oci-default-ssl-cipher-suite-v1"
   */
  readonly cipherSuiteName?: string;
  /**
   * TLS protocols accepted, e.g. `TLSv1.2`.
   * @default ["TLSv1.2"]
   */
  readonly protocols?: readonly string[];
  /**
   * `ENABLED` prefers the server's cipher order.
   * @default the service default
   */
  readonly serverOrderPreference?: string;
  /**
   * Resume TLS sessions (faster, weaker).
   * @default the service default
   */
  readonly hasSessionResumption?: boolean;
  /**
   * Verify client certificates (mutual TLS).
   * @default true in the provider, which then requires trusted CA ids: set false for server-side TLS
   */
  readonly verifyPeerCertificate?: boolean;
}

/** The `connection_configuration` block. */
export interface LoadBalancerListenerConnectionConfiguration {
  /** Idle timeout between client and backend, in seconds. */
  readonly idleTimeoutInSeconds: string;
}

/** `oci_load_balancer_listener` arguments (website/docs/r/load_balancer_listener.html.markdown). */
export interface LoadBalancerListenerConfig extends TerraformMetaArguments {
  /** The backend set the listener forwards to. */
  readonly defaultBackendSetName: string;
  /** The OCID of the load balancer. */
  readonly loadBalancerId: string;
  /** A name for the listener. */
  readonly name: string;
  /** The listener port. */
  readonly port: number;
  /** The protocol, e.g. `HTTP` (TLS is enabled by `sslConfiguration`). */
  readonly protocol: string;
  /**
   * Names of rule sets applied to the listener.
   * @default none
   */
  readonly ruleSetNames?: readonly string[];
  /**
   * TLS termination.
   * @default plain HTTP
   */
  readonly sslConfiguration?: LoadBalancerListenerSslConfiguration;
  /**
   * Connection settings.
   * @default 60 s idle timeout for HTTP
   */
  readonly connectionConfiguration?: LoadBalancerListenerConnectionConfiguration;
}

/** A listener of a load balancer. */
export class LoadBalancerListener extends OciResource {
  static readonly tfResourceType = "oci_load_balancer_listener";

  constructor(scope: Construct, id: string, config: LoadBalancerListenerConfig) {
    super(scope, id, LoadBalancerListener.tfResourceType, config);
  }
}
