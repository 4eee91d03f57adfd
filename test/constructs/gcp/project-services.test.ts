import { GcpProjectServices, MOCKFORGE_APIS } from "../../../constructs/gcp/project-services";
import { configsOf, synthJson } from "../../support/synth";

describe("GcpProjectServices", () => {
  it("enables every API the stacks use and leaves them on when destroyed", () => {
    const services = configsOf(synthJson((scope) => new GcpProjectServices(scope, "apis")), "google_project_service");
    expect(services.map((s) => s.service).sort()).toEqual([...MOCKFORGE_APIS].sort());
    // containerscanning: Artifact Registry's automatic vulnerability scanning (MF-GCP-AR-3) needs it.
    for (const api of ["run.googleapis.com", "sqladmin.googleapis.com", "servicenetworking.googleapis.com", "cloudkms.googleapis.com", "secretmanager.googleapis.com", "containerscanning.googleapis.com"]) {
      expect(MOCKFORGE_APIS).toContain(api);
    }
    for (const s of services) expect(s).toMatchObject({ disable_on_destroy: false, disable_dependent_services: false });
  });

  it("rejects a name that is not a Google API", () => {
    expect(() => synthJson((scope) => new GcpProjectServices(scope, "apis", { services: ["run"] }))).toThrow(/"run" is not a Google API service name/);
  });
});
