/* eslint-disable @typescript-eslint/no-require-imports -- the point of this module: see below */
import type * as ChildProcess from 'node:child_process';
import type * as Crypto from 'node:crypto';
import type * as V8 from 'node:v8';
import type * as WorkerThreads from 'node:worker_threads';
import type * as Zlib from 'node:zlib';

/*
 * Node's modules that only some commands need, loaded when first used: each costs
 * a run 1-2 ms to load, and `svcm validate` of a large workspace without `--cache`
 * needs none of them (docs/performance.md). Node keeps a module once loaded, so
 * calling these again costs a lookup.
 */

/** For git (node/git.ts): `svcm affected` and the editor. */
export const childProcess = (): typeof ChildProcess => require('node:child_process');
/** For `--cache`'s hashes (node/validateCache.ts). */
export const crypto = (): typeof Crypto => require('node:crypto');
/** For `--cache`'s checksums (node/validateCache.ts). */
export const zlib = (): typeof Zlib => require('node:zlib');
/** For a short run's V8 flags (cli.ts). */
export const v8 = (): typeof V8 => require('node:v8');
/** For the threads of a large workspace's `svcm validate` (cli.ts, readerThread.ts, parserThread.ts). */
export const workerThreads = (): typeof WorkerThreads => require('node:worker_threads');
