/*
 * svcm's own requests and notifications, beside the standard LSP ones
 * (docs/language-server.md). Plain types only: the VS Code client and the
 * tests import them too.
 */

import type { ChangeChoice } from '../core/assist/changeCandidates';

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
 * With `layout: true`, also the graph laid out without grouping (`layout`, as numbers in the
 * order of `nodes`), so that the map's page only draws.
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
  /** Also answer the ungrouped layout (`layout`). */
  layout?: boolean;
}

/** `svcm/indexChanged` notification (server to client): records changed; sent at most every 100 ms, after typing once it pauses. */
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
  /**
   * Who watches the disk: the client (`workspace/didChangeWatchedFiles`, when it can register
   * watchers) or the server itself. Default: the server on Linux, else the client (docs/language-server.md).
   */
  watcher?: 'client' | 'server';
}

// ---------------------------------------------------------------------------
// What the record-writing commands ask (Raise Change, Link Commits, New Release,
// New Knowledge Record, New Service, commit-message completion): index questions
// only; git and writing stay in the client. Answered by src/server/requests/commands.ts.
// `folder` is a workspace folder's URI as the client named it; an unknown one is
// an `InvalidParams` error. Paths are folder-relative, with `/`.

/** `svcm/commandFolders` request: the folders served, each saying whether it fits what a command was given. */
export const COMMAND_FOLDERS_REQUEST = 'svcm/commandFolders';

export interface CommandFoldersParams {
  /** A folder fits when it defines every one of these names of this kind. */
  defines?: { kind: 'Team' | 'Service' | 'Change' | 'Release'; names: string[] };
  /** A folder fits when an implemented change there waits for a release. */
  unreleased?: boolean;
}

export interface CommandFoldersResult {
  folders: { uri: string; name: string; fits: boolean }[];
}

/** A service as a picker shows it (core/assist/changeCandidates `serviceChoices`). */
export interface ServiceChoiceData {
  name: string;
  title?: string;
  tier?: number;
  phase?: string;
  owner?: string;
}

/** A standard change template as Raise Change offers it (`templateChoices`). */
export interface TemplateChoiceData {
  name: string;
  title?: string;
  services: string[];
  maxRisk?: string;
  /** its `services` include every service asked about */
  covers: boolean;
}

/** A change as the commands show it (`changeChoice`, without its record), with the folder and file that define it. */
export type ChangeData = Omit<ChangeChoice, 'record'> & { folder: string; file: string };

/** What a change to some services puts at risk (core/catalogue/impact). */
export interface ChangeAssessment {
  risk: 'low' | 'medium' | 'high';
  /** the most critical tier among them, and a service that has it */
  tier?: { tier: number; service: string };
  /** the services that depend on them, transitively, sorted */
  blastRadius: string[];
}

/** `svcm/raiseChange` request: what Raise Change offers in a folder, given the files changed on the branch. */
export const RAISE_CHANGE_REQUEST = 'svcm/raiseChange';

export interface RaiseChangeParams {
  folder: string;
  /** the files changed on the branch (folder-relative) */
  changedFiles: string[];
  /** the services the templates and the assessment are for; default: the touched ones */
  services?: string[];
}

export interface RaiseChangeResult {
  /** the services owning the changed files (Backstage Components for files no service owns), by name, with their number of files */
  touched: { name: string; files: number }[];
  /** every service of the folder, by name */
  services: ServiceChoiceData[];
  /** the standard change templates, those covering the services first */
  templates: TemplateChoiceData[];
  assessment: ChangeAssessment;
}

/** `svcm/assessChange` request: the suggested risk, the highest tier and the blast radius of a set of services. */
export const ASSESS_CHANGE_REQUEST = 'svcm/assessChange';

export interface AssessChangeParams {
  folder: string;
  services: string[];
}

/** `svcm/nextId` request: the next free id of a kind (`CHG-YYYY-NNNN`, `REL-YYYY.MM.N`, `KB-NNNN`). */
export const NEXT_ID_REQUEST = 'svcm/nextId';

export interface NextIdParams {
  folder: string;
  kind: 'Change' | 'Release' | 'Knowledge';
  /** the client's date, `YYYY-MM-DD` (UTC): the year of a change id, the month of a release name */
  today: string;
  /** file names already taken in the folder the record goes to: ids they are named after are skipped */
  taken?: string[];
}

export interface NextIdResult {
  id: string;
}

/** `svcm/changes` request: changes of one folder (every folder when none is given), open ones first, newest first. */
export const CHANGES_REQUEST = 'svcm/changes';

export interface ChangesParams {
  folder?: string;
  /** only these (the unknown ones come back in `unknown`) */
  names?: string[];
  /** only the implemented changes waiting for a release (oldest first) */
  unreleased?: boolean;
  /** only open changes */
  openOnly?: boolean;
}

export interface ChangesResult {
  changes: ChangeData[];
  /** the `names` asked for that the folder does not define */
  unknown: string[];
}

/** `svcm/changesAt` request: the changes whose record holds a position of a document. */
export const CHANGES_AT_REQUEST = 'svcm/changesAt';

export interface ChangesAtParams {
  textDocument: { uri: string };
  position: { line: number; character: number };
}

/**
 * `svcm/recordEdits` request: the text edits a command makes to a record file
 * that exists (Link Commits, New Release), worked out on the text the client
 * holds, unsaved edits included. The client applies them to that text only.
 */
export const RECORD_EDITS_REQUEST = 'svcm/recordEdits';

/** What a command changes in a record file. */
export type RecordEdit =
  /** Link Commits: the commits appended to the change's `spec.commits`, those listed already left out */
  | { kind: 'linkCommits'; change: string; commits: string[] }
  /** New Release: `spec.release` set on each of the changes the file defines */
  | { kind: 'setRelease'; changes: string[]; release: string };

export interface RecordEditsParams {
  /** the file's URI: its name tells a YAML file from a Markdown one */
  uri: string;
  /** the file's text as the client holds it */
  text: string;
  edit: RecordEdit;
}

export interface RecordEditsResult {
  /** ranges into `text`; none when there is nothing to change */
  edits: { range: RecordPlace['range']; newText: string }[];
  /** why the file is not edited, in words a person can act on (the record is gone, YAML syntax errors) */
  refused?: string;
}

/** `svcm/names` request: the names (and titles) a folder defines of a kind, sorted. */
export const NAMES_REQUEST = 'svcm/names';

export interface NamesParams {
  folder: string;
  kind: 'Team' | 'Service' | 'Change' | 'Release' | 'Knowledge' | 'StandardChange';
}

export interface NamesResult {
  names: { name: string; title?: string }[];
}

/** `svcm/newKnowledge` request: what New Knowledge Record offers and decides in a folder. */
export const NEW_KNOWLEDGE_REQUEST = 'svcm/newKnowledge';

export interface NewKnowledgeParams {
  folder: string;
  /** the active file (folder-relative): the services owning it are pre-selected */
  path?: string;
  /** the services chosen: their owner and the unknown ones are answered */
  services?: string[];
}

export interface NewKnowledgeResult {
  services: ServiceChoiceData[];
  /** the services whose `code` globs match `path` */
  owning: string[];
  /** the team that owns the first of `services` that is defined, when that team is defined */
  owner?: string;
  /** the `services` given that the folder does not define */
  unknown: string[];
}

// ---- svcm's views: the Services view, the status bar, the map's suggestions (src/server/requests/) ----

/** A record a view opens: its file (URI, and path relative to its workspace folder) and the span of its name. */
export interface RecordPlace {
  /** The workspace folder's URI. */
  folder: string;
  /** The record's file, relative to the folder, with `/`. */
  path: string;
  /** The file's URI. */
  uri: string;
  /** The record's name (the whole document when the name cannot be read), as an LSP range… */
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  /** …and as UTF-16 offsets into the file. */
  start: number;
  end: number;
}

/**
 * `svcm/tree` request: the children of a node of the Services view, or its top
 * level, in one workspace folder, grouped by `groupBy`. Waits for the scan.
 * Nodes are computed from the index when asked (core/assist/catalogueTree.ts):
 * the client keeps each node's `node` and sends it back as `parent` to list its
 * children. A `parent` that is not one is an `InvalidParams` error.
 */
export const TREE_REQUEST = 'svcm/tree';

export interface TreeParams {
  /** The workspace folder's URI; omitted: the only folder (with several, `nodes` is empty). */
  folder?: string;
  /** A grouping mode of the catalogue: `phase`, `owner`, or any other the server knows. */
  groupBy: string;
  /** How Backstage Components are grouped: `system` (the default), `owner` or `lifecycle`. */
  componentGroupBy?: string;
  /** A node's `node` from an earlier answer; omitted: the top level. */
  parent?: unknown;
}

export interface TreeResult {
  /** Every workspace folder served, with the number of services defined in it. */
  folders: { uri: string; name: string; services: number }[];
  /** The folder the nodes are in (omitted when there is none). */
  folder?: string;
  nodes: TreeNodeData[];
}

/** A node as a view shows it: plain data, no index needed. */
export interface TreeNodeData {
  /** Unique within the folder's tree, stable across answers. */
  id: string;
  label: string;
  description: string;
  /** Markdown. */
  tooltip?: string;
  /** `svcm:<kind>[:<state>]`, what menus match on. */
  contextValue: string;
  collapsible: 'none' | 'collapsed' | 'expanded';
  /** A product icon (codicon) id, and a theme colour id for it. */
  icon?: { id: string; color?: string };
  /** The record the node opens (a section or status node: its service's). */
  record?: RecordPlace;
  /** Whether a click opens `record` (the node's own record); else a click folds the node. */
  openOnClick: boolean;
  /** The catalogue node as plain data: send it back as `parent`. Opaque to the client. */
  node: unknown;
}

/**
 * `svcm/fileOwners` request: the services owning a file by their `code` globs
 * (core/assist/catalogueTree.ts `openItemsForFile`), with their open changes and
 * known errors. `null` when the file is in no workspace folder; empty lists when
 * nothing owns it. Waits for the scan.
 */
export const FILE_OWNERS_REQUEST = 'svcm/fileOwners';

export interface FileOwnersParams {
  uri: string;
}

export interface FileOwnersResult {
  folder: string;
  /** The file's path relative to the folder, with `/`. */
  path: string;
  /** Sorted by name. */
  services: OwnedRecord[];
  changes: OwnedRecord[];
  knownErrors: OwnedRecord[];
}

/** A record as the status bar and Show Service for File list it. */
export interface OwnedRecord {
  kind: string;
  name: string;
  /** A Backstage entity: its full reference in lower case (`component:default/petstore`), as svcm names it elsewhere. */
  ref?: string;
  title?: string;
  /** Markdown card of the record (core/assist/summary.ts). */
  summary: string;
  place: RecordPlace;
  /** Service: tier, phase, owner, as written. */
  tier?: number;
  phase?: string;
  owner?: string;
  /** Change: `spec.status` and `spec.summary` on one line. */
  status?: string;
  text?: string;
  /** Knowledge: `spec.workaround` on one line. */
  workaround?: string;
}

/**
 * `svcm/mapSuggestions` request: what a service map's focus and change fields
 * suggest in a workspace folder (the first when `folder` is not given): every
 * service and change name, sorted. Asked apart from `svcm/serviceMap` so that
 * a map's first paint does not carry them. Waits for the scan.
 */
export const MAP_SUGGESTIONS_REQUEST = 'svcm/mapSuggestions';

export interface MapSuggestionsParams {
  folder?: string;
}

export interface MapSuggestionsResult {
  names: string[];
  changes: string[];
}

/**
 * `svcm/changeRecords` request: the Change records of a document (its open
 * text when the client has it open), each with its name and where its
 * document starts: what a "Show Blast Radius on Service Map" lens needs.
 * Records with syntax errors or without a name are left out.
 */
export const CHANGE_RECORDS_REQUEST = 'svcm/changeRecords';

export interface ChangeRecordsParams {
  textDocument: { uri: string };
}

export interface ChangeRecordsResult {
  changes: { name: string; range: RecordPlace['range'] }[];
}
// ---- end of svcm's views ----
