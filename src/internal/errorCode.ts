/**
 * Reads the error code and message of an AWS JSON 1.1 error response, the way current AWS SDKs
 * for JavaScript do (spec 4.4, "Recommended TypeScript client algorithm").
 */

/** The parts of an error response the code is read from. Header names are lowercase. */
export interface ErrorResponse {
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/** The top-level members of a JSON object body, or the raw text when the body is anything else. */
const parseErrorBody = (body: string): Readonly<Record<string, unknown>> | string => {
  if (body.trim() === "") return {}
  try {
    const parsed: unknown = JSON.parse(body)
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? { ...parsed } : body.trim()
  } catch {
    // Proxies and load balancers answer with HTML or plain text; that text is the best message there is.
    return body.trim()
  }
}

const stringMember = (members: Readonly<Record<string, unknown>>, key: string): string | undefined => {
  const value = members[key]
  return typeof value === "string" ? value : undefined
}

/**
 * `aws.protocoltests.json#FooError:http://internal.amazon.com/...` -> `FooError`. A header may
 * carry the code twice, comma-joined, when a proxy merged duplicate headers.
 */
export const sanitizeErrorCode = (raw: string): string => {
  const beforeComma = raw.split(",")[0] ?? ""
  const beforeColon = beforeComma.split(":")[0] ?? ""
  return beforeColon.slice(beforeColon.lastIndexOf("#") + 1).trim()
}

/**
 * The sanitized error code: body `__type`, else a top-level body key equal to `code` in any case,
 * else header `x-amzn-errortype`; `Unknown` when none of them names one.
 */
export const extractErrorCode = (response: ErrorResponse): string => {
  const members = parseErrorBody(response.body)
  const fields = typeof members === "string" ? {} : members
  const codeKey = Object.keys(fields).find((key) => key.toLowerCase() === "code")
  const candidates = [
    stringMember(fields, "__type"),
    codeKey === undefined ? undefined : stringMember(fields, codeKey),
    response.headers["x-amzn-errortype"]
  ]
  for (const candidate of candidates) {
    const code = candidate === undefined ? "" : sanitizeErrorCode(candidate)
    if (code !== "") return code
  }
  return "Unknown"
}

/**
 * The error message: `message`, else `Message` (both occur in AWS JSON bodies), else `""`. A body
 * that is not a JSON object (an HTML error page, say) is its own message.
 */
export const extractErrorMessage = (body: string): string => {
  const members = parseErrorBody(body)
  if (typeof members === "string") return members
  return stringMember(members, "message") ?? stringMember(members, "Message") ?? ""
}
