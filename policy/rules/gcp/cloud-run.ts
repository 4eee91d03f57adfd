/** Reading Cloud Run resources of both API versions: containers, ingress, minimum instances. */
import type { TfBlock } from "../../engine/types";
import { blockOf, blocksOf } from "./helpers";

export const CLOUD_RUN_SERVICE_TYPES = ["google_cloud_run_v2_service", "google_cloud_run_service"];
export const CLOUD_RUN_TYPES = [...CLOUD_RUN_SERVICE_TYPES, "google_cloud_run_v2_job"];

/** One container and where its environment variables keep secrets (`value_source` on v2, `value_from` on v1). */
export interface RunContainer {
  readonly label: string;
  readonly image: unknown;
  readonly env: ReadonlyArray<{ readonly name: string; readonly value?: unknown; readonly fromSecret: boolean }>;
}

/** The containers of a Cloud Run service (v1 or v2) or job (v2). */
export function runContainersOf(block: TfBlock): RunContainer[] {
  const template = blockOf(block.config.template);
  const containers =
    block.type === "google_cloud_run_service"
      ? blocksOf(blockOf(template.spec).containers)
      : block.type === "google_cloud_run_v2_job"
        ? blocksOf(blockOf(template.template).containers)
        : blocksOf(template.containers);
  return containers.map((c, i) => ({
    label: `container ${c.name ?? i}`,
    image: c.image,
    env: blocksOf(c.env).map((e) => ({
      name: String(e.name),
      value: e.value,
      fromSecret: blocksOf(e.value_source).some((s) => blocksOf(s.secret_key_ref).length > 0) || blocksOf(e.value_from).some((s) => blocksOf(s.secret_key_ref).length > 0),
    })),
  }));
}

/** Ingress setting of a Cloud Run service as the v2 enum; the default of both versions is all traffic. */
export function runIngressOf(block: TfBlock): string {
  if (block.type === "google_cloud_run_service") {
    const annotation = blockOf(block.config.metadata).annotations?.["run.googleapis.com/ingress"];
    const v1: Record<string, string> = {
      all: "INGRESS_TRAFFIC_ALL",
      internal: "INGRESS_TRAFFIC_INTERNAL_ONLY",
      "internal-and-cloud-load-balancing": "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER",
    };
    return v1[String(annotation ?? "all")] ?? String(annotation);
  }
  return String(block.config.ingress ?? "INGRESS_TRAFFIC_ALL");
}

/** The minimum number of instances a Cloud Run service keeps running, and where it was read. */
export function runMinInstancesOf(block: TfBlock): { count: number; from: string } {
  if (block.type === "google_cloud_run_service") {
    const value = blockOf(blockOf(block.config.template).metadata).annotations?.["autoscaling.knative.dev/minScale"];
    return { count: Number(value ?? 0), from: "template.metadata.annotations[autoscaling.knative.dev/minScale]" };
  }
  const service = blockOf(block.config.scaling);
  if (service.scaling_mode === "MANUAL") return { count: Number(service.manual_instance_count ?? 0), from: "scaling.manual_instance_count" };
  const revision = Number(blockOf(blockOf(block.config.template).scaling).min_instance_count ?? 0);
  const serviceMin = Number(service.min_instance_count ?? 0);
  return serviceMin > revision ? { count: serviceMin, from: "scaling.min_instance_count" } : { count: revision, from: "template.scaling.min_instance_count" };
}
