/**
 * Redrive members of an execution (API reference, DescribeExecution: redriveCount,
 * redriveStatus, redriveStatusReason, redriveDate).
 */
import type { ExecutionRecord } from '../records';

/** DescribeExecution's redrive members. */
export function redriveOf(e: ExecutionRecord): { redriveCount: number; redriveStatus: string; redriveStatusReason?: string; redriveDate?: Date } {
  const status = e.result === null ? 'RUNNING' : e.result.status;
  if (status === 'RUNNING' || status === 'SUCCEEDED') return { redriveCount: 0, redriveStatus: 'NOT_REDRIVABLE', redriveStatusReason: `Execution is ${status} and cannot be redriven` };
  return { redriveCount: 0, redriveStatus: 'NOT_REDRIVABLE', redriveStatusReason: 'Redrive is not supported by the local endpoint' };
}
