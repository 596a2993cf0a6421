/**
 * YAML as aws-cli prints it: block style, list items flush with their key, strings quoted with
 * `'` when a YAML 1.1 reader (PyYAML, older tools) would take them for something else (`'3'`,
 * `'yes'`, timestamps), and no line folded. `yaml` (eemeli/yaml) does the quoting.
 */
import * as YAML from "yaml"

const options = { indentSeq: false, singleQuote: true, lineWidth: 0, version: "1.1" } as const

/** `value` as a YAML document (without `---`), ending in a newline. */
export const stringify = (value: unknown): string => YAML.stringify(value, options)
