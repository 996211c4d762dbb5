import { isKind, KINDS } from '../schema/vocabulary';
import { finding, type Rule } from './rule';
import { KIND_NOUNS } from './ruleSupport';

/**
 * `duplicate-name`: two records of one kind share a name. Every definition is
 * reported on its own `metadata.name` value, with the others as related places,
 * so each file shows the problem wherever the person looks.
 */
export const duplicateNameRule: Rule = {
  codes: ['duplicate-name'],
  kinds: KINDS,
  check(record, { index }) {
    if (!isKind(record.kind) || record.name === undefined) return [];
    const others = index.definitions(record.kind, record.name).filter((d) => d !== record);
    if (others.length === 0 || !record.nameSpan) return [];
    const noun = KIND_NOUNS[record.kind];
    const places = [...new Set(others.map((o) => (o.file === record.file ? 'this file' : o.file)))].join(', ');
    return [
      finding(
        'duplicate-name',
        `${noun} name '${record.name}' is also used in ${places}: names are unique per kind, so rename one of them`,
        record.nameSpan,
        {
          related: others.map((o) => ({
            file: o.file,
            span: o.nameSpan ?? o.span,
            message: `the other ${noun} named '${record.name}'`,
          })),
        },
      ),
    ];
  },
};
