/**
 * Every name a public entry exports, type-only names included, read with the TypeScript compiler
 * API: `Object.keys(module)` sees only run-time names, so an `export type`/`export interface` could
 * appear or vanish without any test noticing.
 *
 * One Program is built over all the entry files given (their imports follow), and the checker's
 * `getExportsOfModule` lists each entry's names. To read another line of the API (e.g. an
 * `effect4` entry tree), call `readExportedNames` with that line's entry files.
 *
 * Updating the pins in `test/PublicApi.test.ts`: run that test; the failing assertion's diff shows
 * the names (as `name: kind`) added or removed; copy the "Received" list into the entry's literal.
 */
import { dirname, resolve } from "node:path"
import ts from "typescript"

/**
 * What an exported name is usable as: a run-time `value`, a compile-time `type`, `both` (a class,
 * an enum, or a schema constant with a type of the same name), or a `namespace` (`export * as`).
 */
export type ExportKind = "value" | "type" | "both" | "namespace"

/** Entry name (as in package.json `exports`) to that entry's names, each `name: kind`, sorted by name. */
export type ExportedNames = Record<string, ReadonlyArray<string>>

/** The source file behind each package.json `exports` entry: `./dist/X.d.ts` is built from `src/X.ts`. */
export const entryFilesFromPackageJson = (
  packageJsonPath: string,
  exportsMap: Readonly<Record<string, unknown>>
): Record<string, string> => {
  const root = dirname(packageJsonPath)
  const files: Record<string, string> = {}
  for (const entry of Object.keys(exportsMap)) {
    if (entry === "./package.json") continue
    files[entry] = resolve(root, "src", `${entry === "." ? "index" : entry.slice(2)}.ts`)
  }
  return files
}

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
