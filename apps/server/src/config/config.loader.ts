import { EnvSchema, type AppConfig } from './config.schema';

/** Thrown when the environment is invalid; `message` is one line naming the variable and the problem. */
export class ConfigError extends Error {}

/** Validates the environment once at boot into the typed config (empty strings count as unset). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const input: Record<string, string> = {};
  for (const key of Object.keys(EnvSchema.shape)) {
    const v = env[key];
    if (v !== undefined && v !== '') input[key] = v;
  }
  const parsed = EnvSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue.path[0] ?? 'environment');
    throw new ConfigError(
      `Invalid configuration: ${name}=${JSON.stringify(input[name] ?? '')} ${issue.message}`,
    );
  }
  return parsed.data;
}
