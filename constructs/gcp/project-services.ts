import { Construct } from "constructs";
import { ProjectService } from "@cdktf/provider-google/lib/project-service";

/** The Google APIs MockForge's stacks use. */
export const MOCKFORGE_APIS: readonly string[] = [
  "artifactregistry.googleapis.com",
  "cloudkms.googleapis.com",
  "cloudresourcemanager.googleapis.com",
  "compute.googleapis.com",
  // Artifact Registry's automatic vulnerability scanning of pushed images (billed per image scanned).
  "containerscanning.googleapis.com",
  "dns.googleapis.com",
  "iam.googleapis.com",
  "logging.googleapis.com",
  "monitoring.googleapis.com",
  "run.googleapis.com",
  "secretmanager.googleapis.com",
  "servicenetworking.googleapis.com",
  "sqladmin.googleapis.com",
  "storage.googleapis.com",
];

export interface GcpProjectServicesProps {
  /**
   * APIs to enable.
   * @default MOCKFORGE_APIS
   */
  readonly services?: readonly string[];
}

/**
 * Enables the project's APIs before anything uses them. Destroying the stack
 * leaves them enabled: turning an API off would break resources other stacks
 * (or people) still have in the project.
 */
export class GcpProjectServices extends Construct {
  readonly services: readonly ProjectService[];

  constructor(scope: Construct, id: string, props: GcpProjectServicesProps = {}) {
    super(scope, id);
    const apis = props.services ?? MOCKFORGE_APIS;
    for (const api of apis) {
      if (!/^[a-z0-9.-]+\.googleapis\.com$/.test(api)) throw new Error(`GcpProjectServices: "${api}" is not a Google API service name such as run.googleapis.com.`);
    }
    this.services = apis.map(
      (service) => new ProjectService(this, service.split(".")[0], { service, disableOnDestroy: false, disableDependentServices: false }),
    );
  }
}
