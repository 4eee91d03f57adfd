import type { TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";
import { OciTaggableResource, type OciFreeformTags } from "./base";

/** A threshold rule: when the metric crosses the threshold, change the pool size. */
export interface AutoscalingRule {
  /** What to do: `type` `CHANGE_COUNT_BY` and a signed `value`. */
  readonly action: { readonly type: string; readonly value: number };
  /** Rule name. */
  readonly displayName: string;
  /** `metricType` (`CPU_UTILIZATION`, `MEMORY_UTILIZATION`) and `threshold` (`operator` GT/GTE/LT/LTE, `value`). */
  readonly metric: { readonly metricType: string; readonly threshold: { readonly operator: string; readonly value: number } };
}

/** A `policies` block (one per configuration). */
export interface AutoscalingPolicy {
  /** Pool size limits. */
  readonly capacity: { readonly initial?: number; readonly max?: number; readonly min?: number };
  /** `threshold` or `scheduled`. */
  readonly policyType: string;
  /**
   * A display name.
   * @default a generated name
   */
  readonly displayName?: string;
  /**
   * Whether the policy is enabled.
   * @default true
   */
  readonly isEnabled?: boolean;
  /**
   * Rules of a threshold policy.
   * @default none
   */
  readonly rules?: readonly AutoscalingRule[];
}

/** `oci_autoscaling_auto_scaling_configuration` arguments (website/docs/r/autoscaling_auto_scaling_configuration.html.markdown). */
export interface AutoscalingAutoScalingConfigurationConfig extends TerraformMetaArguments, OciFreeformTags {
  /** The resource scaled: `type` `instancePool` and its `id`. */
  readonly autoScalingResources: { readonly id: string; readonly type: string };
  /** The OCID of the compartment. */
  readonly compartmentId: string;
  /** The policy (an autoscaling configuration has exactly one). */
  readonly policies: readonly AutoscalingPolicy[];
  /**
   * Seconds between scaling actions (minimum 300).
   * @default 300
   */
  readonly coolDownInSeconds?: number;
  /**
   * A display name.
   * @default a generated name
   */
  readonly displayName?: string;
  /**
   * Whether the configuration is enabled.
   * @default true
   */
  readonly isEnabled?: boolean;
}

/** An autoscaling configuration of an instance pool. */
export class AutoscalingAutoScalingConfiguration extends OciTaggableResource {
  static readonly tfResourceType = "oci_autoscaling_auto_scaling_configuration";

  constructor(scope: Construct, id: string, config: AutoscalingAutoScalingConfigurationConfig) {
    super(scope, id, AutoscalingAutoScalingConfiguration.tfResourceType, config);
  }
}
