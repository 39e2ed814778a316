export interface Target {
  envFile: string;
  name: string;
}
export declare function resolveTarget(value: string): Target;
export declare function selectTarget(target: Target): void;
