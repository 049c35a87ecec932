/**
 * Generates src/common/_props-shapes.generated.ts: the runtime shape of every props/options
 * interface exported from src/index.ts (and of every interface they reference, the cdk8s-plus
 * `k8s.*` ones included), read from the TypeScript declarations with the compiler API. The
 * constructs check what JavaScript callers pass against these shapes (src/common/_shape.ts), so a
 * construct added later is covered by running `npx projen shapes`. The output is committed; a test
 * fails when it is stale.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/** Whether `flags` has any of the bits of `mask` (the compiler API's flag sets are bit masks). */
// eslint-disable-next-line no-bitwise
const has = (flags: number, mask: number): boolean => (flags & mask) !== 0;

const ROOT = path.join(__dirname, '..');
const ENTRY = path.join(ROOT, 'src', 'index.ts');
export const SHAPES_FILE = path.join(ROOT, 'src', 'common', '_props-shapes.generated.ts');

/** Names an interface: ours by its name, cdk8s-plus' generated L1 types as `k8s.<Name>`. */
function interfaceName(symbol: ts.Symbol): string {
  const decl = symbol.declarations?.[0];
  const file = decl?.getSourceFile().fileName ?? '';
  return file.includes('node_modules') ? `k8s.${symbol.name}` : symbol.name;
}

/** The text of src/common/_props-shapes.generated.ts. */
export function generateShapesModule(): string {
  const options = { strict: true, skipLibCheck: true, target: ts.ScriptTarget.ES2022, moduleResolution: ts.ModuleResolutionKind.Node10 };
  const program = ts.createProgram([ENTRY], options);
  const checker = program.getTypeChecker();
  const entry = program.getSourceFile(ENTRY)!;
  const exports = checker.getExportsOfModule(checker.getSymbolAtLocation(entry)!);
  const table = new Map<string, any>();
  const pending: Array<[string, ts.Type]> = [];

  const shapeOf = (type: ts.Type): any => {
    if (has(type.flags, ts.TypeFlags.Any) || has(type.flags, ts.TypeFlags.Unknown)) return { k: 'any' };
    if (has(type.flags, ts.TypeFlags.BooleanLike)) return { k: 'boolean' };
    if (type.isUnion()) {
      const members = type.types.filter((t) => !has(t.flags, ts.TypeFlags.Undefined) && !has(t.flags, ts.TypeFlags.Null));
      if (members.every((t) => has(t.flags, ts.TypeFlags.BooleanLiteral))) return { k: 'boolean' };
      if (members.every((t) => t.isStringLiteral())) {
        const enumSymbol = type.aliasSymbol ?? (members[0].symbol as any)?.parent;
        return { k: 'enum', values: members.map((t) => (t as ts.StringLiteralType).value).sort(), ...(enumSymbol ? { name: enumSymbol.name } : {}) };
      }
      if (members.length === 1) return shapeOf(members[0]);
      return { k: 'union', of: members.map(shapeOf) };
    }
    if (has(type.flags, ts.TypeFlags.StringLike)) return { k: 'string' };
    if (has(type.flags, ts.TypeFlags.NumberLike)) return { k: 'number' };
    if (checker.isArrayType(type)) return { k: 'array', of: shapeOf(checker.getTypeArguments(type as ts.TypeReference)[0]) };
    const symbol = type.aliasSymbol && type.aliasSymbol.name !== 'Record' ? undefined : type.getSymbol();
    if (symbol && has(symbol.flags, ts.SymbolFlags.Class)) return { k: 'instance', name: symbol.name };
    const index = type.getStringIndexType();
    if (index && type.getProperties().length === 0) return { k: 'map', of: shapeOf(index) };
    // Built-in types (Date): an instance, not a data interface.
    if (symbol?.declarations?.some((d) => program.isSourceFileDefaultLibrary(d.getSourceFile()))) return { k: 'instance', name: symbol.name };
    if (symbol && has(symbol.flags, ts.SymbolFlags.Interface)) {
      const name = interfaceName(symbol);
      if (!table.has(name)) {
        table.set(name, null);
        pending.push([name, type]);
      }
      return { k: 'ref', name };
    }
    if (has(type.flags, ts.TypeFlags.Object)) return { k: 'object' };
    return { k: 'any' };
  };

  const describe = (type: ts.Type): any => {
    const props: Record<string, any> = {};
    for (const prop of checker.getPropertiesOfType(type)) {
      const decl = prop.valueDeclaration ?? prop.declarations?.[0];
      if (!decl) continue;
      if (ts.isMethodSignature(decl) || ts.isMethodDeclaration(decl)) continue;
      const propType = checker.getNonNullableType(checker.getTypeOfSymbolAtLocation(prop, decl));
      props[prop.name] = shapeOf(propType);
    }
    return { k: 'interface', props };
  };

  for (const exp of exports) {
    const symbol = has(exp.flags, ts.SymbolFlags.Alias) ? checker.getAliasedSymbol(exp) : exp;
    if (!has(symbol.flags, ts.SymbolFlags.Interface) || !/(Props|Options)$/.test(symbol.name)) continue;
    shapeOf(checker.getDeclaredTypeOfSymbol(symbol));
  }
  while (pending.length > 0) {
    const [name, type] = pending.shift()!;
    table.set(name, describe(type));
  }

  const sorted = [...table.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const body = sorted.map(([name, shape]) => `  ${JSON.stringify(name)}: ${JSON.stringify(shape)},`).join('\n');
  return [
    '// Generated by scripts/gen-shapes.ts from the props interfaces exported by src/index.ts.',
    '// Do not edit: run `npx projen shapes`.',
    '/* eslint-disable */',
    "import type { InterfaceShape } from './_shape';",
    '',
    '/** The runtime shape of every exported props/options interface and of the interfaces they reference. */',
    'export const SHAPES: { readonly [name: string]: InterfaceShape } = {',
    body,
    '};',
    '',
  ].join('\n');
}

if (require.main === module) {
  fs.writeFileSync(SHAPES_FILE, generateShapesModule());
  console.log(`wrote ${path.relative(ROOT, SHAPES_FILE)}`);
}
