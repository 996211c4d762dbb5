import { DEFAULT_NAMESPACE, entityKindOf, type EntityKind } from './model';

/** An entity reference as written: `[kind:][namespace/]name`. */
export interface ParsedEntityRef {
  /** The kind as written, when there is one. */
  kind?: string;
  namespace?: string;
  name: string;
}

/**
 * Reads `[kind:][namespace/]name` as Backstage does (a `/` before the first `:`
 * means there is no kind). Undefined when a part is empty.
 */
export function parseEntityRef(text: string): ParsedEntityRef | undefined {
  let colon = text.indexOf(':');
  const slash = text.indexOf('/');
  if (slash !== -1 && slash < colon) colon = -1;
  const kind = colon === -1 ? undefined : text.slice(0, colon);
  const namespace = slash === -1 ? undefined : text.slice(colon + 1, slash);
  const name = text.slice(Math.max(colon + 1, slash + 1));
  if (kind === '' || namespace === '' || name === '') return undefined;
  return { kind, namespace, name };
}

/** A reference resolved against its field's defaults. */
export interface ResolvedEntityRef {
  /** The canonical kind, when it is one of the built-in kinds. */
  kind?: EntityKind;
  /** The kind as written or defaulted, in lower case (also for kinds svcm does not know). */
  kindText?: string;
  /** Whether the kind was written. */
  explicitKind: boolean;
  namespace: string;
  name: string;
}

export function resolveEntityRef(
  text: string,
  defaults: { kind?: EntityKind; namespace?: string },
): ResolvedEntityRef | undefined {
  const parsed = parseEntityRef(text);
  if (!parsed) return undefined;
  const written = parsed.kind;
  const kindText = (written ?? defaults.kind)?.toLowerCase();
  return {
    kind: kindText ? entityKindOf(kindText) : undefined,
    kindText,
    explicitKind: written !== undefined,
    namespace: parsed.namespace ?? defaults.namespace ?? DEFAULT_NAMESPACE,
    name: parsed.name,
  };
}

/** `kind:namespace/name` in lower case, as Backstage's `stringifyEntityRef` writes it. */
export function stringifyEntityRef(ref: { kind: string; namespace?: string; name: string }): string {
  return `${ref.kind.toLowerCase()}:${(ref.namespace ?? DEFAULT_NAMESPACE).toLowerCase()}/${ref.name.toLowerCase()}`;
}
