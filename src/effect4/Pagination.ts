/**
 * What the page and item streams take and deliver. Resume tokens are exact to the item: a stream
 * stopped by `maxItems` or by a failure continues from the first item it did not deliver, none
 * twice. Each page request is retried on its own; a stream is never restarted. Whatever the service
 * answers, a stream stays bounded: token loops and endless runs of empty pages end it with an error.
 */
export type {
  Failure,
  FailuresOptions,
  Page,
  PagesInput,
  PaginationOptions,
  TargetOutput,
  TargetsInput
} from "./internal/paginationTypes.js"
