// The svcm command line's commands: argument parsing and dispatch only (src/cli.ts is the entry). The commands live beside it.
import * as path from 'node:path';
import { version } from '../../package.json';
import { AFFECTED_FORMATS, runAffected, type AffectedFormat } from './affected';
import { FORMATS, type Format } from './format';
import { runExport } from './export';
import { runGraph } from './graph';
import { runSchema } from './schema';
import { parse } from './args';
import { USAGE_HINT } from './usage';
import { runValidate, type CommandResult } from './validate';
import { UsageError } from '../node/discover';
import { cacheReady } from '../node/validateCache';
import { todayUtc } from '../core/today';

export const HELP = `svcm ${version}: service management records as code (ITIL change, release,
service catalogue and knowledge records in YAML and Markdown).

Usage:
  svcm validate [PATH...] [--cache [--cache-location PATH]] [--format text|json|sarif|github]
  svcm schema [KIND] [--out DIR]
  svcm affected [--base REF] [--format text|json] [--require-change]
  svcm graph [--focus NAME] [--depth N] [--direction D] [--change CHG]
             [--format mermaid|dot|json]
  svcm export backstage [--out DIR]
  svcm lsp --stdio
  svcm --help
  svcm --version

Commands:
  validate  Check the records in the files under each PATH (default: the current
            folder). The workspace root is the nearest folder at or above the
            PATHs that holds svcm.config.yaml, else the current folder: every
            record under it counts when references are resolved, and its
            svcm.config.yaml sets the rules' severities. Skips node_modules, .git
            and what .gitignore files ignore; a PATH named explicitly is always
            checked. Paths are printed relative to the current folder.
  schema    Print the JSON Schema of the records of one KIND (Team, Service,
            StandardChange, Change, Release, Knowledge) or of every kind.
  affected  List the services whose code globs match the files changed since
            the merge base of HEAD and REF (default: the default branch:
            origin/HEAD, else main or origin/main, else master or
            origin/master), plus staged, unstaged and untracked files; for each, the open changes that name it and the
            services that depend on it. Files are relative to the workspace
            root (found as for validate).
  graph     Print the service map: the services and how they depend on each
            other, as a Mermaid flowchart (default), Graphviz dot, or JSON
            ({nodes, edges}, what the editor's Show Service Map returns).
            Without --focus, every service; with it, the services within
            --depth hops (default 2) in --direction dependencies, dependents
            or both (default). --change CHG marks the change's services as
            changed and the services that depend on them as its blast radius.
  export    backstage: write the Teams and Services as Backstage Groups and
            Components (docs/backstage.md), with a root Location, as one
            catalog-info.yaml stream on stdout or one file each under --out DIR
            (an existing file is never overwritten: exit 2). Records with
            errors are left out, and the findings printed as validate does.
  lsp       Run the language server (Language Server Protocol 3.17) on
            standard input and output, for editors: diagnostics as you type
            for the whole workspace, completion, hover, definition,
            references, rename, symbols, links and quick fixes.

Options:
  -f, --format FORMAT  validate: how to print diagnostics
                         text    file:line:col severity code message (default;
                                 lines and columns one-based, summary on stderr)
                         json    {version: 1, summary, diagnostics}, zero-based
                                 ranges as in LSP
                         sarif   SARIF 2.1.0, for code-scanning upload
                         github  GitHub Actions annotations (::error file=...)
                       affected: text (default) or json ({version: 1, base,
                       services, unowned})
                       graph: mermaid (default), dot or json
  --focus NAME         graph: the service (or entity reference) to centre on
  --depth N            graph: hops shown from the focus (default 2)
  --direction D        graph: dependencies, dependents or both (default)
  --change CHG         graph: highlight the change's services and blast radius
  --cache              validate: keep what this run found, keyed by each file's
                       content, svcm's version, svcm.config.yaml and the day, so
                       that the next run checks only the files whose findings can
                       have changed (the output is that of a full run)
  --cache-location PATH
                       validate --cache: the cache file, or a folder to put it in
                       (default: node_modules/.cache/svcm/validate.json under the
                       workspace root)
  -o, --out DIR        schema: write one file per kind and svcm.schema.json to DIR
                       instead of printing; export: write catalog-info.yaml and
                       one file per entity to DIR
  -b, --base REF       affected: compare with the merge base of HEAD and REF (a
                       branch, tag or commit) instead of the default branch
  --require-change     affected: exit 1 when a touched service has no open change
                       record naming it
  -h, --help           show this help
  -V, --version        show svcm's version

Exit status:
  0  no errors (warnings and infos do not fail)
  1  errors found; affected --require-change: a touched service has no open change
  2  usage error, a PATH that cannot be read, git missing, not a git work tree,
     an unknown --base REF, a --focus or --change that names nothing, or svcm
     itself failed
`;

/**
 * Runs the command line `args` (without `node` and the script) in `cwd` and
 * returns what to print and the exit status. Never throws.
 */
export async function run(args: readonly string[], cwd: string): Promise<CommandResult> {
  try {
    return await dispatch(args, cwd);
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      return { stdout: '', stderr: `svcm: ${(error as Error).message}\n${USAGE_HINT}\n`, exitCode: 2 };
    }
    // A bug in svcm: said in one line (never a stack trace) and exit status 2, so CI does not mistake it for findings.
    return {
      stdout: '',
      stderr: `svcm: internal error: ${error instanceof Error ? error.message : String(error)}\n`,
      exitCode: 2,
    };
  }
}

/**
 * Whether `args` are an `svcm validate --cache` that will find a cache of its
 * key (node/validateCache.ts): a run that reads and parses only what changed,
 * quicker on the first thread than with a worker to start. A full run (no
 * cache, another day, another config) keeps the worker, whose smaller young
 * generation keeps the peak lower (node/youngGeneration.ts). False for args
 * that do not parse: the run reports them.
 */
export function cachedValidateReady(args: readonly string[], cwd: string): boolean {
  try {
    const { values, positionals } = parse(args);
    if (positionals[0] !== 'validate' || !values.cache || values['cache-location'] === '') return false;
    const paths = positionals.slice(1);
    return cacheReady({ cwd, paths, version, today: todayUtc(), location: values['cache-location'] });
  } catch {
    return false;
  }
}

function dispatch(args: readonly string[], cwd: string): CommandResult | Promise<CommandResult> {
  const { values, positionals } = parse(args);
  const [command, ...rest] = positionals;
  if (values.version) return ok(`${version}\n`);
  if (values.help || command === 'help' || command === undefined) {
    if (command === undefined && !values.help)
      return { stdout: '', stderr: `svcm: no command given\n\n${HELP}`, exitCode: 2 };
    return ok(HELP);
  }
  if (command !== 'affected') {
    if (values.base !== undefined) throw new UsageError(`--base applies to svcm affected, not ${command}`);
    if (values['require-change']) throw new UsageError(`--require-change applies to svcm affected, not ${command}`);
  }
  if (command !== 'validate') {
    if (values.cache) throw new UsageError(`--cache applies to svcm validate, not ${command}`);
    if (values['cache-location'] !== undefined)
      throw new UsageError(`--cache-location applies to svcm validate, not ${command}`);
  }
  if (command !== 'graph') {
    for (const option of ['focus', 'depth', 'direction', 'change'] as const)
      if (values[option] !== undefined) throw new UsageError(`--${option} applies to svcm graph, not ${command}`);
  }
  switch (command) {
    case 'validate': {
      if (values.out !== undefined) throw new UsageError('--out applies to svcm schema, not validate');
      return runValidate({
        cwd,
        paths: rest,
        format: formatOption(values.format),
        version,
        readerScript: path.join(__dirname, 'reader.js'),
        parserScript: path.join(__dirname, 'parser.js'),
        cache: cacheOption(values.cache, values['cache-location']),
      });
    }
    case 'schema': {
      if (values.format !== undefined) throw new UsageError('--format applies to svcm validate, not schema');
      if (rest.length > 1) throw new UsageError(`svcm schema takes at most one KIND, not ${rest.length}`);
      if (values.out === '') throw new UsageError('--out needs a folder');
      return runSchema({ cwd, kind: rest[0], out: values.out });
    }
    case 'affected': {
      if (values.out !== undefined) throw new UsageError('--out applies to svcm schema, not affected');
      if (rest.length > 0)
        throw new UsageError(
          `svcm affected takes no arguments, not '${rest[0]}': use --base REF to choose what to compare with`,
        );
      return runAffected({
        cwd,
        base: values.base,
        format: affectedFormat(values.format),
        requireChange: values['require-change'] ?? false,
      });
    }
    case 'graph': {
      if (values.out !== undefined) throw new UsageError('--out applies to svcm schema, not graph');
      if (rest.length > 0)
        throw new UsageError(
          `svcm graph takes no arguments, not '${rest[0]}': use --focus NAME to centre on a service`,
        );
      return runGraph({
        cwd,
        focus: values.focus,
        depth: values.depth,
        direction: values.direction,
        change: values.change,
        format: values.format,
        readerScript: path.join(__dirname, 'reader.js'),
      });
    }
    case 'export': {
      if (values.format !== undefined) throw new UsageError('--format does not apply to svcm export');
      if (rest.length > 1) throw new UsageError(`svcm export takes one target (backstage), not ${rest.length}`);
      return runExport({
        cwd,
        target: rest[0],
        out: values.out,
        version,
        readerScript: path.join(__dirname, 'reader.js'),
      });
    }
    default:
      throw new UsageError(`unknown command '${command}': use validate, schema, affected, graph, export or lsp`);
  }
}

function cacheOption(cache: boolean | undefined, location: string | undefined): { location?: string } | undefined {
  if (location !== undefined && !cache) throw new UsageError('--cache-location needs --cache');
  if (location === '') throw new UsageError('--cache-location needs a file or folder');
  return cache ? { location } : undefined;
}

function formatOption(value: string | undefined): Format {
  if (value === undefined) return 'text';
  if ((FORMATS as readonly string[]).includes(value)) return value as Format;
  throw new UsageError(`unknown format '${value}': use ${FORMATS.join(', ')}`);
}

function affectedFormat(value: string | undefined): AffectedFormat {
  if (value === undefined) return 'text';
  if ((AFFECTED_FORMATS as readonly string[]).includes(value)) return value as AffectedFormat;
  throw new UsageError(`unknown format '${value}' for svcm affected: use ${AFFECTED_FORMATS.join(' or ')}`);
}

function ok(stdout: string): CommandResult {
  return { stdout, stderr: '', exitCode: 0 };
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}
