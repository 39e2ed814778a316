export interface Target {
  envFile: string;
  name: string;
  /** The example product's name, where the target is one (targets/examples/<name>). */
  example?: string;
}
export declare function resolveTarget(value: string): Target;
export declare function selectTarget(target: Target): void;
