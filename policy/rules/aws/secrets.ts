/** Secrets never in plain container environment variables or in clear-text outputs. */
import type { StackContext, TfBlock } from "../../engine/types";
import { isSensitiveReference, looksSecretName, secretValueProblem } from "../shared/secret-names";
import { awsRule } from "./helpers";

/** Containers of a task definition, or a problem when the definitions cannot be read at synth time. */
export function containersOf(task: TfBlock): { containers: Array<Record<string, any>> } | { problem: string } {
  const raw = task.config.container_definitions;
  if (typeof raw !== "string") return { problem: "container_definitions is missing" };
  try {
    const parsed = JSON.parse(raw);
    return { containers: Array.isArray(parsed) ? parsed : [parsed] };
  } catch {
    return { problem: "container_definitions is not a JSON document at synth time, so the pack cannot check it; build it with JSON.stringify" };
  }
}

/** Every string inside a value, deeply. */
function stringsIn(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (value === null || typeof value !== "object") return [];
  return (Array.isArray(value) ? value : Object.values(value)).flatMap(stringsIn);
}

/** Why a value (literal or expression, possibly nested) carries a secret, or undefined. */
function secretValue(value: unknown, ctx: StackContext): string | undefined {
  const ref = ctx.referencesIn(value).find(isSensitiveReference);
  if (ref) return `takes its value from ${ref.address}.${ref.attribute}`;
  return stringsIn(value).map(secretValueProblem).find((why) => why !== undefined);
}

export const noSecretsInEnvironment = awsRule({
  id: "MF-AWS-ECS-1",
  severity: "error",
  title: "Containers get secrets only from the secret store (task definition `secrets`), never as plain environment variables",
  fix: "Move the variable to the container's `secrets` (valueFrom a Secrets Manager ARN); the runtime contract lists them in SECRET_ENV_NAMES.",
  mirrors: ["AVD-AWS-0036"],
  appliesTo: ["aws_ecs_task_definition"],
  check: (task, ctx) => {
    const read = containersOf(task);
    if ("problem" in read) return [read.problem];
    return read.containers.flatMap((container) =>
      (Array.isArray(container.environment) ? container.environment : []).flatMap((variable: { name?: string; value?: unknown }) => {
        const name = String(variable.name);
        const problems: string[] = [];
        if (looksSecretName(name)) problems.push(`container ${container.name}: plain environment variable ${name} looks like a secret`);
        const value = secretValue(variable.value, ctx);
        if (value) problems.push(`container ${container.name}: plain environment variable ${name} ${value}`);
        return problems;
      }),
    );
  },
});

export const sensitiveOutputs = awsRule({
  id: "MF-AWS-OUT-1",
  severity: "error",
  title: "Outputs that hold secrets (by name or value) are marked sensitive",
  fix: "Set sensitive: true on the TerraformOutput, or better, output the secret's ARN instead of its value.",
  mirrors: [],
  appliesTo: ["output"],
  check: (output, ctx) => {
    if (output.config.sensitive === true) return [];
    const problems: string[] = [];
    if (looksSecretName(output.name)) problems.push(`output ${output.name} is named like a secret but is not sensitive`);
    const why = secretValue(output.config.value, ctx);
    if (why) problems.push(`output ${output.name} ${why} but is not sensitive`);
    return problems;
  },
});

export const secretRules = [noSecretsInEnvironment, sensitiveOutputs];
