import fs from 'fs';
import path from 'path';
import ts from 'typescript';

export const adminSrc = path.join(__dirname, '..', '..', 'src', 'plugins', 'client-gallery', 'admin', 'src');
export const enJson = path.join(adminSrc, 'translations', 'en.json');

export interface UsedMessage {
  id: string;
  defaultMessage: string | null;
  where: string;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

const literal = (node: ts.Node | undefined) => (node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : null);

/**
 * Every message the admin source names, read with the TypeScript compiler: `t('id', 'English')`,
 * `msg('id', 'English')`, and `{ id: getTranslation('id'), defaultMessage: 'English' }`.
 * `problems` lists calls whose id is not a literal string (an id built at run time cannot be checked).
 */
export function usedMessages() {
  const used: UsedMessage[] = [];
  const problems: string[] = [];
  for (const file of sourceFiles(adminSrc)) {
    const source = ts.createSourceFile(
      file,
      fs.readFileSync(file, 'utf8'),
      ts.ScriptTarget.Latest,
      true,
      file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
    );
    const visit = (node: ts.Node) => {
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
        const name = node.expression.text;
        const where = `${path.relative(adminSrc, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
        const id = literal(node.arguments[0]);
        if ((name === 't' || name === 'msg') && id !== null) used.push({ id, defaultMessage: literal(node.arguments[1]), where });
        else if (name === 'msg') problems.push(`${where}: msg() needs a literal id`);
        else if (name === 'getTranslation' && !file.endsWith(path.join('utils', 'translations.ts'))) {
          if (id === null) problems.push(`${where}: getTranslation() needs a literal id`);
          else {
            const object = node.parent?.parent;
            const sibling = object && ts.isObjectLiteralExpression(object) ? object.properties.find((p) => p.name?.getText() === 'defaultMessage') : undefined;
            used.push({ id, defaultMessage: sibling && ts.isPropertyAssignment(sibling) ? literal(sibling.initializer) : null, where });
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { used, problems };
}
