import * as assert from 'node:assert/strict';
import {
  isSafeRevision,
  LogParser,
  parseBoolean,
  parseCurrentBranch,
  parseLine,
  parseLog,
  parseNameOnly,
  parseNameStatus,
  parseSha,
  parseShowPrefix,
  parseStatus,
  parseSymbolicRef,
  relativeToPrefix,
  splitNul,
  touchedPaths,
  type Commit,
} from '../../../src/core/git/parse';

// Literal outputs of git 2.39, as `od -c` shows them (NUL written \0).
const SHA_A = '82b284521a1f4c0b54a9f8cb06295244acf1bac1';
const SHA_B = 'c127d96f5f4e09c28bee99def025c9742b84e497';
const SHA_C = '61df769982c2b006bcff5710899f7f40ca1c0c0c';
const SHA_D = 'd44a9d06e3a73f13a275716f9f75f88ee69667bb';

describe('git output parsers', () => {
  describe('splitNul', () => {
    it('drops the empty field after the final NUL, keeps empty fields inside, and takes a last field without NUL', () => {
      assert.deepEqual(splitNul(''), []);
      assert.deepEqual(splitNul('a\0b\0'), ['a', 'b']);
      assert.deepEqual(splitNul('a\0\0b\0'), ['a', '', 'b']);
      assert.deepEqual(splitNul('a\0b'), ['a', 'b']);
    });
  });

  describe('parseStatus (git status --porcelain=v1 -z)', () => {
    it('reads modified, staged rename (new path first, then the old one), untracked, paths with spaces and unicode', () => {
      const out = ' M a b/\u00fc f.txt\0R  new.txt\0old.txt\0?? nd/f\0?? untracked.txt\0';
      assert.deepEqual(parseStatus(out), [
        { index: ' ', workTree: 'M', path: 'a b/\u00fc f.txt' },
        { index: 'R', workTree: ' ', path: 'new.txt', origPath: 'old.txt' },
        { index: '?', workTree: '?', path: 'nd/f' },
        { index: '?', workTree: '?', path: 'untracked.txt' },
      ]);
    });

    it('reads copies, renames modified after staging (RM), staged and unstaged at once, deletions and conflicts', () => {
      const out =
        'C  copy.txt\0keep.txt\0RM moved.ts\0was.ts\0MM both.ts\0 D gone.ts\0D  staged-gone.ts\0UU conflict.ts\0AA both-added.ts\0';
      assert.deepEqual(parseStatus(out), [
        { index: 'C', workTree: ' ', path: 'copy.txt', origPath: 'keep.txt' },
        { index: 'R', workTree: 'M', path: 'moved.ts', origPath: 'was.ts' },
        { index: 'M', workTree: 'M', path: 'both.ts' },
        { index: ' ', workTree: 'D', path: 'gone.ts' },
        { index: 'D', workTree: ' ', path: 'staged-gone.ts' },
        { index: 'U', workTree: 'U', path: 'conflict.ts' },
        { index: 'A', workTree: 'A', path: 'both-added.ts' },
      ]);
    });

    it('keeps what git would have quoted without -z verbatim: quotes, backslashes, leading and trailing spaces, arrows', () => {
      const out = '??  lead.txt\0?? trail.txt \0?? "quoted".txt\0?? back\\slash\0?? a -> b\0';
      assert.deepEqual(
        parseStatus(out).map((e) => e.path),
        [' lead.txt', 'trail.txt ', '"quoted".txt', 'back\\slash', 'a -> b'],
      );
    });

    it('reads an empty output (a clean tree) as no entries, and skips fields too short to be entries', () => {
      assert.deepEqual(parseStatus(''), []);
      assert.deepEqual(parseStatus('M\0?? ok\0'), [{ index: '?', workTree: '?', path: 'ok' }]);
    });
  });

  describe('parseNameStatus (git diff --name-status -z)', () => {
    it('reads R100 and C100 with the old path first, M, A, D and T', () => {
      const out =
        'R100\0old.txt\0copy.txt\0M\0keep.txt\0C100\0keep.txt\0n\u00ebw name.txt\0A\0added.ts\0D\0deleted.ts\0T\0link\0';
      assert.deepEqual(parseNameStatus(out), [
        { status: 'R', score: 100, path: 'copy.txt', origPath: 'old.txt' },
        { status: 'M', path: 'keep.txt' },
        { status: 'C', score: 100, path: 'n\u00ebw name.txt', origPath: 'keep.txt' },
        { status: 'A', path: 'added.ts' },
        { status: 'D', path: 'deleted.ts' },
        { status: 'T', path: 'link' },
      ]);
    });

    it('reads partial-similarity renames (R087) and an empty diff', () => {
      assert.deepEqual(parseNameStatus('R087\0src/a.ts\0src/b.ts\0'), [
        { status: 'R', score: 87, path: 'src/b.ts', origPath: 'src/a.ts' },
      ]);
      assert.deepEqual(parseNameStatus(''), []);
    });

    it('reads --name-only -z as plain paths', () => {
      assert.deepEqual(parseNameOnly('copy.txt\0keep.txt\0n\u00ebw name.txt\0'), [
        'copy.txt',
        'keep.txt',
        'n\u00ebw name.txt',
      ]);
      assert.deepEqual(parseNameOnly(''), []);
    });
  });

  describe('touchedPaths', () => {
    it('lists both sides of a rename, only the new side of a copy, never ignored files; sorted and once each', () => {
      const status = parseStatus('R  new.txt\0old.txt\0C  copy.txt\0source.txt\0!! build/out.js\0 M new.txt\0');
      const diff = parseNameStatus('R100\0a/x.ts\0b/x.ts\0M\0z.ts\0');
      assert.deepEqual(touchedPaths([...status, ...diff]), [
        'a/x.ts',
        'b/x.ts',
        'copy.txt',
        'new.txt',
        'old.txt',
        'z.ts',
      ]);
    });
  });

  describe('relativeToPrefix', () => {
    it('keeps the paths under the prefix, without it; the empty prefix keeps everything', () => {
      const paths = ['svc/api/a.ts', 'svc/api2/b.ts', 'svc/api/', 'README.md', 'svc/api/sub dir/\u00e9.ts'];
      assert.deepEqual(relativeToPrefix(paths, 'svc/api/'), ['a.ts', 'sub dir/\u00e9.ts']);
      assert.deepEqual(relativeToPrefix(['b', 'a', 'a'], ''), ['a', 'b']);
    });
  });

  describe('one-line outputs', () => {
    it('rev-parse: removes only the line end (a path may end in spaces)', () => {
      assert.equal(parseLine('/home/me/repo \n'), '/home/me/repo ');
      assert.equal(parseLine('C:/src/repo\r\n'), 'C:/src/repo');
      assert.equal(parseLine(''), '');
    });

    it('rev-parse --verify / merge-base: a sha, or undefined', () => {
      assert.equal(parseSha(`${SHA_D}\n`), SHA_D);
      assert.equal(parseSha('a'.repeat(64) + '\n'), 'a'.repeat(64));
      assert.equal(parseSha(''), undefined);
      assert.equal(parseSha('HEAD\n'), undefined);
      assert.equal(parseSha('d44a9d0\n'), undefined);
    });

    it('rev-parse --show-prefix: with a trailing /, or empty at the top', () => {
      assert.equal(parseShowPrefix('services/api/\n'), 'services/api/');
      assert.equal(parseShowPrefix('\n'), '');
      assert.equal(parseShowPrefix('caf\u00e9 dir/\n'), 'caf\u00e9 dir/');
    });

    it('rev-parse --is-shallow-repository / --is-inside-work-tree: true, false, or undefined for anything else', () => {
      assert.equal(parseBoolean('true\n'), true);
      assert.equal(parseBoolean('false\n'), false);
      // git before 2.15 echoes an option it does not know.
      assert.equal(parseBoolean('--is-shallow-repository\n'), undefined);
    });

    it('branch --show-current: the name, or undefined in a detached HEAD (git prints nothing)', () => {
      assert.equal(parseCurrentBranch('feature/x\n'), 'feature/x');
      assert.equal(parseCurrentBranch(''), undefined);
      assert.equal(parseCurrentBranch('\n'), undefined);
    });

    it('symbolic-ref refs/remotes/origin/HEAD: the ref and its short name', () => {
      assert.deepEqual(parseSymbolicRef('refs/remotes/origin/main\n'), {
        ref: 'refs/remotes/origin/main',
        short: 'origin/main',
      });
      assert.deepEqual(parseSymbolicRef('refs/remotes/origin/release/2026\n'), {
        ref: 'refs/remotes/origin/release/2026',
        short: 'origin/release/2026',
      });
      assert.deepEqual(parseSymbolicRef('refs/heads/trunk\n'), { ref: 'refs/heads/trunk', short: 'trunk' });
      assert.equal(parseSymbolicRef(''), undefined);
      assert.equal(parseSymbolicRef('fatal: ref refs/remotes/origin/HEAD is not a symbolic ref\n'), undefined);
    });

    it('isSafeRevision: refuses what git would read as an option or what cannot be one argument', () => {
      for (const ok of ['main', 'origin/main', 'HEAD~3', 'a..b', 'v1.0^{commit}', SHA_A])
        assert.ok(isSafeRevision(ok), ok);
      for (const bad of ['', '-p', '--output=/tmp/x', 'a\nb', 'a\0b'])
        assert.ok(!isSafeRevision(bad), JSON.stringify(bad));
    });
  });

  describe('parseLog (git log -z --format=LOG_FORMAT)', () => {
    // Three commits, newest first: a CRLF message (committed with --cleanup=verbatim), a subject-only
    // commit (empty body) and the root commit (no parents).
    const LOG =
      `${SHA_A}\x0082b2845\x00${SHA_B}\x00A U Thor\x00a@example.com\x002026-11-26T19:09:30+00:00\x00subj line\x00body1\r\nbody2\r\n\x00` +
      `${SHA_B}\x00c127d96\x00${SHA_C}\x00A U Thor\x00a@example.com\x002026-11-26T19:09:29+00:00\x00two\x00\x00` +
      `${SHA_C}\x0061df769\x00\x00A U Thor\x00a@example.com\x002026-11-26T19:09:29+00:00\x00init\x00\x00`;
    const EXPECTED: Commit[] = [
      {
        sha: SHA_A,
        shortSha: '82b2845',
        parents: [SHA_B],
        author: 'A U Thor',
        authorEmail: 'a@example.com',
        date: '2026-11-26T19:09:30+00:00',
        subject: 'subj line',
        body: 'body1\nbody2',
      },
      {
        sha: SHA_B,
        shortSha: 'c127d96',
        parents: [SHA_C],
        author: 'A U Thor',
        authorEmail: 'a@example.com',
        date: '2026-11-26T19:09:29+00:00',
        subject: 'two',
        body: '',
      },
      {
        sha: SHA_C,
        shortSha: '61df769',
        parents: [],
        author: 'A U Thor',
        authorEmail: 'a@example.com',
        date: '2026-11-26T19:09:29+00:00',
        subject: 'init',
        body: '',
      },
    ];

    it('reads every field: parents, CRLF bodies as LF, empty bodies, the root commit', () => {
      assert.deepEqual(parseLog(LOG), EXPECTED);
    });

    it('reads a merge with two parents, trailers and a message holding record separators, tabs and unicode', () => {
      const body =
        'Merged the ledger work.\n\n\x1e not a record separator \x1e\n\tindented\n\nCo-authored-by: J\u00f6rg <j@example.com>\nRefs: CHG-2026-0042';
      const out = `${SHA_D}\0d44a9d0\0${SHA_A} ${SHA_B}\0J\u00f6rg M\u00fcller\0j@example.com\x002026-11-27T08:00:00+01:00\0Merge branch 'ledger' into main\0${body}\n\0`;
      assert.deepEqual(parseLog(out), [
        {
          sha: SHA_D,
          shortSha: 'd44a9d0',
          parents: [SHA_A, SHA_B],
          author: 'J\u00f6rg M\u00fcller',
          authorEmail: 'j@example.com',
          date: '2026-11-27T08:00:00+01:00',
          subject: "Merge branch 'ledger' into main",
          body,
        },
      ]);
    });

    it('reads no output as no commits, and output without the final NUL as complete', () => {
      assert.deepEqual(parseLog(''), []);
      assert.deepEqual(parseLog(LOG.slice(0, -1)), EXPECTED);
    });

    it('skips text that does not start a record instead of shifting every field after it', () => {
      assert.deepEqual(parseLog(`warning: something\0${LOG}`), EXPECTED);
    });

    it('gives the same commits however the output is cut into string chunks (every split point, and three pieces)', () => {
      for (let i = 0; i <= LOG.length; i++) {
        const parser = new LogParser();
        const commits = [...parser.push(LOG.slice(0, i)), ...parser.push(LOG.slice(i)), ...parser.end()];
        assert.deepEqual(commits, EXPECTED, `split at ${i}`);
      }
      for (let i = 0; i < LOG.length; i += 7) {
        for (let j = i; j <= LOG.length; j += 11) {
          const parser = new LogParser();
          const commits = [
            ...parser.push(LOG.slice(0, i)),
            ...parser.push(LOG.slice(i, j)),
            ...parser.push(LOG.slice(j)),
            ...parser.end(),
          ];
          assert.deepEqual(commits, EXPECTED, `split at ${i} and ${j}`);
        }
      }
    });

    it('gives the same commits when the bytes are cut anywhere, inside a UTF-8 sequence too', () => {
      const text = `${SHA_D}\0d44a9d0\0${SHA_A}\0J\u00f6rg \u{1F680}\0j@example.com\x002026-11-27T08:00:00+01:00\0Caf\u00e9 \u{1F680}\0\u00fcber\n\0${LOG}`;
      const bytes = new TextEncoder().encode(text);
      const expected = parseLog(text);
      assert.equal(expected[0].author, 'J\u00f6rg \u{1F680}');
      assert.equal(expected.length, 4);
      for (let i = 0; i <= bytes.length; i++) {
        const parser = new LogParser();
        const commits = [...parser.push(bytes.subarray(0, i)), ...parser.push(bytes.subarray(i)), ...parser.end()];
        assert.deepEqual(commits, expected, `split at byte ${i}`);
      }
    });

    it('hands out each commit as soon as its last field is complete', () => {
      const parser = new LogParser();
      const first = LOG.indexOf(`${SHA_B}\0c127d96`);
      assert.deepEqual(parser.push(LOG.slice(0, first)), [EXPECTED[0]]);
      assert.deepEqual(parser.push(LOG.slice(first)), EXPECTED.slice(1));
      assert.deepEqual(parser.end(), []);
    });
  });
});
