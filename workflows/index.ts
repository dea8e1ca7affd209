/**
 * The project's registry (read by the toolkit: lib/project/project.ts): every workflow it
 * deploys, and the components they use that are not workflows. One line each.
 */
import { crmApi } from '../api';
import type { ProjectComponent } from '../lib/project/project';
import type { Workflow } from '../lib/workflow/declaration';
import { crmLead } from './crm-lead';
import { csvFanout } from './csv-fanout';
import { fileTransfer } from './file-transfer';
import { hello } from './hello';
import { messagePipeline } from './message-pipeline';

export const workflows: Workflow[] = [hello, crmLead, messagePipeline, csvFanout, fileTransfer];

export const components: ProjectComponent[] = [crmApi];
