import { NAME_PATTERNS, type Kind } from '../schema/vocabulary';
import { finding, type Rule } from './rule';
import { describeRecord } from './ruleSupport';

/**
 * `name-file-mismatch`: a file that holds exactly one svcm record, a Change,
 * Release or Knowledge record, and is not named after it: its base name
 * (without the last extension) is neither the record's name nor starts with the
 * name followed by `-` (`KB-0012-ledger-restart.md`). Reported on
 * `metadata.name`'s value, with a `renameFile` fix. Quiet when the name itself
 * is malformed (a `schema` error: renaming the file to it would not help).
 */
export const nameFileMismatchRule: Rule = {
  codes: ['name-file-mismatch'],
  local: true,
  kinds: ['Change', 'Release', 'Knowledge'],
  check(record, { index }) {
    const name = record.name;
    const kind = record.kind as Kind;
    if (name === undefined || !NAME_PATTERNS[kind].test(name)) return [];
    if (index.file(record.file)?.records.length !== 1) return [];
    const fileName = record.file.slice(record.file.lastIndexOf('/') + 1);
    const dot = fileName.lastIndexOf('.');
    const extension = dot > 0 ? fileName.slice(dot) : '';
    const base = dot > 0 ? fileName.slice(0, dot) : fileName;
    if (base === name || base.startsWith(`${name}-`) || !record.nameSpan) return [];
    return [
      finding(
        'name-file-mismatch',
        `the file '${fileName}' holds ${describeRecord(record, kind)}: rename it to ${name}${extension} (or ${name}-<words>${extension}), so that the record is found by its id`,
        record.nameSpan,
        { data: { fix: 'renameFile', name } },
      ),
    ];
  },
};
