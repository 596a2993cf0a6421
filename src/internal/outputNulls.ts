/**
 * Each answer with its `null` members removed where the model has members (AWS may send null for
 * absent), before the output schemas apply. Only the known levels are walked, so an unknown deeply
 * nested member costs nothing, and nothing is copied on the usual answer, which has no nulls.
 */
import { isObject, mapObjects, withMember, withoutNullMembers } from "./schemaParts.js"

const cleanAlarmConfiguration = (configuration: object): object => {
  const clean = withoutNullMembers(configuration)
  const alarms: unknown = Reflect.get(clean, "Alarms")
  return withMember(clean, "Alarms", alarms, mapObjects(alarms, withoutNullMembers))
}

const cleanExecution = (execution: object): object => {
  const clean = withoutNullMembers(execution)
  const configuration: unknown = Reflect.get(clean, "AlarmConfiguration")
  const withConfiguration = withMember(
    clean,
    "AlarmConfiguration",
    configuration,
    isObject(configuration) ? cleanAlarmConfiguration(configuration) : configuration
  )
  const triggered: unknown = Reflect.get(withConfiguration, "TriggeredAlarms")
  return withMember(withConfiguration, "TriggeredAlarms", triggered, mapObjects(triggered, withoutNullMembers))
}

/** A DescribeAssociationExecutions page: the top level, executions, alarm settings and alarms. */
export const executionsPageWithoutNulls = (page: unknown): unknown => {
  if (!isObject(page)) return page
  const clean = withoutNullMembers(page)
  const executions: unknown = Reflect.get(clean, "AssociationExecutions")
  return withMember(clean, "AssociationExecutions", executions, mapObjects(executions, cleanExecution))
}

const cleanTarget = (target: object): object => {
  const clean = withoutNullMembers(target)
  const source: unknown = Reflect.get(clean, "OutputSource")
  return withMember(clean, "OutputSource", source, isObject(source) ? withoutNullMembers(source) : source)
}

/** A DescribeAssociationExecutionTargets page: the top level, targets and their output sources. */
export const targetsPageWithoutNulls = (page: unknown): unknown => {
  if (!isObject(page)) return page
  const clean = withoutNullMembers(page)
  const targets: unknown = Reflect.get(clean, "AssociationExecutionTargets")
  return withMember(clean, "AssociationExecutionTargets", targets, mapObjects(targets, cleanTarget))
}

/** A GetCommandInvocation answer: the top level and the CloudWatch settings. */
export const invocationWithoutNulls = (answer: unknown): unknown => {
  if (!isObject(answer)) return answer
  const clean = withoutNullMembers(answer)
  const config: unknown = Reflect.get(clean, "CloudWatchOutputConfig")
  return withMember(clean, "CloudWatchOutputConfig", config, isObject(config) ? withoutNullMembers(config) : config)
}
