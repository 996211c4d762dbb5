/** Escapes Markdown so record text shows as written. A module of its own: the editor's bundle needs it without the parser. */
export function escapeMarkdown(value: string): string {
  return value.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => `\\${c}`);
}
