import protobuf from 'protobufjs';

type Add = (this: unknown, ...args: unknown[]) => unknown;

/** What protobufjs rejects while adding a declaration, and warren's own checks report with a position. */
const COVERED = /^(duplicate id |id -?\d+ is reserved |name '[^']*' is reserved )/;

/** Map key types protobufjs's parser rejects outright, but warren's syntax check reports with a position. */
const EXTRA_MAP_KEYS: Readonly<Record<string, number>> = { double: 1, float: 5, bytes: 2 };

/**
 * Runs `load` (a protobufjs `root.loadSync`) so that it reads a whole file past the problems
 * warren reports itself with positions: protobufjs throws at the first duplicate or reserved
 * field number or name, or a double map key, and everything after it in the file would go
 * unchecked. Such an add is skipped instead. Duplicate names that warren's checks do not
 * cover (a field and a nested type, two methods) are skipped too and returned with the file
 * being parsed, to be reported.
 * The patches hold only while `load` runs, which is synchronous.
 */
export function loadTolerantly(load: () => void): { error: Error; filename: string | null }[] {
  const uncovered: { error: Error; filename: string | null }[] = [];
  const patched: [object, string, Add][] = [];
  const tolerate = (proto: object, method: string, covered: (self: unknown, err: Error, args: unknown[]) => boolean) => {
    const original = (proto as Record<string, Add>)[method]!;
    patched.push([proto, method, original]);
    (proto as Record<string, Add>)[method] = function (this: unknown, ...args: unknown[]) {
      try {
        return original.apply(this, args);
      } catch (err) {
        if (!(err instanceof Error) || !/^(duplicate |id |name )/.test(err.message)) throw err;
        if (!covered(this, err, args)) uncovered.push({ error: err, filename: (protobuf.parse as { filename?: string | null }).filename ?? null });
        return this;
      }
    };
  };
  // A field clashing with a field, or a type with a type, is checkProtoSource's; a field with a nested type is not.
  const sameKind = (self: unknown, args: unknown[]) => {
    const added = args[0] as protobuf.ReflectionObject;
    const existing = (self as protobuf.Namespace).get(added.name);
    const isField = (o: unknown) => o instanceof protobuf.Field;
    const isType = (o: unknown) => o instanceof protobuf.Type || o instanceof protobuf.Enum || o instanceof protobuf.Service;
    return (isField(added) && isField(existing)) || (isType(added) && isType(existing));
  };
  tolerate(protobuf.Type.prototype, 'add', (self, err, args) => COVERED.test(err.message) || sameKind(self, args));
  tolerate(protobuf.Namespace.prototype, 'add', (self, _err, args) => sameKind(self, args));
  tolerate(protobuf.Enum.prototype, 'add', () => true); // names, numbers and reserved values: checkEnum
  tolerate(protobuf.Service.prototype, 'add', () => false);
  const mapKey = protobuf.types.mapKey as Record<string, number | undefined>;
  const added = Object.keys(EXTRA_MAP_KEYS).filter((k) => mapKey[k] === undefined);
  for (const k of added) mapKey[k] = EXTRA_MAP_KEYS[k];
  try {
    load();
  } finally {
    for (const k of added) delete mapKey[k];
    for (const [proto, method, original] of patched.reverse()) (proto as Record<string, Add>)[method] = original;
  }
  return uncovered;
}
