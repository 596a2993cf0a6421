/**
 * Decodes a parsed DescribeAssociationExecutions or DescribeAssociationExecutionTargets body. A page as AWS sends it (known members of
 * the expected types, no nulls) is read by plain code at a fraction of the Schema's cost; anything
 * else goes to the Schema, which decides what it means and words any mismatch. The fast path only
 * ever accepts what the Schema accepts, with the same result (a property test holds it to that).
 *
 * One contract, not two shapes: which members each object has, in which order, under which wire
 * names and which may be absent is read from the Schema once, at load (by each line's
 * `../line/outputDecoder.ts`). The fast path adds only how to read each member, in tables the
 * compiler checks against the Schema's types; a member without a reader sends its page to the
 * Schema, so a member added to the Schema is never dropped.
 */
import {
  Alarm,
  AlarmConfiguration,
  AlarmStateInformation,
  AssociationExecution,
  DescribeAssociationExecutionsOutput
} from "../DescribeAssociationExecutions.js"
import {
  AssociationExecutionTarget,
  DescribeAssociationExecutionTargetsOutput,
  OutputSource
} from "../DescribeAssociationExecutionTargets.js"
import { schemaDecoder, shapeOf } from "../line/outputDecoder.js"
import { type Decoded, decoded } from "./decoded.js"
import {
  flag,
  list,
  listOrEmpty,
  nextToken,
  type Readers,
  repeatedText,
  structReader,
  text,
  timestamp,
  unusual
} from "./pageReader.js"

// Leaves first: each object's readers name the readers of the objects inside it.

const alarmReaders: Readers<Alarm> = { Name: text }
const alarmShape = shapeOf(Alarm, alarmReaders)

const triggeredAlarmReaders: Readers<AlarmStateInformation> = { Name: text, State: text }
const triggeredAlarmShape = shapeOf(AlarmStateInformation, triggeredAlarmReaders)

const alarmConfigurationReaders: Readers<AlarmConfiguration> = {
  IgnorePollAlarmFailure: flag,
  Alarms: listOrEmpty(structReader(alarmShape))
}
const alarmConfigurationShape = shapeOf(AlarmConfiguration, alarmConfigurationReaders)

const executionReaders: Readers<AssociationExecution> = {
  AssociationId: repeatedText(),
  AssociationVersion: repeatedText(),
  ExecutionId: text,
  Status: repeatedText(),
  DetailedStatus: repeatedText(),
  CreatedTime: timestamp,
  LastExecutionDate: timestamp,
  ResourceCountByStatus: repeatedText(),
  AlarmConfiguration: structReader(alarmConfigurationShape),
  TriggeredAlarms: list(structReader(triggeredAlarmShape))
}
const executionShape = shapeOf(AssociationExecution, executionReaders)

const pageReaders: Readers<DescribeAssociationExecutionsOutput> = {
  AssociationExecutions: listOrEmpty(structReader(executionShape)),
  NextToken: nextToken
}
// The output schema removes nulls before its members apply; the fast path reads no null (a null is
// not of any member's type), so on the pages it reads that step changes nothing and only the
// members are its to follow.
const pageShape = shapeOf(DescribeAssociationExecutionsOutput.to, pageReaders)

/** Every object the fast path reads: its Schema, readers and shape, for the tests that hold them together. */
export const shapes = {
  page: { schema: DescribeAssociationExecutionsOutput.to, readers: pageReaders, shape: pageShape },
  execution: { schema: AssociationExecution, readers: executionReaders, shape: executionShape },
  alarmConfiguration: {
    schema: AlarmConfiguration,
    readers: alarmConfigurationReaders,
    shape: alarmConfigurationShape
  },
  alarm: { schema: Alarm, readers: alarmReaders, shape: alarmShape },
  triggeredAlarm: { schema: AlarmStateInformation, readers: triggeredAlarmReaders, shape: triggeredAlarmShape }
}

// DescribeAssociationExecutionTargets: the same contract, its own objects.

const outputSourceReaders: Readers<OutputSource> = { OutputSourceId: text, OutputSourceType: text }
const outputSourceShape = shapeOf(OutputSource, outputSourceReaders)

const targetReaders: Readers<AssociationExecutionTarget> = {
  AssociationId: repeatedText(),
  AssociationVersion: repeatedText(),
  ExecutionId: repeatedText(),
  ResourceId: text,
  ResourceType: repeatedText(),
  Status: repeatedText(),
  DetailedStatus: repeatedText(),
  LastExecutionDate: timestamp,
  OutputSource: structReader(outputSourceShape)
}
const targetShape = shapeOf(AssociationExecutionTarget, targetReaders)

const targetsPageReaders: Readers<DescribeAssociationExecutionTargetsOutput> = {
  AssociationExecutionTargets: listOrEmpty(structReader(targetShape)),
  NextToken: nextToken
}
// As for executions: the nulls the output schema removes first are never read by the fast path.
const targetsPageShape = shapeOf(DescribeAssociationExecutionTargetsOutput.to, targetsPageReaders)

/** The targets page's objects, as {@link shapes} has the executions page's. */
export const targetShapes = {
  page: { schema: DescribeAssociationExecutionTargetsOutput.to, readers: targetsPageReaders, shape: targetsPageShape },
  target: { schema: AssociationExecutionTarget, readers: targetReaders, shape: targetShape },
  outputSource: { schema: OutputSource, readers: outputSourceReaders, shape: outputSourceShape }
}

/** The usual page read by `readPage`, else the Schema's decoding (and its account of a mismatch). */
const pageDecoder =
  <A>(readPage: (wire: unknown) => A | typeof unusual, decodeWithSchema: (body: unknown) => Decoded<A>) =>
  (body: unknown): Decoded<A> => {
    const usual = readPage(body)
    return usual === unusual ? decodeWithSchema(body) : decoded(usual)
  }

const readPage = structReader(pageShape)

/** The usual page decoded by plain code, or `undefined` when anything about it is unusual (a null included). */
export const decodeUsualPage = (body: unknown): DescribeAssociationExecutionsOutput | undefined => {
  const page = readPage(body)
  return page === unusual ? undefined : page
}

/** The decoded page, or the Schema's account of why the body is not one. */
export const decodeOutput: (body: unknown) => Decoded<DescribeAssociationExecutionsOutput> = pageDecoder(
  readPage,
  schemaDecoder(DescribeAssociationExecutionsOutput)
)

const readTargetsPage = structReader(targetsPageShape)

/** The usual targets page decoded by plain code, or `undefined` when anything about it is unusual. */
export const decodeUsualTargetsPage = (body: unknown): DescribeAssociationExecutionTargetsOutput | undefined => {
  const page = readTargetsPage(body)
  return page === unusual ? undefined : page
}

/** The decoded targets page, or the Schema's account of why the body is not one. */
export const decodeTargetsOutput: (body: unknown) => Decoded<DescribeAssociationExecutionTargetsOutput> = pageDecoder(
  readTargetsPage,
  schemaDecoder(DescribeAssociationExecutionTargetsOutput)
)
