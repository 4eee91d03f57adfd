import { Construct } from "constructs";
import type { TerraformProvider } from "cdktf";
import { globalName } from "../core/naming";
import { IdentityDynamicGroup } from "./bindings/identity-dynamic-group";
import { IdentityPolicy } from "./bindings/identity-policy";

export interface OciIamProps {
  readonly environment: string;
  readonly tenancyId: string;
  /** The compartment holding every MockForge resource of the environment. */
  readonly compartmentId: string;
  /** Regions of the environment (each region's Object Storage service gets its grants). */
  readonly regions: readonly string[];
  /**
   * Provider of the tenancy's home region (IAM writes go there).
   * @default the stack's default OCI provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * Who may do what, least privilege:
 * - a dynamic group of the environment's instances (instance principals),
 *   allowed to read only the environment's secret bundles (by name pattern)
 *   and to pull only from repositories in the compartment;
 * - the Object Storage service of each region, allowed to manage objects in
 *   the compartment (lifecycle and replication) and, with Block Volume, to use
 *   the compartment's Vault keys;
 * - OCI Database with PostgreSQL, allowed to read its administrator password.
 */
export class OciIam extends Construct {
  readonly instancesGroup: IdentityDynamicGroup;
  readonly instancesPolicy: IdentityPolicy;
  readonly servicesPolicy: IdentityPolicy;
  readonly instanceStatements: readonly string[];
  readonly serviceStatements: readonly string[];

  constructor(scope: Construct, id: string, props: OciIamProps) {
    super(scope, id);
    const env = props.environment;
    const compartment = `compartment id ${props.compartmentId}`;
    const groupName = globalName(env, "instances");
    const secretNames = `/${globalName(env, "*")}/`;

    this.instancesGroup = new IdentityDynamicGroup(this, "instances", {
      provider: props.provider,
      compartmentId: props.tenancyId,
      name: groupName,
      description: `MockForge ${env} instances (service and Redis nodes)`,
      matchingRule: `ALL {instance.compartment.id = '${props.compartmentId}'}`,
    });
    this.instanceStatements = [
      `Allow dynamic-group ${groupName} to read secret-bundles in ${compartment} where target.secret.name = ${secretNames}`,
      `Allow dynamic-group ${groupName} to read repos in ${compartment}`,
    ];
    this.instancesPolicy = new IdentityPolicy(this, "instances-policy", {
      provider: props.provider,
      compartmentId: props.compartmentId,
      name: globalName(env, "instances"),
      description: `MockForge ${env}: instances read their secrets and pull their image`,
      statements: [...this.instanceStatements],
      dependsOn: [this.instancesGroup],
    });

    const objectStorage = props.regions.map((region) => `objectstorage-${region}`);
    this.serviceStatements = [
      ...objectStorage.map((service) => `Allow service ${service} to manage object-family in ${compartment}`),
      `Allow service blockstorage, ${objectStorage.join(", ")} to use keys in ${compartment}`,
      `Allow any-user to read secret-bundles in ${compartment} where ALL {request.principal.type = 'postgresqldbsystem', target.secret.name = /${globalName(env, "*-postgres-password")}/}`,
    ];
    this.servicesPolicy = new IdentityPolicy(this, "services-policy", {
      provider: props.provider,
      compartmentId: props.compartmentId,
      name: globalName(env, "services"),
      description: `MockForge ${env}: Oracle services use the environment's keys and buckets`,
      statements: [...this.serviceStatements],
    });
  }
}
