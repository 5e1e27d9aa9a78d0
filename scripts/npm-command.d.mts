export function npmCommand(
  args: string[],
  context?: { env?: NodeJS.ProcessEnv; platform?: string; execPath?: string; exists?: (p: string) => boolean },
): { command: string; args: string[] };
