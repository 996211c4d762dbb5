import * as vscode from 'vscode';
import { releaseRecordText, versionFromName } from '../../core/assist/newRecords';
import { NAME_PATTERNS } from '../../core/schema/vocabulary';
import { todayUtc } from '../../core/today';
import {
  CHANGES_REQUEST,
  NAMES_REQUEST,
  NEXT_ID_REQUEST,
  type ChangeData,
  type ChangesParams,
  type ChangesResult,
  type NamesParams,
  type NamesResult,
  type NextIdParams,
  type NextIdResult,
} from '../../server/protocol';
import { readConfig } from '../config';
import {
  assertTrusted,
  createExclusive,
  createFirstFree,
  editRecordFile,
  entryNames,
  folderInside,
  openAt,
  WriteRefused,
} from '../write';
import {
  argsOf,
  createCommand,
  chooseFolder,
  listed,
  pickMany,
  stringArg,
  stringsArg,
  type CommandFolder,
  type IndexRequests,
} from './support';

const NEW_RELEASE = 'svcm.newRelease';

/** The arguments of `svcm.newRelease` (docs/commands.md): each one given is not asked. */
export interface NewReleaseArgs {
  name?: string;
  version?: string;
  changes?: string[];
  /** take the next free name, its version and every implemented change not yet released, without asking */
  acceptDefaults?: boolean;
}

/**
 * `svcm.newRelease { name, version, changes, acceptDefaults }`: writes a
 * planned release (default `REL-YYYY.MM.N`, the next free of the month) of the
 * implemented changes not yet released, with the union of their services, under
 * `svcm.releasesFolder`; then sets `spec.release` on each change, so the link
 * goes both ways. Returns the release file's URI; undefined when cancelled or refused.
 */
export function registerNewRelease(server: IndexRequests, log: vscode.LogOutputChannel): vscode.Disposable {
  return createCommand(NEW_RELEASE, log, 'cannot create the release', (arg?: unknown) => {
    const args = argsOf(arg);
    return newRelease(server, log, {
      name: stringArg(args, 'name'),
      version: stringArg(args, 'version'),
      changes: stringsArg(args, 'changes'),
      acceptDefaults: args.acceptDefaults === true,
    });
  });
}

async function newRelease(
  server: IndexRequests,
  log: vscode.LogOutputChannel,
  args: NewReleaseArgs,
): Promise<vscode.Uri | undefined> {
  assertTrusted();
  if (args.name !== undefined && !NAME_PATTERNS.Release.test(args.name))
    throw new WriteRefused(`'${args.name}' is not a release name like REL-2026.11.2`);
  const folder = await chooseFolder(server, {
    acceptDefaults: args.acceptDefaults,
    prefer: args.changes ? { defines: { kind: 'Change', names: args.changes } } : { unreleased: true },
  });
  if (!folder) return undefined;
  const dir = await folderInside(folder.folder, 'svcm.releasesFolder', readConfig(folder.folder.uri).releasesFolder);

  // The changes as the language server has them (unsaved edits included), by name.
  const known = new Map<string, ChangeData>();
  let changes = args.changes;
  if (changes) {
    const found = await changesOf(server, folder, { names: changes });
    if (found.unknown.length > 0)
      throw new WriteRefused(`no change named ${listed(found.unknown)} in '${folder.folder.name}'`);
    for (const c of found.changes) known.set(c.name, c);
  } else {
    const candidates = (await changesOf(server, folder, { unreleased: true })).changes;
    for (const c of candidates) known.set(c.name, c);
    if (candidates.length === 0) {
      void vscode.window.showInformationMessage(
        'svcm: there is no implemented change waiting for a release (status implemented, in no release).',
      );
      return undefined;
    }
    changes = args.acceptDefaults
      ? candidates.map((c) => c.name)
      : await pickMany(
          candidates.map((c) => ({
            label: c.name,
            value: c.name,
            description: c.services.join(', '),
            detail: c.summary,
          })),
          {
            title: 'New Release (1/3): changes',
            placeholder: 'The implemented changes not yet in a release',
            picked: () => true,
          },
        );
    if (!changes) return undefined;
  }

  const today = todayUtc();
  const nextName = async (taken: Iterable<string>) =>
    (
      await server.sendRequest<NextIdResult>(NEXT_ID_REQUEST, {
        folder: folder.key,
        kind: 'Release',
        today,
        taken: [...taken],
      } satisfies NextIdParams)
    ).id;
  let name = args.name;
  const releases =
    name === undefined && args.acceptDefaults
      ? new Set<string>()
      : new Set(
          (
            await server.sendRequest<NamesResult>(NAMES_REQUEST, {
              folder: folder.key,
              kind: 'Release',
            } satisfies NamesParams)
          ).names.map((n) => n.name),
        );
  if (name === undefined && !args.acceptDefaults) {
    const suggested = await nextName(await entryNames(dir));
    name = await vscode.window.showInputBox({
      title: 'New Release (2/3): name',
      value: suggested,
      ignoreFocusOut: true,
      validateInput: (value) =>
        !NAME_PATTERNS.Release.test(value)
          ? 'A release name like REL-2026.11.2'
          : releases.has(value)
            ? `${value} exists already`
            : undefined,
    });
    if (name === undefined) return undefined;
  }
  if (name !== undefined && releases.has(name)) throw new WriteRefused(`a release named ${name} exists already`);

  let version = args.version;
  if (version === undefined && !args.acceptDefaults && name !== undefined) {
    version = await vscode.window.showInputBox({
      title: 'New Release (3/3): version',
      value: versionFromName(name),
      ignoreFocusOut: true,
    });
    if (version === undefined) return undefined;
  }

  const services = [...new Set(changes.flatMap((c) => known.get(c)?.services ?? []))].sort();
  const chosen = changes;
  const text = (releaseName: string) =>
    releaseRecordText({
      name: releaseName,
      version: version ?? versionFromName(releaseName),
      services,
      changes: chosen,
    });
  let uri: vscode.Uri;
  let cursor: number;
  if (name !== undefined) {
    // A name the person chose is written as it is, or not at all.
    const record = text(name);
    uri = vscode.Uri.joinPath(dir, `${name}.yaml`);
    if (!(await createExclusive(uri, record.text)))
      throw new WriteRefused(`${folder.relative(uri) ?? uri.toString(true)} exists already: choose another name`);
    cursor = record.cursor;
  } else {
    const written = await createFirstFree(dir, async (taken) => {
      const releaseName = await nextName(taken);
      return { fileName: `${releaseName}.yaml`, name: releaseName, ...text(releaseName) };
    });
    if (!written) return undefined;
    ({ uri } = written);
    name = written.proposal.name;
    cursor = written.proposal.cursor;
  }
  log.info(`[newRelease] ${folder.folder.name}: wrote ${folder.relative(uri)} with ${chosen.join(', ')}`);

  // The other half of the link: each change names the release (release-mismatch otherwise).
  const releaseName = name;
  const byFile = new Map<string, string[]>();
  for (const change of chosen) {
    const file = known.get(change)?.file;
    if (file === undefined) continue;
    byFile.set(file, [...(byFile.get(file) ?? []), change]);
  }
  for (const [file, names] of byFile) {
    await editRecordFile(server, folder.uri(file), { kind: 'setRelease', changes: names, release: releaseName });
  }
  await openAt(uri, cursor);
  return uri;
}

/** Changes of the folder, as the language server has them. */
function changesOf(
  server: IndexRequests,
  folder: CommandFolder,
  params: Omit<ChangesParams, 'folder'>,
): Promise<ChangesResult> {
  return server.sendRequest<ChangesResult>(CHANGES_REQUEST, { ...params, folder: folder.key });
}
