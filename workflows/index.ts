/** Every workflow the project deploys. */
import type { Workflow } from '../lib/workflow/declaration';
import { crmLead } from './crm-lead';
import { csvFanout } from './csv-fanout';
import { fileTransfer } from './file-transfer';
import { hello } from './hello';
import { messagePipeline } from './message-pipeline';

export const workflows: Workflow[] = [hello, crmLead, messagePipeline, csvFanout, fileTransfer];
