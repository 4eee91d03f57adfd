/** Secrets never in plain container environment variables or in clear-text outputs. */
import type { TfBlock } from "../../engine/types";
import { plainVariableProblems, unsensitiveOutputProblems } from "../shared/secret-values";
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
      (Array.isArray(container.environment) ? container.environment : []).flatMap((variable: { name?: string; value?: unknown }) =>
        plainVariableProblems(`container ${container.name}`, String(variable.name), variable.value, ctx),
      ),
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
  check: (output, ctx) => unsensitiveOutputProblems(output, ctx),
});

export const secretRules = [noSecretsInEnvironment, sensitiveOutputs];
