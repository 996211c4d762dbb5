import * as fs from 'node:fs';
import * as path from 'node:path';

/*
 * Creating a new file on disk for the commands that write records
 * (docs/security.md, "Writes that fail"): exclusively (a file that exists, or
 * that someone else creates between the check and the write, is never
 * overwritten), and whole or not at all (a write that fails part way, on a
 * full disk or over a file-size limit, removes what it wrote).
 */

/** A write that failed for a reason a person can act on; the message says which, without a stack. */
export class CreateFailed extends Error {
  override readonly name = 'CreateFailed';
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

/**
 * Creates `abs` with `text` (UTF-8) only if nothing is there, making the folders
 * on the way. Returns false when the path exists (also when it appeared since the
 * caller looked). On any other failure nothing is left behind and a CreateFailed
 * says why.
 */
export async function createFileExclusive(abs: string, text: string, shown = abs): Promise<boolean> {
  try {
    await fs.promises.mkdir(path.dirname(abs), { recursive: true });
  } catch (error) {
    throw failure(await whyNoFolder(path.dirname(abs), error), `cannot create the folder for ${shown}`);
  }
  let handle: fs.promises.FileHandle;
  try {
    // 'wx' is O_CREAT|O_EXCL: the kernel refuses when the name exists, even as a dangling link.
    handle = await fs.promises.open(abs, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw failure(error, `cannot create ${shown}`);
  }
  try {
    await handle.writeFile(text, 'utf8');
    await handle.close();
  } catch (error) {
    // The file is ours (made exclusively just now): remove the half-written rest.
    await handle.close().catch(() => undefined);
    await fs.promises.unlink(abs).catch(() => undefined);
    throw failure(error, `cannot write ${shown}; nothing was kept`);
  }
  return true;
}

/**
 * A recursive mkdir on a read-only file system says ENOENT for the folder it could
 * not make; the nearest folder that exists tells the real reason.
 */
async function whyNoFolder(dir: string, error: unknown): Promise<unknown> {
  if ((error as NodeJS.ErrnoException)?.code !== 'ENOENT') return error;
  for (let at = dir; ;) {
    const parent = path.dirname(at);
    try {
      await fs.promises.access(parent, fs.constants.F_OK);
    } catch {
      if (parent === at) return error;
      at = parent;
      continue;
    }
    try {
      await fs.promises.access(parent, fs.constants.W_OK);
      return error;
    } catch (denied) {
      return denied;
    }
  }
}

function failure(error: unknown, what: string): CreateFailed {
  const code = (error as NodeJS.ErrnoException)?.code;
  const why =
    code === 'EACCES' || code === 'EPERM'
      ? 'permission denied: the folder is not writable for you'
      : code === 'EROFS'
        ? 'the file system is read-only'
        : code === 'ENOSPC' || code === 'EDQUOT'
          ? 'the disk is full (no space left on the device, or your quota is used up)'
          : code === 'EFBIG'
            ? 'the file would exceed the largest file size allowed here'
            : code === 'ENOTDIR'
              ? 'a file stands where a folder on the way should be'
              : code === 'ENAMETOOLONG'
                ? 'the name is too long for the file system'
                : (code ?? (error instanceof Error ? error.message : String(error)));
  return new CreateFailed(`${what}: ${why}`, code);
}
