/*
 * svcm's own requests and notifications, beside the standard LSP ones
 * (docs/language-server.md). Plain types only: the VS Code client and the
 * tests import them too.
 */

/** `svcm/status` request: applies edits still in their debounce, waits for the scan and the diagnostics, then says how things stand. */
export const STATUS_REQUEST = 'svcm/status';

export interface StatusResult {
  /** Workspace folders being served. */
  folders: { uri: string; name: string; files: number; records: number }[];
  /** Findings currently published, over every file. */
  errors: number;
  warnings: number;
  infos: number;
  /** Files with published findings. */
  files: number;
}

/** `svcm/rescan` request: reads every folder again from disk, then answers as `svcm/status`. */
export const RESCAN_REQUEST = 'svcm/rescan';

/**
 * `svcm/serviceMap` request: the service map of a workspace folder (the first when
 * `folder` is not given), as `svcm graph --format json` prints it, with what the map
 * draws besides (`details`: tier, phase, lifecycle, where each record is, by node id).
 * An unknown focus or change, or a bad depth or direction, is an `InvalidParams` error.
 */
export const SERVICE_MAP_REQUEST = 'svcm/serviceMap';

export interface ServiceMapParams {
  /** The workspace folder's URI. */
  folder?: string;
  focus?: string;
  depth?: number;
  direction?: 'dependencies' | 'dependents' | 'both';
  change?: string;
}

/** `svcm/indexChanged` notification (server to client): records changed; sent at most every 100 ms. */
export const INDEX_CHANGED_NOTIFICATION = 'svcm/indexChanged';

export interface IndexChangedParams {
  /** URIs of the folders whose records changed. */
  folders: string[];
}

/** What the client may put in `initializationOptions`. */
export interface InitializationOptions {
  /** false in an untrusted workspace: rename and file-renaming fixes are refused (default true). */
  trusted?: boolean;
  /** The `svcm` settings, for clients that cannot answer `workspace/configuration`. */
  settings?: unknown;
}
