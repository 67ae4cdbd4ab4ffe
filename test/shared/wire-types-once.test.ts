/**
 * The wire's shapes are declared once, in shared/ (issue #27): the dashboard imports them. A type
 * the dashboard declares again drifts from the relay's the day one side changes and the other does not.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** A declared interface or type alias: its name, and the names of its members when it has a body. */
interface Declared {
  file: string;
  name: string;
  exported: boolean;
  members: string[] | null;
}

const isExported = (node: ts.Node): boolean => ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

function memberNames(members: ts.NodeArray<ts.TypeElement>): string[] {
  return members.flatMap((m) => (m.name && (ts.isIdentifier(m.name) || ts.isStringLiteral(m.name)) ? [m.name.text] : [])).sort();
}

/** Every top-level interface and type alias of a source, and the names it exports (types and values alike). */
function declarationsOf(file: string, text: string): { declared: Declared[]; exports: string[] } {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const declared: Declared[] = [];
  const exports: string[] = [];
  for (const node of source.statements) {
    const exported = isExported(node);
    if (ts.isInterfaceDeclaration(node)) declared.push({ file, name: node.name.text, exported, members: memberNames(node.members) });
    else if (ts.isTypeAliasDeclaration(node))
      declared.push({ file, name: node.name.text, exported, members: ts.isTypeLiteralNode(node.type) ? memberNames(node.type.members) : null });
    if (!exported) {
      // `export { A, type B }` and `export { A } from './a.js'`.
      if (ts.isExportDeclaration(node) && node.exportClause && ts.isNamedExports(node.exportClause))
        exports.push(...node.exportClause.elements.map((e) => e.name.text));
      continue;
    }
    if (
      ts.isInterfaceDeclaration(node) ||
      ts.isTypeAliasDeclaration(node) ||
      ts.isClassDeclaration(node) ||
      ts.isFunctionDeclaration(node) ||
      ts.isEnumDeclaration(node)
    ) {
      if (node.name) exports.push(node.name.text);
    } else if (ts.isVariableStatement(node)) {
      for (const d of node.declarationList.declarations) if (ts.isIdentifier(d.name)) exports.push(d.name.text);
    }
  }
  return { declared, exports };
}

/** A copy needs this many members: two-field shapes such as `{ width, height }` are common words, not copies. */
const MIN_COPY_MEMBERS = 3;

/** What the dashboard declares that shared/ has: by name, or as the same members under another name. */
function duplicates(shared: ReturnType<typeof declarationsOf>[], dashboard: Declared[]): string[] {
  const names = new Set(shared.flatMap((s) => s.exports));
  const bodies = new Map<string, string>();
  for (const d of shared.flatMap((s) => s.declared))
    if (d.exported && d.members && d.members.length >= MIN_COPY_MEMBERS) bodies.set(d.members.join(','), d.name);
  const found: string[] = [];
  for (const d of dashboard) {
    if (names.has(d.name)) found.push(`${d.file}: ${d.name} is declared in shared/; import it from there`);
    else if (d.members && bodies.has(d.members.join(',')))
      found.push(`${d.file}: ${d.name} has the members of ${bodies.get(d.members.join(','))} in shared/; import that`);
  }
  return found;
}

function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)))
    .sort();
}

const parse = (file: string) => declarationsOf(file, readFileSync(path.join(ROOT, file), 'utf8'));

describe('wire types', () => {
  it('are declared once, in shared/: the dashboard declares no type shared/ exports, by name or by its members', () => {
    const shared = sources('shared').map(parse);
    const dashboard = sources('dashboard/src').flatMap((f) => parse(f).declared);
    // The scan must see the shapes it guards, or it passes by finding nothing.
    expect(shared.flatMap((s) => s.exports)).toEqual(
      expect.arrayContaining(['Segment', 'MotionEvent', 'User', 'Role', 'CameraToken', 'RecordingStatus', 'ExportPlan']),
    );
    expect(dashboard.length).toBeGreaterThan(50);
    expect(duplicates(shared, dashboard)).toEqual([]);
  });

  describe('duplicates', () => {
    const shared = [declarationsOf('shared/a.ts', 'export interface Segment { id: string; start: number; end: number }\nexport type Role = "admin";')];

    it('names a dashboard type that has the name of one in shared/, exported or not', () => {
      const dashboard = declarationsOf('dashboard/src/x.ts', 'interface Segment { id: string }\nexport type Role = string;').declared;
      expect(duplicates(shared, dashboard)).toEqual([
        'dashboard/src/x.ts: Segment is declared in shared/; import it from there',
        'dashboard/src/x.ts: Role is declared in shared/; import it from there',
      ]);
    });

    it('names a copy of a shared shape under another name, in any member order', () => {
      const dashboard = declarationsOf('dashboard/src/x.ts', 'type Piece = { end: number; id: string; start: number };').declared;
      expect(duplicates(shared, dashboard)).toEqual(['dashboard/src/x.ts: Piece has the members of Segment in shared/; import that']);
    });

    it('lets a shape with other members, or too few to be a copy, be', () => {
      const dashboard = declarationsOf(
        'dashboard/src/x.ts',
        'interface Piece { id: string; start: number; url: string }\ninterface Span { end: number; id: string }',
      ).declared;
      expect(duplicates([...shared, declarationsOf('shared/b.ts', 'export interface Range { end: number; id: string }')], dashboard)).toEqual([]);
    });
  });
});
