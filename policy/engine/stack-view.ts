import { referencesInString } from "./references";
import type { StackContext, TfBlock, TfReference, Tier } from "./types";

export interface StackViewOptions {
  readonly stackName: string;
  readonly environment?: string;
  readonly tier: Tier;
}

/** The StackContext rules see: the parsed cdk.tf.json of one stack, indexed once. */
export class StackView implements StackContext {
  readonly stackName: string;
  readonly environment?: string;
  readonly tier: Tier;
  readonly json: Readonly<Record<string, any>>;
  private readonly blocks: TfBlock[] = [];
  private readonly byAddress = new Map<string, TfBlock>();
  private readonly resourcesByType = new Map<string, TfBlock[]>();
  private readonly dataByType = new Map<string, TfBlock[]>();
  private readonly refCache = new Map<string, TfReference[]>();

  constructor(json: Readonly<Record<string, any>>, options: StackViewOptions) {
    this.json = json;
    this.stackName = options.stackName;
    this.environment = options.environment;
    this.tier = options.tier;
    const prefix = `${options.stackName}/`;
    const add = (block: TfBlock, index?: Map<string, TfBlock[]>) => {
      this.blocks.push(block);
      this.byAddress.set(block.address, block);
      if (index) {
        const list = index.get(block.type);
        if (list) list.push(block);
        else index.set(block.type, [block]);
      }
    };
    const pathOf = (config: Record<string, any>): string | undefined => {
      const path = config?.["//"]?.metadata?.path;
      if (typeof path !== "string") return undefined;
      return path.startsWith(prefix) ? path.slice(prefix.length) : path;
    };
    for (const [type, byName] of Object.entries<Record<string, any>>(json.resource ?? {})) {
      for (const [name, config] of Object.entries<Record<string, any>>(byName ?? {})) {
        add({ kind: "resource", type, name, address: `${type}.${name}`, config, constructPath: pathOf(config) }, this.resourcesByType);
      }
    }
    for (const [type, byName] of Object.entries<Record<string, any>>(json.data ?? {})) {
      for (const [name, config] of Object.entries<Record<string, any>>(byName ?? {})) {
        add({ kind: "data", type, name, address: `data.${type}.${name}`, config, constructPath: pathOf(config) }, this.dataByType);
      }
    }
    for (const [name, config] of Object.entries<Record<string, any>>(json.output ?? {})) {
      add({ kind: "output", type: "output", name, address: `output.${name}`, config });
    }
  }

  resources(type: string): readonly TfBlock[] {
    return this.resourcesByType.get(type) ?? [];
  }

  dataSources(type: string): readonly TfBlock[] {
    return this.dataByType.get(type) ?? [];
  }

  all(): readonly TfBlock[] {
    return this.blocks;
  }

  get(address: string): TfBlock | undefined {
    return this.byAddress.get(address);
  }

  referencesIn(value: unknown): readonly TfReference[] {
    if (typeof value === "string") {
      let refs = this.refCache.get(value);
      if (!refs) {
        refs = referencesInString(value);
        this.refCache.set(value, refs);
      }
      return refs;
    }
    if (value === null || typeof value !== "object") return [];
    const refs: TfReference[] = [];
    for (const item of Array.isArray(value) ? value : Object.values(value)) refs.push(...this.referencesIn(item));
    return refs;
  }

  refersTo(value: unknown, target: TfBlock, attributes?: readonly string[]): boolean {
    return this.referencesIn(value).some(
      (ref) => ref.address === target.address && (attributes === undefined || (ref.attribute !== undefined && attributes.includes(ref.attribute))),
    );
  }

  resolve(value: unknown, type?: string): TfBlock | undefined {
    for (const ref of this.referencesIn(value)) {
      const block = this.byAddress.get(ref.address);
      if (block && (type === undefined || block.type === type)) return block;
    }
    return undefined;
  }

  referrers(target: TfBlock, type: string, attribute?: string): readonly TfBlock[] {
    return this.resources(type).filter((block) => this.refersTo(attribute === undefined ? block.config : block.config[attribute], target));
  }
}
