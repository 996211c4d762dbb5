import {
  ErrorCodes,
  LSPErrorCodes,
  ResponseError,
  type CancellationToken,
  type Connection,
} from 'vscode-languageserver';
import {
  changeChoice,
  changeChoices,
  knowledgeOwner,
  serviceChoices,
  templateChoices,
  unreleasedChanges,
  type ChangeChoice,
} from '../../core/assist/changeCandidates';
import { commitId, nextKnowledgeId, nextReleaseName } from '../../core/assist/newRecords';
import { appendToListEdit, setScalarEdit } from '../../core/assist/yamlEdits';
import type { TextEdit } from '../../core/assist/navigation';
import { parseFile } from '../../core/parse/parseFile';
import { nextChangeId } from '../../core/catalogue/changeIds';
import { blastRadius, highestTier, suggestRisk } from '../../core/catalogue/impact';
import { titleOf } from '../../core/index/references';
import { groupByService, servicesOwning } from '../../core/index/ownership';
import type { WorkspaceIndex } from '../../core/index/workspaceIndex';
import type { OpenDocuments } from '../documents';
import { fsPathOf, type FolderState } from '../folders';
import { linesOf, toOffset, toRange } from '../positions';
import {
  ASSESS_CHANGE_REQUEST,
  CHANGES_AT_REQUEST,
  CHANGES_REQUEST,
  COMMAND_FOLDERS_REQUEST,
  NAMES_REQUEST,
  NEW_KNOWLEDGE_REQUEST,
  NEXT_ID_REQUEST,
  RAISE_CHANGE_REQUEST,
  RECORD_EDITS_REQUEST,
  type AssessChangeParams,
  type ChangeAssessment,
  type ChangeData,
  type ChangesAtParams,
  type ChangesParams,
  type ChangesResult,
  type CommandFoldersParams,
  type CommandFoldersResult,
  type NamesParams,
  type NamesResult,
  type NewKnowledgeParams,
  type NewKnowledgeResult,
  type NextIdParams,
  type NextIdResult,
  type RaiseChangeParams,
  type RaiseChangeResult,
  type RecordEditsParams,
  type RecordEditsResult,
} from '../protocol';
import type { Workspace } from '../workspace';

/*
 * The index questions of the record-writing commands (docs/language-server.md,
 * "svcm's own requests"): each answer is what a core function says of a
 * folder's index, as plain JSON. The client runs git and writes the files.
 */

const NAME_KINDS = ['Team', 'Service', 'Change', 'Release', 'Knowledge', 'StandardChange'] as const;
const ID_KINDS = ['Change', 'Release', 'Knowledge'] as const;

/** Registers the commands' requests; every answer waits for the scans and sees the client's latest edits. */
export function registerCommandRequests(connection: Connection, workspace: Workspace, documents: OpenDocuments): void {
  const answer = <P, R>(method: string, body: (params: Partial<P>) => R) =>
    // The token is the last argument: a client that sends its params as a list (`[params, null]`, as
    // vscode-jsonrpc does for `sendRequest(method, params, undefined)`) gets them spread before it.
    connection.onRequest(method, async (...args: unknown[]) => {
      const token = args[args.length - 1] as CancellationToken | undefined;
      const params = args.length > 1 ? args[0] : undefined;
      await workspace.ready();
      if (token?.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
      // What the client typed before asking counts: edits still in their debounce are applied now.
      documents.flushAll();
      if (params !== undefined && params !== null && (typeof params !== 'object' || Array.isArray(params)))
        throw invalid(`${method} takes an object of parameters`);
      return body((params ?? {}) as Partial<P>);
    });

  const folderOf = (uri: unknown): FolderState => {
    if (typeof uri !== 'string') throw invalid("'folder' must be a workspace folder's URI");
    const abs = fsPathOf(uri);
    const folder = workspace.allFolders().find((f) => f.uri === uri || (abs !== undefined && f.root === abs));
    if (!folder) throw invalid(`'${uri}' is not a workspace folder the server reads`);
    return folder;
  };

  answer<CommandFoldersParams, CommandFoldersResult>(COMMAND_FOLDERS_REQUEST, (p) => {
    const defines = p.defines;
    if (defines !== undefined) {
      kindOf(defines.kind, ['Team', 'Service', 'Change', 'Release'] as const, 'defines.kind');
      stringsOf(defines.names, 'defines.names');
    }
    return {
      folders: workspace.allFolders().map((f) => ({
        uri: f.uri,
        name: f.name,
        fits:
          (defines === undefined || defines.names.every((n) => f.index.definitions(defines.kind, n).length > 0)) &&
          (p.unreleased !== true || unreleasedChanges(f.index).length > 0),
      })),
    };
  });

  answer<RaiseChangeParams, RaiseChangeResult>(RAISE_CHANGE_REQUEST, (p) => {
    const folder = folderOf(p.folder);
    const changed = stringsOf(p.changedFiles ?? [], 'changedFiles');
    const byService = groupByService(folder.index, changed).byService;
    const touched = [...byService.keys()].sort().map((name) => ({ name, files: byService.get(name)!.length }));
    const services = p.services === undefined ? touched.map((t) => t.name) : stringsOf(p.services, 'services');
    return {
      touched,
      services: serviceChoices(folder.index),
      templates: templateChoices(folder.index, services),
      assessment: assess(folder.index, services),
    };
  });

  answer<AssessChangeParams, ChangeAssessment>(ASSESS_CHANGE_REQUEST, (p) => {
    const folder = folderOf(p.folder);
    return assess(folder.index, stringsOf(p.services ?? [], 'services'));
  });

  answer<NextIdParams, NextIdResult>(NEXT_ID_REQUEST, (p) => {
    const folder = folderOf(p.folder);
    const kind = kindOf(p.kind, ID_KINDS, 'kind');
    if (typeof p.today !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(p.today))
      throw invalid("'today' must be a date like 2026-11-30");
    const taken = stringsOf(p.taken ?? [], 'taken');
    const id =
      kind === 'Change'
        ? nextChangeId(folder.index, Number(p.today.slice(0, 4)), taken)
        : kind === 'Release'
          ? nextReleaseName(folder.index, p.today, taken)
          : nextKnowledgeId(folder.index, taken);
    return { id };
  });

  answer<ChangesParams, ChangesResult>(CHANGES_REQUEST, (p) => {
    const folders = p.folder === undefined ? workspace.allFolders() : [folderOf(p.folder)];
    const names = p.names === undefined ? undefined : stringsOf(p.names, 'names');
    const changes: ChangeData[] = [];
    for (const folder of folders) {
      const choices = p.unreleased === true ? unreleasedChanges(folder.index) : changeChoices(folder.index);
      for (const choice of choices) {
        if (names && !names.includes(choice.name)) continue;
        if (p.openOnly === true && !choice.open) continue;
        changes.push(changeData(folder, choice));
      }
    }
    const unknown = (names ?? []).filter((n) => !folders.some((f) => f.index.definitions('Change', n).length > 0));
    return { changes, unknown };
  });

  answer<ChangesAtParams, ChangesResult>(CHANGES_AT_REQUEST, (p) => {
    const uri = p.textDocument?.uri;
    const position = p.position;
    if (typeof uri !== 'string') throw invalid("'textDocument.uri' must be a URI");
    if (typeof position?.line !== 'number' || typeof position.character !== 'number')
      throw invalid("'position' must be { line, character }");
    const document = documents.get(uri);
    const where = document
      ? workspace.parsedFor(uri, document.getText())
      : (() => {
          const located = workspace.locate(uri);
          const parsed = located && located.folder.index.file(located.path);
          return located && parsed ? { folder: located.folder, path: located.path, parsed } : undefined;
        })();
    if (!where) return { changes: [], unknown: [] };
    const offset = toOffset(linesOf(where.parsed), position);
    const changes: ChangeData[] = [];
    for (const record of where.parsed.records) {
      if (offset < record.span.start || offset > record.span.end) continue;
      const choice = changeChoice(record);
      if (choice) changes.push(changeData(where.folder, choice));
    }
    return { changes, unknown: [] };
  });

  // Works on the text given, not on what the server holds: the client applies the edits to that very text.
  connection.onRequest(RECORD_EDITS_REQUEST, (p: Partial<RecordEditsParams> | null): RecordEditsResult => {
    if (typeof p?.uri !== 'string' || typeof p.text !== 'string' || typeof p.edit !== 'object' || p.edit === null)
      throw invalid('svcm/recordEdits needs { uri, text, edit }');
    const name = fileNameOf(p.uri);
    const parsed = parseFile(name, p.text, undefined, { precise: true });
    const edit = p.edit;
    // Refusals name the file as the person sees it in the workspace.
    const shown = workspace.locate(p.uri)?.path ?? name;
    let edits: (TextEdit | undefined)[];
    if (edit.kind === 'linkCommits') {
      const commits = stringsOf(edit.commits, 'edit.commits');
      const target = parsed.records.find((r) => r.kind === 'Change' && r.name === edit.change);
      if (!target) return { edits: [], refused: `${String(edit.change)} is no longer in ${shown}` };
      if (target.syntax.length > 0) return { edits: [], refused: `${shown} has YAML syntax errors: fix them first` };
      edits = [appendToListEdit(parsed, target, ['spec', 'commits'], commits.map(commitId), true)];
    } else if (edit.kind === 'setRelease') {
      const changes = stringsOf(edit.changes, 'edit.changes');
      if (typeof edit.release !== 'string') throw invalid("'edit.release' must be a release name");
      edits = parsed.records
        .filter((r) => r.kind === 'Change' && r.name !== undefined && changes.includes(r.name) && r.syntax.length === 0)
        .map((r) => setScalarEdit(parsed, r, ['spec', 'release'], edit.release));
    } else {
      throw invalid("'edit.kind' must be linkCommits or setRelease");
    }
    const lines = linesOf(parsed);
    return {
      edits: edits
        .filter((e): e is TextEdit => e !== undefined)
        .map((e) => ({ range: toRange(lines, e.span), newText: e.newText })),
    };
  });

  answer<NamesParams, NamesResult>(NAMES_REQUEST, (p) => {
    const folder = folderOf(p.folder);
    const kind = kindOf(p.kind, NAME_KINDS, 'kind');
    return {
      names: folder.index
        .names(kind)
        .sort()
        .map((name) => {
          const title = titleOf(folder.index.definitions(kind, name)[0]);
          return title === undefined ? { name } : { name, title };
        }),
    };
  });

  answer<NewKnowledgeParams, NewKnowledgeResult>(NEW_KNOWLEDGE_REQUEST, (p) => {
    const folder = folderOf(p.folder);
    if (p.path !== undefined && typeof p.path !== 'string') throw invalid("'path' must be a folder-relative path");
    const services = p.services === undefined ? [] : stringsOf(p.services, 'services');
    const owner = knowledgeOwner(folder.index, services);
    return {
      services: serviceChoices(folder.index),
      owning: p.path === undefined ? [] : servicesOwning(folder.index, p.path).map((r) => r.name!),
      ...(owner === undefined ? {} : { owner }),
      unknown: services.filter((s) => folder.index.definitions('Service', s).length === 0),
    };
  });
}

function assess(index: WorkspaceIndex, services: readonly string[]): ChangeAssessment {
  const tier = highestTier(index, services);
  return {
    risk: suggestRisk(index, services),
    ...(tier === undefined ? {} : { tier }),
    blastRadius: blastRadius(index, services),
  };
}

function changeData(folder: FolderState, choice: ChangeChoice): ChangeData {
  const { record, ...facts } = choice;
  return { folder: folder.uri, file: record.file, ...facts };
}

/** The last segment of a URI's path, decoded (`CHG-2026-0001.yaml`). */
function fileNameOf(uri: string): string {
  const name = uri.replace(/[?#].*$/, '').slice(uri.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

function invalid(message: string): ResponseError<void> {
  return new ResponseError(ErrorCodes.InvalidParams, message);
}

function stringsOf(value: unknown, key: string): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string'))
    throw invalid(`'${key}' must be a list of strings`);
  return value as string[];
}

function kindOf<K extends string>(value: unknown, kinds: readonly K[], key: string): K {
  if (typeof value !== 'string' || !(kinds as readonly string[]).includes(value))
    throw invalid(`'${key}' must be one of ${kinds.join(', ')}`);
  return value as K;
}
