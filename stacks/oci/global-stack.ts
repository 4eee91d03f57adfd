import { TerraformOutput } from "cdktf";
import { MockForgeStack } from "../mockforge-stack";
import { IMAGE_PUSH_TARGETS_OUTPUT } from "../stack-names";
import type { Construct } from "constructs";
import { standardTags } from "../../constructs/core/naming";
import type { DeploymentContext } from "../../constructs/core/specs";
import { TaggingAspect } from "../../constructs/core/tagging";
import { DataOciObjectstorageNamespace } from "../../constructs/oci/bindings/data-objectstorage-namespace";
import type { OciProvider } from "../../constructs/oci/bindings/provider";
import { OciDnsSteering } from "../../constructs/oci/dns-steering";
import { OciIam } from "../../constructs/oci/iam";
import { OciContainerRepository } from "../../constructs/oci/registry";
import type { EnvironmentConfig } from "../../environments/model";
import type { OciConfig } from "../../environments/model-oci";
import { useOciBackend } from "./backend";
import { ociProvider } from "./providers";
import { regionalOriginDomain, repositoryName } from "./stack-names";
import { dnsFor } from "../../environments/dns";

export interface OciGlobalStackProps {
  readonly env: EnvironmentConfig;
  readonly oci: OciConfig;
  /** The primary region: the default provider (DNS and health checks are global services) works there. */
  readonly region: string;
}

/**
 * What must exist before any region, and needs nothing from them:
 * IAM in the home region (instance principals for the service and Redis
 * nodes, grants for Object Storage, Block Volume and PostgreSQL), one
 * container repository per region (OCIR does not replicate), and the DNS
 * steering policy that spreads the API host over the regions' load balancers
 * (it answers with their host names, which the region stacks create).
 */
export class OciGlobalStack extends MockForgeStack {
  readonly iam: OciIam;
  readonly repositories: Readonly<Record<string, OciContainerRepository>>;
  readonly steering: OciDnsSteering;

  constructor(scope: Construct, id: string, props: OciGlobalStackProps) {
    super(scope, id);
    const { env, oci } = props;
    const context: DeploymentContext = { cloud: "oci", environment: env.name, region: props.region, primary: true };
    const regions = oci.regions.map((r) => r.name);

    const providers: Record<string, OciProvider> = { [props.region]: ociProvider(this, "oci", props.region, oci.tenancyId) };
    const providerFor = (region: string): OciProvider =>
      (providers[region] ??= ociProvider(this, `oci-${region}`, region, oci.tenancyId, region));
    useOciBackend(this, oci.state, id);
    TaggingAspect.apply(this, { ...standardTags(context, env.tags.owner, env.tags.costCenter) }, "freeformTags");

    // IAM changes are only accepted in the tenancy's home region.
    this.iam = new OciIam(this, "iam", {
      environment: env.name,
      tenancyId: oci.tenancyId,
      compartmentId: oci.compartmentId,
      regions,
      provider: providerFor(oci.homeRegion),
    });

    const namespace = new DataOciObjectstorageNamespace(this, "namespace", { compartmentId: oci.compartmentId }).namespace;
    const repositories: Record<string, OciContainerRepository> = {};
    for (const region of regions) {
      repositories[region] = new OciContainerRepository(this, `registry-${region}`, {
        compartmentId: oci.compartmentId,
        name: repositoryName(env.name),
        region,
        namespace,
        provider: providerFor(region),
      });
      new TerraformOutput(this, `repository_url_${region.replace(/-/g, "_")}`, { value: repositories[region].repositoryUrl });
    }
    this.repositories = repositories;
    // OCIR does not replicate: the image goes to every region's repository.
    new TerraformOutput(this, IMAGE_PUSH_TARGETS_OUTPUT, { value: regions.map((region) => repositories[region].repositoryUrl) });

    this.steering = new OciDnsSteering(this, "dns-steering", {
      environment: env.name,
      compartmentId: oci.compartmentId,
      zoneId: oci.dnsZoneId,
      domainName: dnsFor(env, "oci").apiDomain,
      targets: regions.map((region) => ({ region, hostName: regionalOriginDomain(region, dnsFor(env, "oci").apiDomain) })),
    });
    new TerraformOutput(this, "api_domain", { value: dnsFor(env, "oci").apiDomain });
  }
}
