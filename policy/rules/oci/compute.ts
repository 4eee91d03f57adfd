/** Instance hardening: IMDSv2 only, and the monitoring agent that feeds the CPU and memory alarms. */
import type { TfBlock } from "../../engine/types";
import { blockAt, isTrue, ociRule, shown } from "./helpers";

/** The launch settings of an instance, or of the instances an instance configuration launches. */
export function launchSettingsOf(block: TfBlock): { where: string; settings: Record<string, any> | undefined } {
  if (block.type === "oci_core_instance_configuration") return { where: "instance_details.launch_details.", settings: blockAt(block.config, ["instance_details", "launch_details"]) };
  return { where: "", settings: block.config };
}

export const imdsV2Only = ociRule({
  id: "MF-OCI-COMPUTE-4",
  severity: "error",
  title: "Instances serve instance metadata over IMDSv2 only (legacy v1 endpoints disabled)",
  fix: "Set instance_options { are_legacy_imds_endpoints_disabled = true } on the instance or the instance configuration's launch_details.",
  mirrors: ["CKV_OCI_5"],
  appliesTo: ["oci_core_instance", "oci_core_instance_configuration"],
  check: (block) => {
    const { where, settings } = launchSettingsOf(block);
    const value = blockAt(settings ?? {}, ["instance_options"])?.are_legacy_imds_endpoints_disabled;
    return isTrue(value) ? [] : [`${where}instance_options.are_legacy_imds_endpoints_disabled is ${shown(value)}: IMDSv1 lets an SSRF read the instance principal's credentials`];
  },
});

export const monitoringAgent = ociRule({
  id: "MF-OCI-COMPUTE-5",
  severity: "error",
  title: "The Oracle Cloud Agent's monitoring plugins stay on (they publish the CPU and memory metrics alarms and autoscaling use)",
  fix: "Leave agent_config.is_monitoring_disabled false (or unset).",
  mirrors: ["CKV_OCI_6"],
  appliesTo: ["oci_core_instance", "oci_core_instance_configuration"],
  check: (block) => {
    const { where, settings } = launchSettingsOf(block);
    const value = blockAt(settings ?? {}, ["agent_config"])?.is_monitoring_disabled;
    return isTrue(value) ? [`${where}agent_config.is_monitoring_disabled is true: no CPU or memory metrics, so alarms and autoscaling are blind`] : [];
  },
});

export const computeRules = [imdsV2Only, monitoringAgent];
