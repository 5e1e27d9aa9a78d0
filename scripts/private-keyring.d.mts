export function secretServiceAnswers(root: string): boolean;
export function ensureKeyring(root: string): void;
