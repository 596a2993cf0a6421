/**
 * Every name a public entry exports, type-only names included, read with the TypeScript compiler
 * API: `Object.keys(module)` sees only run-time names, so an `export type`/`export interface` could
 * appear or vanish without any test noticing.
 *
 * The package has two lines of entries: the Effect 3 line (`.`, `./X`, built from `src/X.ts`) and the
 * Effect 4 line (`./effect4`, `./effect4/X`, built from `src/effect4/X.ts`). `lineEntries` lists one
 * line's entries under the names they have within the line (`.` and `./X` on both), so one pin can
 * serve both lines; `readExportedNames` builds one Program over a line's entry files (their imports
 * follow) with that line's tsconfig, and the checker's `getExportsOfModule` lists each entry's names.
 *
 * Updating the pins in `test/PublicApi.test.ts`: run that test on the line that changed; the failing
 * assertion's diff shows the names (as `name: kind`) added or removed.
 */
import { existsSync } from "node:fs"
import { dirname, resolve } from "node:path"
import ts from "typescript"

/**
 * What an exported name is usable as: a run-time `value`, a compile-time `type`, `both` (a class,
 * an enum, or a schema constant with a type of the same name), or a `namespace` (`export * as`).
 */
export type ExportKind = "value" | "type" | "both" | "namespace"

/** Entry name (within its line) to that entry's names, each `name: kind`, sorted by name. */
export type ExportedNames = Record<string, ReadonlyArray<string>>

/** An Effect line of the package's entries. */
export type Line = 3 | 4

/** One entry of a line: its package.json key, where its build is and which source it is built from. */
export interface LineEntry {
  /** The key in package.json `exports`: `./effect4/Watch`. */
  readonly packageEntry: string
  /** The build's path without extension, as `exports` names it: `./dist/effect4/Watch`. */
  readonly dist: string
  /** The source the build comes from: `<root>/src/effect4/Watch.ts`. */
  readonly source: string
  /** Whether that source exists: an entry without its module is a broken package. */
  readonly exists: boolean
}

/** The line a package.json `exports` key belongs to (`./package.json` is neither's, and is left out). */
export const lineOf = (packageEntry: string): Line =>
  packageEntry === "./effect4" || packageEntry.startsWith("./effect4/") ? 4 : 3

/** One line's entries, keyed by their name within the line: `.` for the line's root, `./X` for a module. */
export const lineEntries = (
  packageJsonPath: string,
  exportsMap: Readonly<Record<string, unknown>>,
  line: Line
): Record<string, LineEntry> => {
  const root = dirname(packageJsonPath)
  const prefix = line === 4 ? "effect4/" : ""
  const entries: Record<string, LineEntry> = {}
  for (const packageEntry of Object.keys(exportsMap)) {
    if (packageEntry === "./package.json" || lineOf(packageEntry) !== line) continue
    const withinLine = line === 4 ? `.${packageEntry.slice("./effect4".length)}` : packageEntry
    const module = withinLine === "." ? "index" : withinLine.slice(2)
    const source = resolve(root, "src", `${prefix}${module}.ts`)
    entries[withinLine] = { packageEntry, dist: `./dist/${prefix}${module}`, source, exists: existsSync(source) }
  }
  return entries
}

/** The tsconfig a line's sources are read with: its `paths` say what the package's own name means. */
export const lineTsconfig = (packageJsonPath: string, line: Line): string =>
  resolve(dirname(packageJsonPath), line === 4 ? "tsconfig.effect4.json" : "tsconfig.json")

/** Lists every exported name of each entry file, with its kind, from one Program over them all. */
export const readExportedNames = (
  entryFiles: Readonly<Record<string, string>>,
  tsconfigPath: string
): ExportedNames => {
  const options = compilerOptions(tsconfigPath)
  const program = ts.createProgram({
    rootNames: Object.values(entryFiles),
    options,
    host: ownSourcesOnly(ts.createCompilerHost(options))
  })
  const checker = program.getTypeChecker()
  refuseReExportedDependencies(program, checker)
  const result: ExportedNames = {}
  for (const [entry, file] of Object.entries(entryFiles)) {
    const source = program.getSourceFile(file)
    if (source === undefined) throw new Error(`${entry}: ${file} is not in the program`)
    const moduleSymbol = checker.getSymbolAtLocation(source)
    // A file with no import or export is a script, not a module: it exports nothing.
    const exported = moduleSymbol === undefined ? [] : checker.getExportsOfModule(moduleSymbol)
    // Sorted by name alone (`Foo2` sorts before `Foo: type` as strings, after `Foo` as a name).
    result[entry] = [...exported]
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map((symbol) => `${symbol.name}: ${kindOf(checker, symbol)}`)
  }
  return result
}

const compilerOptions = (tsconfigPath: string): ts.CompilerOptions => {
  const parsed = ts.getParsedCommandLineOfConfigFile(tsconfigPath, {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"))
    }
  })
  if (parsed === undefined) throw new Error(`cannot read ${tsconfigPath}`)
  // Names need binding, not checking: no default library or ambient types, nothing emitted.
  return { ...parsed.options, noEmit: true, noLib: true, types: [], plugins: [] }
}

/**
 * A name's kind is read from its declaration, which is always in our sources (`kindOf` fails on a
 * name re-exported from a dependency), so dependencies are read as empty modules: parsing Effect's
 * declarations would triple the time for nothing.
 */
const ownSourcesOnly = (host: ts.CompilerHost): ts.CompilerHost => ({
  ...host,
  getSourceFile: (fileName, languageVersion, onError, shouldCreate) =>
    fileName.includes("/node_modules/")
      ? ts.createSourceFile(fileName, "export {}", languageVersion)
      : host.getSourceFile(fileName, languageVersion, onError, shouldCreate)
})

/**
 * `export * from "effect/..."` would read as exporting nothing from the empty stand-in, so any
 * re-export from a dependency fails loudly instead (`kindOf` catches the named ones).
 */
const refuseReExportedDependencies = (program: ts.Program, checker: ts.TypeChecker): void => {
  for (const source of program.getSourceFiles()) {
    if (source.fileName.includes("/node_modules/")) continue
    for (const statement of source.statements) {
      if (!ts.isExportDeclaration(statement) || statement.moduleSpecifier === undefined) continue
      const from = checker.getSymbolAtLocation(statement.moduleSpecifier)?.declarations?.[0]?.getSourceFile().fileName
      if (from === undefined || from.includes("/node_modules/")) {
        throw new Error(
          `${source.fileName} re-exports ${statement.moduleSpecifier.getText(source)}, not one of the sources`
        )
      }
    }
  }
}

const kindOf = (checker: ts.TypeChecker, symbol: ts.Symbol): ExportKind => {
  // One `export type` or `import type` anywhere along the chain of re-exports makes even a class
  // usable only as a type, so the whole chain is walked, not only its ends.
  let typeOnly = false
  let target = symbol
  while (target.flags & ts.SymbolFlags.Alias) {
    if ((target.declarations ?? []).some(ts.isTypeOnlyImportOrExportDeclaration)) typeOnly = true
    const next = checker.getImmediateAliasedSymbol(target)
    if (next === undefined) break
    target = next
  }
  const declared = target.declarations?.[0]?.getSourceFile().fileName ?? "an unresolved module"
  if (declared.includes("/node_modules/") || declared === "an unresolved module") {
    throw new Error(`${symbol.name} is declared in ${declared}, not in the sources: its kind cannot be read`)
  }
  if (target.flags & ts.SymbolFlags.ValueModule && !(target.flags & ts.SymbolFlags.Function)) {
    return typeOnly ? "type" : "namespace"
  }
  const value = !typeOnly && (target.flags & ts.SymbolFlags.Value) !== 0
  const type = (target.flags & ts.SymbolFlags.Type) !== 0
  return value && type ? "both" : value ? "value" : "type"
}
