import type { Connection } from 'vscode-languageserver';
import type { Logger } from '../core/logger';

/** The server's settings (section `svcm` of the client's configuration). */
export interface ServerSettings {
  /** Milliseconds between the last change of a document and its revalidation. */
  debounceMs: number;
}

export const DEFAULT_SETTINGS: ServerSettings = { debounceMs: 250 };

/** Reads the settings from what the client sent (`svcm` section, or an object holding it). */
export function settingsFrom(value: unknown): ServerSettings {
  const section = (
    value && typeof value === 'object' && 'svcm' in value ? (value as { svcm: unknown }).svcm : value
  ) as { validation?: { debounce?: unknown }; 'validation.debounce'?: unknown } | null | undefined;
  const debounce = section?.validation?.debounce ?? section?.['validation.debounce'];
  return {
    debounceMs:
      typeof debounce === 'number' && Number.isFinite(debounce)
        ? Math.min(5000, Math.max(0, debounce))
        : DEFAULT_SETTINGS.debounceMs,
  };
}

/**
 * The settings, kept current by the one configuration listener: pulled through
 * `workspace/configuration` (section `svcm`) when the client supports it and
 * again on every `workspace/didChangeConfiguration`; otherwise taken from the
 * notification itself or from `initializationOptions.settings`.
 */
export class Configuration {
  private current: ServerSettings;

  constructor(
    private readonly connection: Connection,
    private readonly canPull: boolean,
    initial: unknown,
    private readonly log: Logger,
  ) {
    this.current = settingsFrom(initial);
    connection.onDidChangeConfiguration((params) => {
      if (this.canPull) void this.pull();
      else if (params.settings !== undefined && params.settings !== null) this.current = settingsFrom(params.settings);
    });
  }

  get settings(): ServerSettings {
    return this.current;
  }

  async pull(): Promise<void> {
    if (!this.canPull) return;
    try {
      const [section] = (await this.connection.workspace.getConfiguration([{ section: 'svcm' }])) as unknown[];
      this.current = settingsFrom(section);
    } catch (error) {
      this.log.warn(`[configuration] the client did not answer workspace/configuration: ${(error as Error).message}`);
    }
  }
}
