// README.md's "Configuration" table, read by the tests that keep the documentation, .env.example, the
// environment schema and docker-compose.yml in step.

const VARIABLE = /^[A-Z][A-Z0-9_]*$/;

export interface ReadmeRow {
  names: string[];
  /** The default column when it is one whole literal value (`3000`), else null (unset, computed, prose). */
  literalDefault: string | null;
}

/** The rows of the table under "## Configuration": every upper-case code span of the first column is a variable. */
export function readmeConfigurationRows(markdown: string): ReadmeRow[] {
  const section = markdown.split(/^## /m).find((s) => s.startsWith('Configuration\n'));
  if (!section) throw new Error('README.md has no "## Configuration" section');
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => {
      const [first = '', defaults = ''] = line
        .split('|')
        .slice(1)
        .map((cell) => cell.trim());
      const names = [...first.matchAll(/`([^`]+)`/g)].map((m) => m[1]!).filter((name) => VARIABLE.test(name));
      const literal = /^`([^`]*)`$/.exec(defaults);
      // An elided list (`IE,GB,FR,DE,…`) is not a value to compare with.
      return { names, literalDefault: literal && !literal[1]!.includes('…') ? literal[1]! : null };
    });
}
