export const STRAPI_VERSION: string;
export const RECIPE: string;
export function strapiDir(env?: NodeJS.ProcessEnv): string;
export function isInstalled(dir?: string): boolean;
export function ensureStrapiInstalled(opts?: { dir?: string; log?: (line: string) => void; lockTimeoutMs?: number }): {
  dir: string;
  installed: boolean;
  seconds: number;
};
export function strapiStartFile(dir?: string): string;
