// Types of scripts/build-cli.mjs, for the tests that build the bundle they run.
export const CLI_BUNDLE: string;
export function buildCli(outfile?: string): Promise<string>;
